from django.urls import path

from bashu.recognition import views

app_name = "recognition"

urlpatterns = [
    path("recognition/precheck/", views.precheck_page, name="precheck"),
    path("recognition/precheck/document/", views.precheck_document_page, name="precheck_document"),
    path("recognition/verify/", views.verify_page, name="verify"),
    path("recognition/certificate/", views.certificate_page, name="certificate"),
    path("recognition/desk/", views.desk_page, name="desk"),
    path("recognition/import/", views.import_page, name="import"),
    path("recognition/import/<uuid:run_id>/", views.import_status_page, name="import_status"),
]

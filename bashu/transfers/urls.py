from django.urls import path

from bashu.transfers import views

app_name = "transfers"

urlpatterns = [
    path("services/", views.service_hall, name="hall"),
    path("services/insurance-transfer/", views.insurance_transfer, name="insurance_transfer"),
    path("services/archive-transfer/", views.archive_transfer, name="archive_transfer"),
    path("services/submitted/<int:case_id>/", views.submitted, name="submitted"),
    path("cases/", views.case_queue, name="queue"),
    path("cases/<int:case_id>/", views.case_page, name="case"),
]

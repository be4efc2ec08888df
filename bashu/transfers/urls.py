from django.urls import path

from bashu.transfers import views

app_name = "transfers"

urlpatterns = [
    path("services/", views.service_hall, name="hall"),
    path("cases/", views.case_queue, name="queue"),
    path("cases/<int:case_id>/", views.case_page, name="case"),
]

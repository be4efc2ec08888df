from django.urls import path

from bashu.core.notifications import views

app_name = "notifications"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/<int:notification_id>/read/", views.mark_read, name="read"),
    path("messages/read/", views.mark_all_read, name="read_all"),
    path("messages/settings/", views.preferences, name="preferences"),
]

from django.urls import path

from bashu.analytics import views

app_name = "analytics"

urlpatterns = [
    path("indices/", views.dashboard, name="dashboard"),
    path("indices/bulletin/<str:period>/", views.bulletin, name="bulletin"),
    path("indices/export/<str:index>.<str:fmt>", views.export, name="export"),
]

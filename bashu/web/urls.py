from django.contrib.auth import views as auth_views
from django.urls import path

from bashu.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.me, name="me"),
    path("people/", views.people, name="people"),
    path("design/", views.design, name="design"),
]

from django.urls import path

from bashu.accounts import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/seeker/", views.signup_seeker, name="signup_seeker"),
    path("signup/employer/", views.signup_employer, name="signup_employer"),
    path("signup/done/", views.created, name="created"),
    path("start/", views.start, name="start"),
    path("password/change/", views.password_change, name="password_change"),
    path("password/reset/", views.reset_request, name="reset_request"),
    path("password/reset/code/", views.reset_confirm, name="reset_confirm"),
]

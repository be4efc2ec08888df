from django.urls import path

from bashu.jobs import views

app_name = "jobs"

urlpatterns = [
    path("jobs/", views.search_page, name="search"),
    path("jobs/<int:posting_id>/", views.posting_page, name="posting"),
    path("jobs/<int:posting_id>/apply/", views.apply_view, name="apply"),
    path("jobs/review/", views.review_queue, name="review"),
    path("jobs/review/<int:posting_id>/", views.review_decide, name="review_decide"),
    path(
        "jobs/review/<int:posting_id>/occupation/",
        views.occupation_confirm_view,
        name="occupation_confirm",
    ),
    path("seeker/", views.seeker_dashboard, name="seeker"),
    path("employer/", views.employer_dashboard, name="employer"),
    path("employer/postings/new/", views.posting_new, name="posting_new"),
    path("employer/postings/<int:posting_id>/edit/", views.posting_edit, name="posting_edit"),
    path(
        "employer/postings/<int:posting_id>/close/",
        views.posting_close_view,
        name="posting_close",
    ),
    path("employer/seekers/<int:seeker_id>/", views.seeker_cv, name="seeker_cv"),
    path("seeker/profile/", views.profile_edit, name="profile"),
    path("applications/<int:application_id>/status/", views.advance_view, name="advance"),
    path("fairs/", views.fairs_page, name="fairs"),
    path("jobs/alerts/", views.alerts_page, name="alerts"),
    path("jobs/alerts/new/", views.alert_save, name="alert_save"),
    path("jobs/alerts/<int:alert_id>/delete/", views.alert_delete, name="alert_delete"),
    path(
        "jobs/alerts/recommendations/", views.recommendations_toggle, name="alert_recommendations"
    ),
]

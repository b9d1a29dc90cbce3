from django.urls import path

from . import views

app_name = "quadrennial"

urlpatterns = [
    path("", views.my_reports, name="mine"),
    path("open/<int:organisation_id>/<int:period_start>/", views.report_open, name="open"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("secretariat/", views.secretariat_dashboard, name="secretariat"),
    path("committee/", views.committee_reports, name="committee"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<int:pk>/", views.session_lists, name="session"),
    path("entries/<int:pk>/decide/", views.entry_decide, name="entry-decide"),
]

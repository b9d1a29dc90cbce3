from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory.csv", views.directory_csv, name="directory-csv"),
    path("directory/<int:pk>/", views.organisation_profile, name="profile"),
    path("teams/", views.team_list, name="team-list"),
    path("teams/<int:pk>/", views.team_detail, name="team-detail"),
    path("teams/<int:pk>/roster/add/", views.roster_add, name="roster-add"),
    path("teams/<int:pk>/roster/<int:entry_pk>/remove/", views.roster_remove, name="roster-remove"),
    path("teams/<int:pk>/engagements/new/", views.engagement_new, name="engagement-new"),
    path("teams/<int:pk>/committee/", views.committee_manage, name="committee-manage"),
    path("committees/", views.committee_list, name="committee-list"),
    path("committees/<int:pk>/", views.committee_public, name="committee-public"),
    path("inquiries/", views.inquiry_list, name="inquiry-list"),
    path("inquiries/new/", views.inquiry_new, name="inquiry-new"),
    path("inquiries/queue/", views.inquiry_queue, name="inquiry-queue"),
    path("inquiries/<int:pk>/", views.inquiry_detail, name="inquiry-detail"),
    path("liaison/", views.liaison, name="liaison"),
    path("liaison/<int:pk>/", views.liaison_detail, name="liaison-detail"),
    path("reform/", views.tracker, name="tracker"),
    path("reform/measures/", views.measures, name="measures"),
    path("reform/measures.csv", views.measures_csv, name="measures-csv"),
    path("reform.csv", views.tracker_csv, name="tracker-csv"),
    path("reform.pdf", views.tracker_pdf, name="tracker-pdf"),
    path("reform/<str:kind>/<int:pk>/", views.tracker_edit, name="tracker-edit"),
    path("reform/<str:kind>/<int:pk>/history/", views.tracker_history, name="tracker-history"),
]

from django.urls import path

from . import views

app_name = "trustfund"

urlpatterns = [
    path("", views.fund_list, name="funds"),
    path("funds/<slug:code>/", views.fund_detail, name="fund"),
    path("funds/<slug:code>/merge/", views.fund_merge, name="fund-merge"),
    path("contributions/", views.contribution_list, name="contributions"),
    path("contributions/new/", views.contribution_new, name="contribution-new"),
    path("pledges/new/", views.pledge_new, name="pledge-new"),
    path("calls/", views.call_list, name="calls"),
    path("calls/new/", views.call_new, name="call-new"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:pk>/apply/", views.application_new, name="apply"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/<slug:action>/", views.application_action, name="application-action"),
    path("reports/<slug:code>/", views.report, name="report"),
    path("reports/<slug:code>/report.csv", views.report_csv, name="report-csv"),
    path("reports/<slug:code>/report.pdf", views.report_pdf, name="report-pdf"),
    path("initiatives/", views.initiative_list, name="initiatives"),
    path("initiatives/<int:pk>/<slug:action>/", views.initiative_action, name="initiative-action"),
]

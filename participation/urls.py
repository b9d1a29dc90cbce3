from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("calendar.ics", views.calendar_ics, name="calendar-ics"),
    path("meetings/new/", views.meeting_edit, name="meeting-new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/register/", views.meeting_register, name="meeting-register"),
    path("meetings/<int:pk>/invite/", views.meeting_invite, name="meeting-invite"),
    path("meetings/<int:pk>/registrations/", views.meeting_registrations, name="meeting-registrations"),
    path("meetings/<int:pk>/statements/new/", views.statement_new, name="statement-new"),
    path("meetings/<int:pk>/statements/", views.statement_review, name="statement-review"),
    path("meetings/<int:pk>/speak/", views.speak_request, name="speak-request"),
    path("meetings/<int:pk>/speakers/", views.speakers_builder, name="speakers-builder"),
    path("representatives/", views.representatives, name="representatives"),
    path("designations/<int:pk>/revoke/", views.designation_revoke, name="designation-revoke"),
    path("registrations/", views.my_registrations, name="my-registrations"),
    path("registrations/<int:pk>/badge.pdf", views.registration_badge, name="registration-badge"),
    path("registrations/<int:pk>/<str:action>/", views.registration_action, name="registration-action"),
    path("check-in/", views.check_in, name="check-in"),
    path("statements/<int:pk>/", views.statement_detail, name="statement-detail"),
    path("statements/<int:pk>/pdf/", views.statement_pdf_view, name="statement-pdf"),
    path("statements/<int:pk>/<str:action>/", views.statement_action, name="statement-action"),
    path("consultations/", views.consultation_list, name="consultation-list"),
    path("consultations/new/", views.consultation_new, name="consultation-new"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation-detail"),
    path("consultations/<int:pk>/results/", views.consultation_results, name="consultation-results"),
    path("consultations/<int:pk>/results.csv", views.consultation_csv, name="consultation-csv"),
]

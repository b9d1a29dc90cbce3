from django.urls import path

from . import views

app_name = "accreditation"

urlpatterns = [
    path("criteria/", views.criteria_public, name="criteria"),
    path("organisations/register/", views.organisation_register, name="organisation-register"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("organisations/<int:pk>/profile/", views.organisation_decide_profile, name="organisation-profile"),
    path("organisations/<int:pk>/changes/new/", views.organisation_change_new, name="change-new"),
    path("changes/", views.changes_list, name="changes"),
    path("applications/", views.my_applications, name="my-applications"),
    path("applications/new/", views.application_new, name="application-new"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/answers/", views.application_answers, name="application-answers"),
    path("applications/<int:pk>/documents/", views.application_document, name="application-document"),
    path("applications/<int:pk>/documents/<slug:kind>/", views.document_download, name="document"),
    path("applications/<int:pk>/requests/<int:request_pk>/answer/", views.request_answer, name="request-answer"),
    path("applications/<int:pk>/attachments/<int:attachment_pk>/", views.answer_attachment,
         name="answer-attachment"),
    path("applications/<int:pk>/take/", views.application_take, name="take"),
    path("applications/<int:pk>/prescreen/", views.prescreen, name="prescreen"),
    path("applications/<int:pk>/<slug:action>/", views.application_action, name="application-action"),
    path("queue/", views.queue, name="queue"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("lists/<int:pk>/", views.list_detail, name="list"),
    path("lists/<int:pk>/export.<str:fmt>", views.list_export, name="list-export"),
    path("lists/<int:pk>/applications/<int:application_pk>/", views.dossier, name="dossier"),
]

"""Every e-mail a person waits for, one function per message.

A service calls the message's function inside its transaction; the function
queues the send for after commit (`_queue`, the one place that will route
through the transactional outbox). The task re-reads the rows, renders each
recipient's copy in that person's language (`user.preferred_language`) with a
link built from `settings.SITE_URL`, and sends it.

Messages (each: function here, builder below, templates in
templates/notifications/<name>_subject.txt and <name>.txt):

- application_received        the NGO's application is received, with its reference
- application_state_changed   each state of its application the NGO sees change
- organisation_status_changed status granted / reclassified / suspended / reinstated / withdrawn
- grant_decided               a travel grant awarded, refused (or waitlisted)

Sent elsewhere, each already in one place: the request for information
(accreditation.tasks), the registration notice with the pass
(participation.tasks), the inquiry acknowledgement and updates
(partnerships.tasks), the quadrennial reminders and the e-mail verification.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

# --------------------------------------------------------------- queueing


def _queue(name: str, object_id: int, **data):
    """After the write commits, send message `name` about row `object_id`."""
    from .tasks import send_notification

    transaction.on_commit(lambda: send_notification.delay(name, object_id, data))


def application_received(application):
    _queue("application_received", application.pk)


def application_state_changed(application, *, from_state: str, to_state: str):
    _queue("application_state_changed", application.pk, from_state=from_state, to_state=to_state)


def organisation_status_changed(organisation, *, transition: str, effective_on):
    _queue("organisation_status_changed", organisation.pk, transition=transition,
           effective_on=effective_on.isoformat())


def grant_decided(grant_application, *, outcome: str):
    _queue("grant_decided", grant_application.pk, outcome=outcome)


# --------------------------------------------------------------- building


@dataclass
class Mail:
    """One recipient's copy: who, in which language, and what it says."""

    email: str
    language: str
    context: dict
    attachments: list = field(default_factory=list)  # (filename, bytes, mimetype)


def link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _members(organisation):
    return [(u.email, u.preferred_language, u) for u in organisation.members.filter(is_active=True).exclude(email="")]


def _application_mails(application_id, **extra):
    from accreditation.models import Application

    app = Application.objects.select_related("organisation", "session").filter(pk=application_id).first()
    if app is None:
        return []
    ctx = {"application": app, "organisation": app.organisation, "reference": app.reference,
           "link": link(reverse("accreditation:application", args=[app.pk])), **extra}
    return [Mail(email, lang, {**ctx, "user": user}) for email, lang, user in _members(app.organisation)]


def _build_application_received(application_id):
    return _application_mails(application_id)


def _build_application_state_changed(application_id, *, from_state, to_state):
    from accreditation.workflow import APPLICATION

    mails = _application_mails(application_id, from_state=from_state, to_state=to_state)
    for mail in mails:
        mail.context["state_value"] = to_state
        mail.context["state_of"] = APPLICATION.states[to_state]
    return mails


def _build_organisation_status_changed(organisation_id, *, transition, effective_on):
    import datetime

    from accreditation.models import Organisation

    org = Organisation.objects.filter(pk=organisation_id).first()
    if org is None:
        return []
    from accreditation.workflow import ORGANISATION_STATUS

    ctx = {"organisation": org, "transition": transition, "effective_on": datetime.date.fromisoformat(effective_on),
           "status_label": ORGANISATION_STATUS.states[org.status_state].public_label,
           "link": link(reverse("accreditation:organisation", args=[org.pk]))}
    return [Mail(email, lang, {**ctx, "user": user}) for email, lang, user in _members(org)]


def _build_grant_decided(grant_id, *, outcome):
    from trustfund.models import GrantApplication

    app = (GrantApplication.objects.select_related("organisation", "representative", "call__meeting", "submitted_by")
           .filter(pk=grant_id).first())
    if app is None:
        return []
    ctx = {"grant": app, "outcome": outcome, "meeting": app.call.meeting,
           "link": link(reverse("trustfund:application", args=[app.pk]))}
    recipients = {email: (lang, user) for email, lang, user in _members(app.organisation)}
    if app.submitted_by and app.submitted_by.email:
        recipients.setdefault(app.submitted_by.email, (app.submitted_by.preferred_language, app.submitted_by))
    return [Mail(email, lang, {**ctx, "user": user}) for email, (lang, user) in recipients.items()]


BUILDERS = {
    "application_received": _build_application_received,
    "application_state_changed": _build_application_state_changed,
    "organisation_status_changed": _build_organisation_status_changed,
    "grant_decided": _build_grant_decided,
}


def render(name: str, mail: Mail) -> EmailMessage:
    with translation.override(mail.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"notifications/{name}_subject.txt", mail.context).split())
        body = render_to_string(f"notifications/{name}.txt", mail.context)
        language = translation.get_language()
    message = EmailMessage(subject, body, None, [mail.email], headers={"Content-Language": language})
    for filename, content, mimetype in mail.attachments:
        message.attach(filename, content, mimetype)
    return message


def deliver(name: str, object_id: int, data: dict | None = None) -> int:
    """Build and send every copy of one message (what the task runs)."""
    mails = BUILDERS[name](object_id, **(data or {}))
    if not mails:
        return 0
    messages = [render(name, m) for m in mails]
    with get_connection() as connection:
        return connection.send_messages(messages) or 0

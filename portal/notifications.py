"""Every e-mail a person waits for, one function per message.

A service calls the message's function inside its transaction; the function
(`_queue`, the one place) reads the rows, renders each recipient's copy in
that person's language (`user.preferred_language`) with a link built from
`settings.SITE_URL`, and writes it to the transactional outbox
(portal/outbox.py) in the same transaction: it is sent after commit by a
worker, retried, and marked sent only when the mail server accepted it.

Messages (each: function here, builder below, templates in
templates/notifications/<name>_subject.txt and <name>.txt):

- application_received        the NGO's application is received, with its reference
- application_state_changed   each state of its application the NGO sees change
- organisation_status_changed status granted / reclassified / suspended / reinstated / withdrawn
- grant_decided               a travel grant awarded, refused (or waitlisted)

Sent elsewhere through the same outbox, each in one place: the request for
information (accreditation.services), the registration notice with the pass
(participation.services), the inquiry acknowledgement and updates
(partnerships.services), the quadrennial reminders and the e-mail
verification.
"""

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse

from . import outbox

# --------------------------------------------------------------- queueing


def _queue(name: str, object_id: int, **data):
    """Queue every copy of message `name` about row `object_id` in the
    outbox, in the caller's transaction (one event: one key per recipient)."""
    event = uuid.uuid4().hex[:16]
    outbox.enqueue([
        outbox.email(to=[mail.email], subject_template=f"notifications/{name}_subject.txt",
                     body_template=f"notifications/{name}.txt", context=mail.context, language=mail.language,
                     attachments=mail.attachments, key=f"notification:{name}:{object_id}:{event}:{mail.email}")
        for mail in BUILDERS[name](object_id, **data)])


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
    attachments: list = field(default_factory=list)  # outbox.attachment(...): rendered when sent


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

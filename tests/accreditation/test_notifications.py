import datetime

import pytest

from accreditation import services
from portal import outbox
from tests.accreditation.factories import make_ready_application, officer


@pytest.mark.django_db
def test_the_ngo_is_emailed_what_is_asked_by_whom_and_by_when_once(mailoutbox, django_capture_on_commit_callbacks):
    app, user = make_ready_application()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=app, by=user)
    mailoutbox.clear()
    due = datetime.date.today() + datetime.timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        req = services.application_request_information(application=app, by=officer(),
                                                       question="Please send your audited accounts for 2025.",
                                                       due_on=due)
    assert [m.to for m in mailoutbox] == [[user.email]]
    body = mailoutbox[0].body
    assert "Please send your audited accounts for 2025." in body
    assert "Asked by: Secretariat" in body
    assert f"/accreditation/applications/{app.pk}/" in body
    assert str(due.year) in mailoutbox[0].subject
    req.refresh_from_db()
    assert req.notified_at is not None  # marked once the mail server accepted it
    # A second delivery (a retry, a second worker, the relay) sends nothing.
    assert outbox.relay()["sent"] == 0
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_committee_question_is_emailed_to_the_ngo(listed, mailoutbox, django_capture_on_commit_callbacks):
    app, ngo, session, member = (listed[k] for k in ("app", "ngo", "session", "member"))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.committee_ask_question(application=app, session=session, by=member,
                                        question="Who funds your field programmes?")
    assert [m.to for m in mailoutbox] == [[ngo.email]]
    assert "Who funds your field programmes?" in mailoutbox[0].body
    assert "closed without prejudice" in mailoutbox[0].body

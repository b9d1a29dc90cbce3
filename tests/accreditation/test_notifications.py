import datetime

import pytest

from accreditation import services
from portal import outbox
from tests.accreditation.factories import make_ready_application, officer, session_has_met


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


# -- the messages of portal.notifications: queued with the write, in the
#    recipient's language, with a working link built from SITE_URL --

from accreditation.models import Application  # noqa: E402
from accreditation.status import organisation_change_status  # noqa: E402
from tests.accreditation.factories import prescreen  # noqa: E402
from tests.utils_mail import SITE, assert_language, assert_link_works  # noqa: E402


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    return SITE


@pytest.mark.django_db
def test_application_received_is_emailed_with_its_reference_after_commit(
        site, client, mailoutbox, django_capture_on_commit_callbacks):
    app, user = make_ready_application()
    user.preferred_language = "fr"
    user.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.application_submit(application=app, by=user)
    assert mailoutbox == []  # nothing leaves before the write commits
    for callback in callbacks:
        callback()
    received = [m for m in mailoutbox if app.reference in m.subject]
    assert [m.to for m in received] == [[user.email]]
    app.refresh_from_db()
    assert app.reference == f"ACC-{app.received_on.year}-{app.pk:05d}"
    assert app.reference in received[0].body
    assert_language(received[0], "fr", "Portail des ONG — Nations Unies")
    assert_link_works(client, user, received[0], expect_path_start=f"/accreditation/applications/{app.pk}/")


@pytest.mark.django_db
def test_each_state_the_ngo_sees_change_is_emailed_in_its_language(
        site, client, secretariat, member, mailoutbox, django_capture_on_commit_callbacks):
    app, user = make_ready_application()
    user.preferred_language = "fr"
    user.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=app, by=user)
    mailoutbox.clear()
    # Pre-screening completed: the NGO sees "awaiting the Committee's review".
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        prescreen(app, secretariat)
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    app.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        clist = services.consolidated_list_build(session=app.session, by=secretariat)
        services.consolidated_list_publish(consolidated_list=clist, by=secretariat)
        services.decision_record(application=app, session=app.session, by=member, outcome="special")
    session_has_met(app.session)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_publish_decisions(session=app.session, by=secretariat)
    assert [m.to for m in mailoutbox] == [[user.email]]
    message = mailoutbox[0]
    assert_language(message, "fr", "Recommandée par le Comité, en attente d’adoption")
    assert app.reference in message.subject
    assert_link_works(client, user, message, expect_path_start=f"/accreditation/applications/{app.pk}/")


@pytest.mark.django_db
def test_a_pending_decision_tells_nobody_until_it_is_published(listed, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    app, session, member, secretariat = (listed[k] for k in ("app", "session", "member", "officer"))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_record(application=app, session=session, by=member, outcome="defer", reason="Questions.")
    assert mailoutbox == []
    session_has_met(session)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_publish_decisions(session=session, by=secretariat)
    assert len(mailoutbox) == 1  # prescreened -> deferred: seen, told once
    assert "Deferred" in mailoutbox[0].subject


@pytest.mark.django_db
@pytest.mark.parametrize("transition, phrase", [
    ("grant", "Dotée du statut consultatif"), ("suspend", "Statut suspendu"), ("reinstate", "Dotée du statut consultatif"),
    ("withdraw", "Statut retiré"),
])
def test_status_granted_suspended_reinstated_withdrawn_is_emailed(
        site, client, secretariat, transition, phrase, mailoutbox, django_capture_on_commit_callbacks):
    import datetime as dt

    from tests.accreditation.factories import make_org

    org, user = make_org(approve_by=secretariat)
    user.preferred_language = "fr"
    user.save(update_fields=["preferred_language"])
    on = dt.date(2025, 7, 25)
    before = {"grant": [], "suspend": ["grant"], "reinstate": ["grant", "suspend"], "withdraw": ["grant"]}
    with django_capture_on_commit_callbacks(execute=True):
        for step in before[transition]:
            organisation_change_status(organisation=org, transition=step, by=secretariat, on=on, reason="Earlier.",
                                       category="special")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        organisation_change_status(organisation=org, transition=transition, by=secretariat, on=on,
                                   reason="Decision of the Council.", category="special")
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in mailoutbox] == [[user.email]]
    message = mailoutbox[0]
    assert message.extra_headers["Content-Language"] == "fr"
    assert_language(message, "fr", phrase, "Bonjour")
    assert "25" in message.body and "2025" in message.body  # the date it takes effect
    assert_link_works(client, user, message, expect_path_start=f"/accreditation/organisations/{org.pk}/")


@pytest.mark.django_db
def test_application_reference_is_shown_to_the_ngo(client, django_capture_on_commit_callbacks):
    app, user = make_ready_application()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=app, by=user)
    app = Application.objects.get(pk=app.pk)
    client.force_login(user)
    assert app.reference in client.get(f"/accreditation/applications/{app.pk}/").content.decode()

"""The dates around a committee session: decisions are published only once
the session has met, adoption is recorded only on or after publication (not
in the future, not before the session), nothing is assigned to a closed
session, and the carry-over and 48-hour closure keep working across these
guards. Each rule is tested the day before, on, and after, across year ends."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from accreditation import services
from accreditation.models import Application, Decision, Organisation, Session
from accreditation.sessions import next_session, session_get_or_create
from portal.models import AuditEntry
from portal.roles import Role
from tests.accreditation.factories import (
    make_ready_application,
    ngo_committee,
    prescreen,
    publish_decisions,
)
from tests.factories import UserFactory

D = datetime.date


def _evening(day):
    return datetime.datetime.combine(day, datetime.time(18), tzinfo=timezone.get_current_timezone())


def _move(session, starts_on, ends_on):
    Session.objects.filter(pk=session.pk).update(starts_on=starts_on, ends_on=ends_on)
    session.refresh_from_db()
    return session


def _day(d):
    return date_format(d, "DATE_FORMAT")


# ------------------------------------------------------------------ publication


@pytest.mark.django_db
@pytest.mark.parametrize(("publish_on", "allowed"), [
    (D(2028, 12, 31), False),  # the day before the session's first day (across the year end)
    (D(2029, 1, 1), True),     # its first day
    (D(2029, 1, 2), True),     # the day after
])
def test_decisions_are_published_only_once_the_session_has_met(listed, publish_on, allowed):
    app, session, officer, member = (listed[k] for k in ("app", "session", "officer", "member"))
    _move(session, D(2029, 1, 1), D(2029, 1, 12))
    services.decision_record(application=app, session=session, by=member, outcome="special")
    if not allowed:
        with pytest.raises(ValidationError) as exc:
            services.session_publish_decisions(session=session, by=officer, now=_evening(publish_on))
        assert exc.value.messages == [
            f"The decisions of {session} can be published only once the session has met: from its first day, "
            f"{_day(D(2029, 1, 1))} (today is {_day(publish_on)})."]
        session.refresh_from_db()
        assert session.decisions_published_at is None
        assert Decision.objects.get(application=app).state == "pending"
        assert Application.objects.get(pk=app.pk).state == "prescreened"
        return
    services.session_publish_decisions(session=session, by=officer, now=_evening(publish_on))
    session.refresh_from_db()
    assert timezone.localdate(session.decisions_published_at) == publish_on
    assert Application.objects.get(pk=app.pk).state == "recommended"


@pytest.mark.django_db
def test_a_session_two_years_ahead_cannot_be_published_or_adopted_today(listed):
    """The reported case: a 2028 session's decisions published and adopted in 2026 granted status."""
    app, session, officer, member = (listed[k] for k in ("app", "session", "officer", "member"))
    assert session.starts_on > timezone.localdate()
    services.decision_record(application=app, session=session, by=member, outcome="special")
    with pytest.raises(ValidationError):
        services.session_publish_decisions(session=session, by=officer)
    with pytest.raises(ValidationError):
        services.session_adopt_decisions(session=session, by=officer, on=timezone.localdate())
    org = Organisation.objects.get(pk=app.organisation_id)
    assert (org.status_state, Application.objects.get(pk=app.pk).state) == ("none", "prescreened")


@pytest.mark.django_db
def test_an_administrator_may_publish_early_with_a_reason_and_it_is_audited(listed):
    app, session, officer, member = (listed[k] for k in ("app", "session", "officer", "member"))
    services.decision_record(application=app, session=session, by=member, outcome="roster")
    admin = UserFactory(role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        services.session_publish_decisions(session=session, by=officer, override_reason="The chair asked.")
    services.session_publish_decisions(session=session, by=admin,
                                       override_reason="Session held early by decision 2028/201.")
    entry = AuditEntry.objects.for_object(session).get(action="session.publish_decisions")
    assert (entry.actor, entry.reason) == (admin, "Session held early by decision 2028/201.")
    assert "once the session has met" in entry.data["override"]
    assert Application.objects.get(pk=app.pk).state == "recommended"


# --------------------------------------------------------------------- adoption


@pytest.fixture
def published(listed):
    """Decisions recorded and published on 31 December 2028 (a session moved to December)."""
    app, session, officer, member = (listed[k] for k in ("app", "session", "officer", "member"))
    _move(session, D(2028, 12, 14), D(2028, 12, 31))
    services.decision_record(application=app, session=session, by=member, outcome="special")
    services.session_publish_decisions(session=session, by=officer, now=_evening(D(2028, 12, 31)))
    session.refresh_from_db()
    return listed


@pytest.mark.django_db
@pytest.mark.parametrize(("on", "allowed"), [
    (D(2028, 12, 30), False),  # the day before publication
    (D(2028, 12, 31), True),   # the day of publication
    (D(2029, 1, 1), True),     # the day after (across the year end)
])
def test_adoption_is_recorded_only_on_or_after_publication(published, on, allowed):
    session, officer, app = published["session"], published["officer"], published["app"]
    if not allowed:
        with pytest.raises(ValidationError) as exc:
            services.session_adopt_decisions(session=session, by=officer, on=on, today=D(2029, 3, 1))
        assert exc.value.message_dict["on"] == [
            f"The date of adoption, {_day(on)}, is before the decisions were published ({_day(D(2028, 12, 31))})."]
        assert Organisation.objects.get(pk=app.organisation_id).status_state == "none"
        return
    assert services.session_adopt_decisions(session=session, by=officer, on=on, today=D(2029, 3, 1)) == 1
    org = Organisation.objects.get(pk=app.organisation_id)
    assert (org.status_state, org.status_granted_on) == ("active", on)


@pytest.mark.django_db
@pytest.mark.parametrize(("today", "allowed"), [
    (D(2028, 12, 31), False),  # adoption dated tomorrow
    (D(2029, 1, 1), True),     # adoption dated today
    (D(2029, 1, 2), True),     # adoption dated yesterday
])
def test_adoption_is_never_dated_in_the_future(published, today, allowed):
    session, officer = published["session"], published["officer"]
    on = D(2029, 1, 1)
    if not allowed:
        with pytest.raises(ValidationError) as exc:
            services.session_adopt_decisions(session=session, by=officer, on=on, today=today)
        assert exc.value.message_dict["on"] == [
            f"The date of adoption, {_day(on)}, is in the future (today is {_day(today)})."]
        session.refresh_from_db()
        assert session.decisions_adopted_on is None
        return
    services.session_adopt_decisions(session=session, by=officer, on=on, today=today)
    session.refresh_from_db()
    assert session.decisions_adopted_on == on


@pytest.mark.django_db
def test_adoption_before_the_session_met_is_refused_even_after_an_early_publication(listed):
    app, session, officer, member = (listed[k] for k in ("app", "session", "officer", "member"))
    services.decision_record(application=app, session=session, by=member, outcome="special")
    admin = UserFactory(role=Role.ADMIN)
    services.session_publish_decisions(session=session, by=admin, override_reason="Held early.")
    day_before = session.starts_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.session_adopt_decisions(session=session, by=officer, on=day_before, today=session.ends_on)
    assert f"is before the session met ({_day(session.starts_on)})" in exc.value.messages[0]
    assert services.session_adopt_decisions(session=session, by=officer, on=session.starts_on,
                                            today=session.ends_on) == 1


@pytest.mark.django_db
def test_an_administrators_adoption_override_keeps_the_reason(published):
    session = published["session"]
    admin = UserFactory(role=Role.ADMIN)
    services.session_adopt_decisions(session=session, by=admin, on=D(2028, 12, 20), today=D(2029, 1, 5),
                                     reference="E/2029/9", override_reason="ECOSOC adopted before publication.")
    entry = AuditEntry.objects.for_object(session).get(action="session.adopt_decisions")
    assert entry.data["override_reason"] == "ECOSOC adopted before publication."
    assert len(entry.data["override"]) == 1


# ------------------------------------------------- assignment to open sessions


def _submit(user, app, today, capture):
    with capture(execute=True):
        services.application_submit(application=app, by=user, today=today)
    app.refresh_from_db()
    return app


@pytest.mark.django_db
def test_an_application_received_after_its_nominal_session_closed_goes_to_the_next_open_one(
        secretariat, django_capture_on_commit_callbacks):
    committee = ngo_committee()
    nominal = session_get_or_create(committee=committee, year=2027, kind="regular")
    admin = UserFactory(role=Role.ADMIN)
    services.session_publish_decisions(session=nominal, by=admin, override_reason="Held early.")
    app, user = make_ready_application(registered_years_ago=6)
    app = _submit(user, app, D(2026, 5, 31), django_capture_on_commit_callbacks)  # 1 June rule: regular 2027
    assert (app.session.year, app.session.kind) == (2027, "resumed")
    # ...and when that one is closed too, the one after it.
    services.session_publish_decisions(session=app.session, by=admin, override_reason="Held early.")
    later, user2 = make_ready_application(registered_years_ago=6)
    later = _submit(user2, later, D(2026, 6, 1), django_capture_on_commit_callbacks)
    assert (later.session.year, later.session.kind) == (2028, "regular")


@pytest.mark.django_db
def test_a_session_that_ended_before_the_application_arrived_is_skipped(secretariat,
                                                                         django_capture_on_commit_callbacks):
    nominal = session_get_or_create(committee=ngo_committee(), year=2027, kind="regular")
    _move(nominal, D(2026, 5, 20), D(2026, 5, 30))  # staff moved it; it ended the day before
    app, user = make_ready_application(registered_years_ago=6)
    app = _submit(user, app, D(2026, 5, 31), django_capture_on_commit_callbacks)
    assert (app.session.year, app.session.kind) == (2027, "resumed")
    on_last_day, user2 = make_ready_application(registered_years_ago=6)
    _move(nominal, D(2026, 5, 20), D(2026, 5, 31))
    on_last_day = _submit(user2, on_last_day, D(2026, 5, 31), django_capture_on_commit_callbacks)
    assert on_last_day.session == nominal


@pytest.mark.django_db
def test_publication_moves_applications_still_in_prescreening_to_the_next_session_without_a_deferral(
        listed, django_capture_on_commit_callbacks):
    session, officer = listed["session"], listed["officer"]
    late, user = make_ready_application()
    late = _submit(user, late, timezone.localdate(), django_capture_on_commit_callbacks)
    assert (late.session, late.state) == (session, "prescreening")
    counts = publish_decisions(session, officer)
    assert counts == {"carried_over": 1, "moved": 1}
    late.refresh_from_db()
    assert (late.session, late.state, late.times_deferred) == (next_session(session), "prescreening", 0)
    assert AuditEntry.objects.for_object(late).filter(action="application.move_session").count() == 1
    # Its pre-screening ends at the next session, whose list it joins.
    prescreen(late, officer)
    clist = services.consolidated_list_build(session=late.session, by=officer)
    assert late.pk in set(clist.entries.values_list("application_id", flat=True))


@pytest.mark.django_db
def test_deferred_applications_carry_over_past_a_closed_session_and_the_48_hour_closure_follows(listed):
    app, session, officer, member = (listed[k] for k in ("app", "session", "officer", "member"))
    following = next_session(session)
    admin = UserFactory(role=Role.ADMIN)
    services.session_publish_decisions(session=following, by=admin, override_reason="Held early.")
    req = services.committee_ask_question(application=app, session=session, by=member, question="Budget?")
    after = next_session(following)
    assert req.due_on == after.starts_on - datetime.timedelta(days=3)
    publish_decisions(session, officer)
    app.refresh_from_db()
    assert (app.state, app.session, app.times_deferred) == ("deferred", after, 1)
    starts = datetime.datetime.combine(after.starts_on, datetime.time.min, tzinfo=timezone.get_current_timezone())
    assert services.close_unanswered_applications(now=starts - datetime.timedelta(hours=49)) == []
    assert services.close_unanswered_applications(now=starts - datetime.timedelta(hours=48)) == [app.pk]


@pytest.mark.django_db
def test_the_page_says_from_when_decisions_can_be_published(listed, client):
    session, officer = listed["session"], listed["officer"]
    client.force_login(officer)
    url = f"/accreditation/sessions/{session.pk}/"
    body = client.get(url).content.decode()
    assert 'data-testid="publication-problem"' in body
    assert "End of session: publish all decisions" not in body
    response = client.post(url, {"action": "publish_decisions"}, follow=True)
    assert "can be published only once the session has met" in response.content.decode()
    session.refresh_from_db()
    assert session.decisions_published_at is None
    client.force_login(UserFactory(role=Role.ADMIN))
    body = client.get(url).content.decode()
    assert "End of session: publish all decisions" in body and "id_override_reason" in body
    page = client.post(url, {"action": "publish_decisions", "override_reason": "Held early by decision 2028/1."})
    assert 'value="Held early by decision 2028/1."' in page.content.decode()  # carried to the confirmation
    session.refresh_from_db()
    assert session.decisions_published_at is None
    client.post(url, {"action": "publish_decisions", "override_reason": "Held early by decision 2028/1.",
                      "confirmed": "yes"})
    session.refresh_from_db()
    assert session.decisions_published_at is not None


@pytest.mark.django_db
def test_the_adoption_form_refuses_a_future_date_and_names_it(listed, client):
    session, officer, app, member = (listed[k] for k in ("session", "officer", "app", "member"))
    services.decision_record(application=app, session=session, by=member, outcome="special")
    publish_decisions(session, officer)
    client.force_login(officer)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(f"/accreditation/sessions/{session.pk}/", {"action": "adopt", "on": tomorrow.isoformat()},
                           follow=True)
    assert f"The date of adoption, {_day(tomorrow)}, is in the future" in response.content.decode()
    assert Organisation.objects.get(pk=app.organisation_id).status_state == "none"


"""The whole nine-year lifecycle under frozen time: status granted → report
due → reminders → overdue → suspension → late filing → reinstatement; a
second organisation through to withdrawal (only after the full year of
suspension) and the three-year bar; a third that files during its year of
suspension after the Committee recorded a pending withdrawal, and is
reinstated all the same."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from freezegun import freeze_time

from accreditation.models import StatusChange
from accreditation.quadrennial import services
from accreditation.quadrennial.models import LifecycleEntry, QuadrennialReport, ReportReminder
from accreditation.quadrennial.selectors import dashboard_counts, has_overdue_report
from accreditation.quadrennial.tasks import quadrennial_reminder_sweep
from portal.models import AuditEntry
from tests.quadrennial.factories import (
    SECTIONS,
    committee_with_member,
    ngo_user,
    org_in_status,
    secretariat_user,
    session,
)

D = datetime.date


def daily_sweeps(start, end, capture):
    day = start
    while day <= end:
        with freeze_time(day.isoformat() + " 03:15"), capture(execute=True):
            quadrennial_reminder_sweep()
        day += datetime.timedelta(days=1)


def steps(org):
    return sorted(ReportReminder.objects.filter(organisation=org).values_list("report__period_start", "step"))


def _withdrawal_bar_message(errors):
    return [m for m in errors if "withdrawn" in m and "three years" in m]


def _new_application(org, user, on):
    from tests.accreditation.factories import make_ready_application

    with freeze_time(on.isoformat() + " 10:00"):
        return make_ready_application(org=org, user=user)[0]


def _try_application_submit(app, user, on):
    """Submit the application with the accreditation service; the messages it
    refuses with (empty if accepted)."""
    from accreditation import services as accreditation_services

    app.refresh_from_db()
    with freeze_time(on.isoformat() + " 10:00"):
        try:
            accreditation_services.application_submit(application=app, by=user)
        except ValidationError as exc:
            return exc.messages
    return []


@pytest.mark.django_db
def test_nine_years_from_grant_to_suspension_late_filing_reinstatement_and_withdrawal(
        django_capture_on_commit_callbacks):
    officer = secretariat_user()
    committee, delegate = committee_with_member()
    amina, bruno = ngo_user(email="amina@example.org"), ngo_user(email="bruno@example.org")
    chen = ngo_user(email="chen@example.org")
    with freeze_time("2020-03-15"):
        late = org_in_status(granted_on=D(2020, 3, 15), member=amina, by=officer, name="Late Filers")
        silent = org_in_status(granted_on=D(2020, 3, 15), member=bruno, by=officer, name="Silent Society")
        tardy = org_in_status(granted_on=D(2020, 3, 15), member=chen, by=officer, name="Tardy Trust")
    due = D(2025, 6, 1)

    # Reminders: the daily job runs every day from November 2024 to October 2025.
    daily_sweeps(D(2024, 11, 1), D(2025, 10, 31), django_capture_on_commit_callbacks)
    expected = [(2021, s) for s in ("after-1", "after-30", "after-90", "before-180", "before-30", "before-7",
                                    "before-90")]
    assert steps(late) == expected and steps(silent) == expected
    assert len([m for m in mail.outbox if m.to == ["amina@example.org"]]) == 7
    first = ReportReminder.objects.filter(organisation=late).order_by("created_at").first()
    assert first.created_at.date() == due - datetime.timedelta(days=180)

    # Overdue from the day after the due date.
    assert not has_overdue_report(late, on=due)
    assert has_overdue_report(late, on=due + datetime.timedelta(days=1))
    assert dashboard_counts(on=D(2025, 12, 1))["overdue"] == 3

    # The January 2026 session: the secretariat lists both for suspension.
    s2026, s2027 = session(committee, 2026), session(committee, 2027)
    with freeze_time("2026-01-20"):
        counts = services.lifecycle_lists_build(session=s2026, by=officer)
    assert counts == {"suspend": 3, "reinstate": 0, "withdraw": 0}
    # Pending during the session: recorded, not yet carried out.
    with freeze_time("2026-01-28"):
        for entry in s2026.lifecycle_entries.all():
            services.lifecycle_record(entry=entry, by=delegate, decision="agree")
    late.refresh_from_db()
    assert late.status_state == "active"
    # Published together at the end of the session.
    with freeze_time("2026-02-05"):
        done = services.lifecycle_publish(session=s2026, by=officer)
    assert done["suspend"] == 3
    late.refresh_from_db(), silent.refresh_from_db()
    assert (late.status_state, late.suspended_on) == ("suspended", D(2026, 2, 5))
    assert silent.status_state == "suspended"
    assert StatusChange.objects.filter(organisation=late, to_state="suspended").exists()
    assert AuditEntry.objects.filter(action="organisation_status.suspend", object_id=str(late.pk)).exists()

    # Late filing during the year of suspension, through the link in the reminder.
    report = QuadrennialReport.objects.get(organisation=late, period_start=2021)
    with freeze_time("2026-09-01"):
        services.report_submit(report=report, by=amina, data=SECTIONS)
        report.refresh_from_db()
        assert report.submitted_on == D(2026, 9, 1) and report.state == "submitted"
        services.report_check(report=report, by=officer)
    assert not has_overdue_report(late, on=D(2026, 9, 2))
    assert has_overdue_report(silent, on=D(2026, 9, 2))

    # The January 2027 session: reinstatement list and withdrawal list.
    with freeze_time("2027-01-20"):
        counts = services.lifecycle_lists_build(session=s2027, by=officer)
        services.report_take_note(report=report, by=delegate, session=s2027)
    assert counts == {"suspend": 0, "reinstate": 1, "withdraw": 2}
    assert s2027.lifecycle_entries.get(kind="reinstate").organisation == late
    assert {e.organisation for e in s2027.lifecycle_entries.filter(kind="withdraw")} == {silent, tardy}
    with freeze_time("2027-01-28"):
        for entry in s2027.lifecycle_entries.all():
            services.lifecycle_record(entry=entry, by=delegate, decision="agree")
    # After the Committee recorded the pending withdrawal, Tardy Trust files its
    # report — still within its year of suspension (which ends on 5 February 2027).
    tardy_report = QuadrennialReport.objects.get(organisation=tardy, period_start=2021)
    with freeze_time("2027-02-03"):
        services.report_submit(report=tardy_report, by=chen, data=SECTIONS)
    # Published on the session's last day: the suspensions began on 5 February 2026, so
    # the full year has not yet passed and Silent Society's withdrawal is refused, with
    # the date it becomes possible; Tardy Trust's withdrawal is turned into reinstatement.
    with freeze_time("2027-02-05"):
        done = services.lifecycle_publish(session=s2027, by=officer)
    assert (done["reinstate"], done["withdraw"], done["turned"]) == (2, 0, 1)
    assert done["refused"] == [f"Silent Society: the year of suspension ends on {date_format(D(2027, 2, 5))}; "
                               f"the withdrawal can be published from {date_format(D(2027, 2, 6))}."]
    late.refresh_from_db(), silent.refresh_from_db(), tardy.refresh_from_db()
    assert (late.status_state, late.suspended_on) == ("active", None)
    assert (tardy.status_state, tardy.suspended_on, tardy.withdrawn_on) == ("active", None, None)
    assert silent.status_state == "suspended"
    turned = s2027.lifecycle_entries.get(organisation=tardy)
    assert (turned.kind, turned.state, turned.decision) == ("reinstate", "published", "agree")
    assert "filed on" in turned.recheck_note and "reinstated, not withdrawn" in turned.recheck_note
    assert s2027.lifecycle_entries.get(organisation=silent).state == "pending"
    # The day after the year of suspension, the withdrawal is published.
    with freeze_time("2027-02-06"):
        done = services.lifecycle_publish(session=s2027, by=officer)
    assert (done["withdraw"], done["refused"]) == (1, [])
    silent.refresh_from_db()
    assert (silent.status_state, silent.withdrawn_on) == ("withdrawn", D(2027, 2, 6))
    report.refresh_from_db()
    assert report.state == "noted" and report.session == s2027
    assert dashboard_counts(on=D(2027, 3, 1)) | {"due": 0} == {
        "due": 0, "overdue": 0, "review": 1, "reinstated": 2, "suspended": 0, "withdrawn": 1}

    # The withdrawn organisation gets no more reminders; the reinstated one
    # reports on 2025–2028 in time and hears nothing after the due date.
    mail.outbox.clear()
    daily_sweeps(D(2028, 11, 30), D(2028, 12, 5), django_capture_on_commit_callbacks)
    assert steps(silent)[-1][0] == 2021
    assert (2025, "before-180") in steps(late)
    second = QuadrennialReport.objects.get(organisation=late, period_start=2025)
    assert second.due_on == D(2029, 6, 1)
    with freeze_time("2029-05-02"):
        services.report_submit(report=second, by=amina, data=SECTIONS)
    mail.outbox.clear()
    daily_sweeps(D(2029, 5, 28), D(2029, 6, 5), django_capture_on_commit_callbacks)
    assert [m for m in mail.outbox if m.to == ["amina@example.org"]] == []
    assert not has_overdue_report(late, on=D(2029, 12, 31))

    # Three-year bar on a new application after withdrawal (accreditation.services.application_submit).
    application = _new_application(silent, bruno, D(2028, 3, 1))
    refused = _try_application_submit(application, bruno, D(2028, 3, 1))
    assert _withdrawal_bar_message(refused), refused
    assert "2030" in " ".join(_withdrawal_bar_message(refused))
    application.refresh_from_db()
    assert application.state == "draft"
    assert _withdrawal_bar_message(_try_application_submit(application, bruno, D(2030, 2, 5)))
    assert not _withdrawal_bar_message(_try_application_submit(application, bruno, D(2030, 2, 6)))


@pytest.mark.django_db
def test_a_report_filed_after_the_year_of_suspension_does_not_reinstate(django_capture_on_commit_callbacks):
    officer = secretariat_user()
    committee, delegate = committee_with_member()
    user = ngo_user()
    org = org_in_status(granted_on=D(2020, 3, 15), member=user, by=officer)
    from accreditation.status import organisation_change_status

    organisation_change_status(organisation=org, transition="suspend", by=officer, on=D(2026, 2, 5), reason="x")
    report = services.report_open(organisation=org, period=services.last_due_period(D(2020, 3, 15), D(2026, 1, 1)),
                                  by=user)
    with freeze_time("2027-03-01"):
        services.report_submit(report=report, by=user, data=SECTIONS)
    s = session(committee, 2027, "resumed")
    with freeze_time("2027-05-18"):
        counts = services.lifecycle_lists_build(session=s, by=officer)
    assert counts == {"suspend": 0, "reinstate": 0, "withdraw": 1}


@pytest.mark.django_db
def test_pending_decisions_can_change_until_published_and_then_are_final(django_capture_on_commit_callbacks):
    officer = secretariat_user()
    committee, delegate = committee_with_member()
    org = org_in_status(granted_on=D(2020, 3, 15), member=ngo_user(), by=officer)
    s = session(committee, 2026)
    with freeze_time("2026-01-20"):
        services.lifecycle_lists_build(session=s, by=officer)
    entry = s.lifecycle_entries.get()
    with pytest.raises(ValidationError):
        services.lifecycle_publish(session=s, by=officer)  # nothing recorded yet
    services.lifecycle_record(entry=entry, by=delegate, decision="agree")
    services.lifecycle_record(entry=entry, by=delegate, decision="decline", note="Report promised by March.")
    with freeze_time("2026-02-05"):
        done = services.lifecycle_publish(session=s, by=officer)
    assert done["not_agreed"] == 1 and done["suspend"] == 0
    org.refresh_from_db()
    assert org.status_state == "active"
    entry.refresh_from_db()
    assert (entry.state, entry.decision) == ("published", "decline")
    with pytest.raises(ValidationError):
        services.lifecycle_record(entry=entry, by=delegate, decision="agree")


@pytest.mark.django_db
def test_only_the_sessions_committee_decides_and_only_the_secretariat_builds_and_publishes():
    from django.core.exceptions import PermissionDenied

    from portal.roles import Role
    from tests.factories import UserFactory

    officer = secretariat_user()
    committee, delegate = committee_with_member()
    outsider = UserFactory(role=Role.COMMITTEE)
    org_in_status(granted_on=D(2020, 3, 15), member=ngo_user(), by=officer)
    s = session(committee, 2026)
    with pytest.raises(PermissionDenied):
        services.lifecycle_lists_build(session=s, by=delegate)
    with freeze_time("2026-01-20"):
        services.lifecycle_lists_build(session=s, by=officer)
    entry = s.lifecycle_entries.get()
    with pytest.raises(PermissionDenied):
        services.lifecycle_record(entry=entry, by=outsider, decision="agree")
    with pytest.raises(PermissionDenied):
        services.lifecycle_record(entry=entry, by=officer, decision="agree")
    services.lifecycle_record(entry=entry, by=delegate, decision="agree")
    with pytest.raises(PermissionDenied):
        services.lifecycle_publish(session=s, by=delegate)
    assert LifecycleEntry.objects.get().state == "pending"


@pytest.mark.django_db
def test_rebuilding_the_lists_drops_undecided_entries_that_no_longer_apply():
    officer = secretariat_user()
    committee, _delegate = committee_with_member()
    user = ngo_user()
    org = org_in_status(granted_on=D(2020, 3, 15), member=user, by=officer)
    s = session(committee, 2026)
    with freeze_time("2026-01-20"):
        assert services.lifecycle_lists_build(session=s, by=officer)["suspend"] == 1
        report = services.report_open(organisation=org, period=services.last_due_period(D(2020, 3, 15),
                                                                                       D(2026, 1, 20)), by=user)
        services.report_submit(report=report, by=user, data=SECTIONS)
        assert services.lifecycle_lists_build(session=s, by=officer)["suspend"] == 0
    assert not s.lifecycle_entries.exists()


@pytest.mark.django_db
def test_publishing_lifecycle_decisions_asks_first_with_the_numbers(client):
    officer = secretariat_user()
    committee, delegate = committee_with_member()
    org = org_in_status(granted_on=D(2020, 3, 15), member=ngo_user(), by=officer)
    s = session(committee, 2026)
    with freeze_time("2026-01-20"):
        services.lifecycle_lists_build(session=s, by=officer)
    services.lifecycle_record(entry=s.lifecycle_entries.get(), by=delegate, decision="agree")
    client.force_login(officer)
    url = f"/quadrennial/sessions/{s.pk}/"
    page = client.post(url, {"action": "publish"}).content.decode()
    assert "1 decision will be published." in page
    assert "1 organisation&#x27;s status is suspended for one year." in page
    org.refresh_from_db()
    assert org.status_state == "active"
    client.post(url, {"action": "publish", "confirmed": "yes"})
    org.refresh_from_db()
    assert org.status_state == "suspended"

"""The lifecycle lists at their edges: publication re-checks every entry at
that moment (a report filed during the year of suspension means
reinstatement, never withdrawal), a withdrawal takes effect only after the
full year of suspension, and decisions are published only once the session
has met. Each date is tested the day before, on and after, across year ends."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.formats import date_format
from freezegun import freeze_time

from accreditation.models import Organisation, Session
from accreditation.quadrennial import services
from accreditation.quadrennial.models import LifecycleEntry, QuadrennialReport
from accreditation.status import organisation_change_status
from portal.models import AuditEntry
from tests.quadrennial.factories import SECTIONS, committee_with_member, ngo_user, org_in_status, secretariat_user
from tests.utils import postgres_only

D = datetime.date
GRANTED = D(2020, 3, 15)


def _session(committee, starts_on, ends_on):
    return Session.objects.create(committee=committee, year=starts_on.year, kind="regular", starts_on=starts_on,
                                  ends_on=ends_on)


def _suspended(officer, user, suspended_on, name="Coastal Women's Forum"):
    org = org_in_status(granted_on=GRANTED, member=user, by=officer, name=name)
    organisation_change_status(organisation=org, transition="suspend", by=officer, on=suspended_on,
                               reason="Report overdue.")
    report = services.report_open(organisation=org, period=services.last_due_period(GRANTED, suspended_on), by=user)
    org.refresh_from_db()
    return org, report


@pytest.fixture
def year_end():
    """Suspended on 31 December 2025: the year of suspension ends on 31 December 2026;
    the session meets from 15 December 2026 to 10 January 2027; the Committee agreed
    to the withdrawal on 20 December 2026."""
    officer = secretariat_user()
    committee, delegate = committee_with_member()
    user = ngo_user()
    org, report = _suspended(officer, user, D(2025, 12, 31))
    s = _session(committee, D(2026, 12, 15), D(2027, 1, 10))
    with freeze_time("2026-12-15"):
        assert services.lifecycle_lists_build(session=s, by=officer)["withdraw"] == 1
    entry = s.lifecycle_entries.get()
    with freeze_time("2026-12-20"):
        services.lifecycle_record(entry=entry, by=delegate, decision="agree")
    return {"officer": officer, "delegate": delegate, "user": user, "org": org, "report": report, "session": s,
            "entry": entry}


@pytest.mark.django_db
@pytest.mark.parametrize(("publish_on", "withdrawn"), [
    (D(2026, 12, 31), False),  # the last day of the year of suspension
    (D(2027, 1, 1), True),     # the first day after it
    (D(2027, 1, 2), True),
])
def test_a_withdrawal_takes_effect_only_after_the_full_year_of_suspension(year_end, publish_on, withdrawn):
    s, officer, org = year_end["session"], year_end["officer"], year_end["org"]
    with freeze_time(publish_on.isoformat()):
        done = services.lifecycle_publish(session=s, by=officer)
    org.refresh_from_db()
    entry = LifecycleEntry.objects.get(pk=year_end["entry"].pk)
    if withdrawn:
        assert (done["withdraw"], done["refused"]) == (1, [])
        assert (org.status_state, org.withdrawn_on) == ("withdrawn", publish_on)
        assert entry.state == "published"
        return
    assert done["withdraw"] == 0
    assert done["refused"] == [
        f"Coastal Women's Forum: the year of suspension ends on {date_format(D(2026, 12, 31))}; the withdrawal can "
        f"be published from {date_format(D(2027, 1, 1))}."]
    assert (org.status_state, org.withdrawn_on) == ("suspended", None)
    assert (entry.state, entry.decision) == ("pending", "agree")  # still pending, to publish from 1 January
    assert AuditEntry.objects.for_object(entry).filter(action="quadrennial_lifecycle.refuse").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("filed_on", "outcome"), [
    (D(2026, 12, 30), "reinstated"),
    (D(2026, 12, 31), "reinstated"),  # the last day of the year of suspension
    (D(2027, 1, 1), "withdrawn"),     # the year is over: too late
])
def test_a_report_filed_within_the_year_of_suspension_turns_a_pending_withdrawal_into_reinstatement(
        year_end, filed_on, outcome):
    s, officer, org, user = year_end["session"], year_end["officer"], year_end["org"], year_end["user"]
    with freeze_time(filed_on.isoformat()):
        services.report_submit(report=year_end["report"], by=user, data=SECTIONS)
    with freeze_time("2027-01-05"):
        done = services.lifecycle_publish(session=s, by=officer)
    org.refresh_from_db()
    entry = LifecycleEntry.objects.get(pk=year_end["entry"].pk)
    if outcome == "reinstated":
        assert (done["reinstate"], done["withdraw"], done["turned"]) == (1, 0, 1)
        assert (org.status_state, org.suspended_on, org.withdrawn_on) == ("active", None, None)
        assert (entry.kind, entry.state) == ("reinstate", "published")
        assert entry.recheck_note == (
            f"The report for 2021–2024 was filed on {date_format(filed_on)}, within the year of suspension (which "
            f"ends on {date_format(D(2026, 12, 31))}): the organisation is reinstated, not withdrawn.")
        assert org.status_changes.filter(to_state="active").exists()
    else:
        assert (done["withdraw"], done["turned"]) == (1, 0)
        assert (org.status_state, entry.kind) == ("withdrawn", "withdraw")


@pytest.mark.django_db
def test_a_declined_withdrawal_with_the_report_filed_also_means_reinstatement(year_end):
    s, officer, org, user = year_end["session"], year_end["officer"], year_end["org"], year_end["user"]
    services.lifecycle_record(entry=year_end["entry"], by=year_end["delegate"], decision="decline",
                              note="The report was promised.")
    with freeze_time("2026-12-28"):
        services.report_submit(report=year_end["report"], by=user, data=SECTIONS)
    with freeze_time("2027-01-05"):
        done = services.lifecycle_publish(session=s, by=officer)
    org.refresh_from_db()
    assert (done["reinstate"], done["turned"], done["not_agreed"]) == (1, 1, 0)
    assert org.status_state == "active"


@pytest.mark.django_db
def test_a_withdrawal_entry_is_dropped_when_the_organisation_is_already_on_the_reinstatement_list(year_end):
    s, officer, org, user = year_end["session"], year_end["officer"], year_end["org"], year_end["user"]
    with freeze_time("2026-12-21"):
        services.report_submit(report=year_end["report"], by=user, data=SECTIONS)
        services.lifecycle_lists_build(session=s, by=officer)  # the reinstatement list now has it
    reinstatement = s.lifecycle_entries.get(kind="reinstate")
    services.lifecycle_record(entry=reinstatement, by=year_end["delegate"], decision="agree")
    with freeze_time("2027-01-05"):
        done = services.lifecycle_publish(session=s, by=officer)
    org.refresh_from_db()
    withdrawal = LifecycleEntry.objects.get(pk=year_end["entry"].pk)
    assert (done["reinstate"], done["withdraw"], done["dropped"]) == (1, 0, 1)
    assert (withdrawal.kind, withdrawal.state) == ("withdraw", "dropped")
    assert "reinstated, not withdrawn" in withdrawal.recheck_note
    assert org.status_state == "active"


@pytest.mark.django_db
def test_a_suspension_is_dropped_when_the_overdue_report_arrives_before_publication():
    officer = secretariat_user()
    committee, delegate = committee_with_member()
    user = ngo_user()
    org = org_in_status(granted_on=GRANTED, member=user, by=officer)
    s = _session(committee, D(2025, 12, 29), D(2026, 1, 9))
    with freeze_time("2025-12-29"):
        assert services.lifecycle_lists_build(session=s, by=officer)["suspend"] == 1
    entry = s.lifecycle_entries.get()
    services.lifecycle_record(entry=entry, by=delegate, decision="agree")
    report = services.report_open(organisation=org, period=services.last_due_period(GRANTED, D(2025, 12, 29)),
                                  by=user)
    with freeze_time("2026-01-01"):
        services.report_submit(report=report, by=user, data=SECTIONS)
    with freeze_time("2026-01-02"):
        done = services.lifecycle_publish(session=s, by=officer)
    entry.refresh_from_db()
    org.refresh_from_db()
    assert (done["suspend"], done["dropped"]) == (0, 1)
    assert (entry.state, org.status_state) == ("dropped", "active")
    assert entry.recheck_note.startswith("No report is overdue any more")


@pytest.mark.django_db
@pytest.mark.parametrize(("publish_on", "allowed"), [
    (D(2026, 12, 14), False), (D(2026, 12, 15), True), (D(2026, 12, 16), True)])
def test_lifecycle_decisions_are_published_only_once_the_session_has_met(year_end, publish_on, allowed):
    s, officer = year_end["session"], year_end["officer"]
    with freeze_time(publish_on.isoformat()):
        if allowed:
            services.lifecycle_publish(session=s, by=officer)
        else:
            with pytest.raises(ValidationError) as exc:
                services.lifecycle_publish(session=s, by=officer)
            assert date_format(D(2026, 12, 15)) in exc.value.messages[0]
    assert LifecycleEntry.objects.get(pk=year_end["entry"].pk).state == "pending"  # refused or too early


@pytest.mark.django_db
def test_the_lists_page_shows_why_an_entry_was_turned_and_warns_of_a_refused_withdrawal(year_end, client):
    s, officer, user = year_end["session"], year_end["officer"], year_end["user"]
    other, _report = _suspended(officer, ngo_user(), D(2025, 12, 31), name="Silent Society")
    with freeze_time("2026-12-22"):
        services.lifecycle_lists_build(session=s, by=officer)
        services.lifecycle_record(entry=s.lifecycle_entries.get(organisation=other), by=year_end["delegate"],
                                  decision="agree")
        services.report_submit(report=year_end["report"], by=user, data=SECTIONS)
    with freeze_time("2026-12-31"):
        client.force_login(officer)
        response = client.post(f"/quadrennial/sessions/{s.pk}/", {"action": "publish", "confirmed": "yes"}, follow=True)
    body = response.content.decode()
    client.force_login(officer)
    assert "Silent Society: the year of suspension ends on" in body
    assert "turned into reinstatement" in body
    page = client.get(f"/quadrennial/sessions/{s.pk}/?list=reinstate").content.decode()
    assert f'data-testid="recheck-{year_end["entry"].pk}"' in page
    api = client.get(f"/api/v1/quadrennial/lifecycle/?session={s.pk}").json()
    assert any("reinstated, not withdrawn" in row["recheck_note"] for row in api["results"])
    assert Organisation.objects.get(pk=other.pk).status_state == "suspended"


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_a_report_filed_while_the_withdrawal_is_published_is_never_lost(attempt):
    """Filing and publishing at the same moment: either the filing is seen and the
    organisation is reinstated, or it came after the withdrawal took effect."""
    from tests.reference import ensure_reference_data

    ensure_reference_data()
    officer = secretariat_user()
    committee, delegate = committee_with_member()
    user = ngo_user()
    org, report = _suspended(officer, user, D(2025, 7, 1))
    s = _session(committee, D(2026, 7, 2), D(2026, 7, 20))
    with freeze_time("2026-07-02"):
        services.lifecycle_lists_build(session=s, by=officer)
        services.lifecycle_record(entry=s.lifecycle_entries.get(), by=delegate, decision="agree")
    barrier = threading.Barrier(2)
    errors = []

    def run(fn):
        try:
            barrier.wait()
            fn()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread met
            errors.append(exc)
        finally:
            connection.close()

    def publish():
        services.lifecycle_publish(session=s, by=officer, on=D(2026, 7, 2))

    def file():
        services.report_submit(report=report, by=user, data=SECTIONS, on=D(2026, 7, 1))

    threads = [threading.Thread(target=run, args=(fn,)) for fn in (publish, file)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    org.refresh_from_db()
    report = QuadrennialReport.objects.get(pk=report.pk)
    published = AuditEntry.objects.for_object(s).get(action="quadrennial_lifecycle.publish")
    filed = AuditEntry.objects.get(action="quadrennial_report.submit", object_id=str(report.pk))
    if org.status_state == "withdrawn":
        assert filed.pk > published.pk  # the report came after the withdrawal took effect
    else:
        assert (org.status_state, filed.pk < published.pk) == ("active", True)

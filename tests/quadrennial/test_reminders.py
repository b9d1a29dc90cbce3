import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from freezegun import freeze_time

from accreditation.quadrennial.models import QuadrennialReport, ReportReminder
from accreditation.quadrennial.selectors import reporting_period
from accreditation.quadrennial.services import reminder_sweep, report_open, report_submit
from portal import outbox
from portal.models import OutboxMessage
from tests.quadrennial.factories import SECTIONS, ngo_user, org_in_status, secretariat_user
from tests.utils import postgres_only

D = datetime.date
GRANTED = D(2020, 3, 15)  # first report 2021–2024, due 1 June 2025
DUE = D(2025, 6, 1)


def sweep(on, capture, **kwargs):
    with capture(execute=True):
        return reminder_sweep(on=on, **kwargs)


@pytest.mark.django_db
def test_first_reminder_180_days_before_goes_to_representatives_with_a_link_to_the_report(
        django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://ngo.example.org"
    user = ngo_user(email="amina@example.org")
    org = org_in_status(granted_on=GRANTED, member=user)
    org.email = "office@example.org"
    org.save(update_fields=["email"])
    assert sweep(DUE - datetime.timedelta(days=181), django_capture_on_commit_callbacks)["created"] == 0
    result = sweep(DUE - datetime.timedelta(days=180), django_capture_on_commit_callbacks)
    assert result["created"] == 1
    report = QuadrennialReport.objects.get(organisation=org)
    assert (report.period_start, report.period_end, report.due_on, report.state) == (2021, 2024, DUE, "draft")
    reminder = ReportReminder.objects.get()
    assert (reminder.step, reminder.days, reminder.recipients) == ("before-180", 180, 2)
    assert reminder.emailed_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["amina@example.org", "office@example.org"]
    link = f"https://ngo.example.org/quadrennial/reports/{report.pk}/"
    assert link in mail.outbox[0].body
    assert "2021–2024" in mail.outbox[0].subject
    assert link in mail.outbox[0].alternatives[0][0]


@pytest.mark.django_db
def test_each_step_is_sent_once_even_when_the_sweep_runs_again(django_capture_on_commit_callbacks):
    org_in_status(granted_on=GRANTED, member=ngo_user())
    on = DUE - datetime.timedelta(days=90)
    assert sweep(on, django_capture_on_commit_callbacks)["created"] == 1
    assert sweep(on, django_capture_on_commit_callbacks)["created"] == 0
    assert sweep(on + datetime.timedelta(days=1), django_capture_on_commit_callbacks)["created"] == 0
    assert len(mail.outbox) == 1
    assert list(ReportReminder.objects.values_list("step", flat=True)) == ["before-90"]


@pytest.mark.django_db
def test_missed_steps_are_replaced_by_the_latest_one_not_sent_in_a_burst(django_capture_on_commit_callbacks):
    org_in_status(granted_on=GRANTED, member=ngo_user())
    sweep(DUE - datetime.timedelta(days=20), django_capture_on_commit_callbacks)
    assert list(ReportReminder.objects.values_list("step", flat=True)) == ["before-30"]
    sweep(DUE - datetime.timedelta(days=7), django_capture_on_commit_callbacks)
    sweep(DUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    sweep(DUE + datetime.timedelta(days=45), django_capture_on_commit_callbacks)
    assert sorted(ReportReminder.objects.values_list("step", flat=True)) == [
        "after-1", "after-30", "before-30", "before-7"]
    assert "overdue" in mail.outbox[-1].subject.lower()


@pytest.mark.django_db
def test_reminder_steps_are_configuration(django_capture_on_commit_callbacks, settings):
    settings.QUADRENNIAL = {"REMINDER_DAYS_BEFORE": (60,), "REMINDER_DAYS_AFTER": (10,)}
    org_in_status(granted_on=GRANTED, member=ngo_user())
    sweep(DUE - datetime.timedelta(days=90), django_capture_on_commit_callbacks)
    assert not ReportReminder.objects.exists()
    sweep(DUE - datetime.timedelta(days=60), django_capture_on_commit_callbacks)
    sweep(DUE + datetime.timedelta(days=10), django_capture_on_commit_callbacks)
    assert sorted(ReportReminder.objects.values_list("step", flat=True)) == ["after-10", "before-60"]


@pytest.mark.django_db
def test_no_reminder_for_a_filed_report_roster_or_withdrawn_organisations(django_capture_on_commit_callbacks):
    from accreditation.status import organisation_change_status

    user = ngo_user()
    filed = org_in_status(granted_on=GRANTED, member=user)
    report = report_open(organisation=filed, period=reporting_period(GRANTED, 1), by=user)
    report_submit(report=report, by=user, data=SECTIONS, on=D(2025, 1, 10))
    org_in_status(granted_on=GRANTED, category="roster", member=ngo_user())
    gone = org_in_status(granted_on=GRANTED, member=ngo_user())
    organisation_change_status(organisation=gone, transition="withdraw", by=secretariat_user(), on=D(2024, 1, 1),
                               reason="Withdrawn.")
    sweep(DUE - datetime.timedelta(days=7), django_capture_on_commit_callbacks)
    sweep(DUE + datetime.timedelta(days=30), django_capture_on_commit_callbacks)
    assert not ReportReminder.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_suspended_organisations_still_get_overdue_reminders(django_capture_on_commit_callbacks):
    from accreditation.status import organisation_change_status

    org = org_in_status(granted_on=GRANTED, member=ngo_user())
    organisation_change_status(organisation=org, transition="suspend", by=secretariat_user(), on=D(2025, 8, 1),
                               reason="Overdue.")
    sweep(DUE + datetime.timedelta(days=90), django_capture_on_commit_callbacks)
    assert list(ReportReminder.objects.values_list("step", flat=True)) == ["after-90"]


@pytest.mark.django_db
def test_a_delivery_run_twice_sends_the_email_once(django_capture_on_commit_callbacks):
    org_in_status(granted_on=GRANTED, member=ngo_user())
    sweep(DUE - datetime.timedelta(days=7), django_capture_on_commit_callbacks)
    ids = list(OutboxMessage.objects.values_list("pk", flat=True))
    assert outbox.deliver(ids) == {"sent": 0, "retry": 0, "released": 0}
    assert outbox.relay()["sent"] == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_reminder_is_marked_e_mailed_only_once_the_mail_server_accepted_it(django_capture_on_commit_callbacks):
    org_in_status(granted_on=GRANTED, member=ngo_user(email="amina@example.org"))
    with django_capture_on_commit_callbacks(execute=False):
        reminder_sweep(on=DUE - datetime.timedelta(days=7))
    reminder = ReportReminder.objects.get()
    assert (reminder.emailed_at, reminder.recipients) == (None, 0)
    assert list(OutboxMessage.objects.values_list("key", "state")) == [
        (f"reminder:{reminder.pk}:amina@example.org", "pending")]
    outbox.relay()
    reminder.refresh_from_db()
    assert reminder.emailed_at is not None and reminder.recipients == 1
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]


@pytest.mark.django_db
def test_the_ngo_dashboard_shows_the_report_due_with_a_link_to_it(client, django_capture_on_commit_callbacks):
    user = ngo_user()
    org_in_status(granted_on=GRANTED, member=user)
    other = org_in_status(granted_on=GRANTED, member=ngo_user(), name="Somebody Else's Org")
    sweep(DUE - datetime.timedelta(days=30), django_capture_on_commit_callbacks)
    report = QuadrennialReport.objects.exclude(organisation=other).get()
    client.force_login(user)
    with freeze_time(DUE - datetime.timedelta(days=30)):
        body = client.get("/dashboard/ngo/").content.decode()
    assert 'data-testid="report-due"' in body and "(30 days left)" in body
    assert f"/quadrennial/reports/{report.pk}/" in body
    assert "Somebody Else" not in body
    # Filed: shown as filed, no longer due.
    report_submit(report=report, by=user, data=SECTIONS, on=D(2025, 5, 20))
    with freeze_time(DUE - datetime.timedelta(days=10)):
        body = client.get("/dashboard/ngo/").content.decode()
    assert 'data-testid="report-due"' not in body and 'data-testid="report-filed"' in body


@pytest.mark.django_db
def test_the_ngo_dashboard_shows_an_overdue_report_even_when_no_reminder_was_sent(client):
    user = ngo_user()
    org = org_in_status(granted_on=GRANTED, member=user)
    assert not ReportReminder.objects.exists()
    client.force_login(user)
    with freeze_time(DUE + datetime.timedelta(days=1)):
        body = client.get("/dashboard/ngo/").content.decode()
    assert 'data-testid="report-overdue"' in body
    assert f"/quadrennial/open/{org.pk}/2021/" in body  # start it from the dashboard
    with freeze_time(DUE):
        body = client.get("/dashboard/ngo/").content.decode()
    assert 'data-testid="report-overdue"' not in body and "(0 days left)" in body


@pytest.mark.django_db
@pytest.mark.parametrize("n", [3, 60])
def test_the_sweep_issues_a_constant_number_of_queries_per_batch(n, django_assert_max_num_queries,
                                                                 django_capture_on_commit_callbacks):
    officer = secretariat_user()
    for _ in range(n):
        org_in_status(granted_on=GRANTED, member=ngo_user(), by=officer)
    with django_assert_max_num_queries(14):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            result = reminder_sweep(on=DUE - datetime.timedelta(days=180), batch_size=100)
    assert result["created"] == n
    assert OutboxMessage.objects.filter(kind="email", state="pending").count() == n
    # Sending takes a constant number of queries per message (each is marked
    # sent on its own, right after the mail server accepted it).
    with django_assert_max_num_queries(6 + 6 * n):  # mark sent + the reminder (savepoints here)
        for callback in callbacks:
            callback()
    assert len(mail.outbox) == n


@pytest.mark.django_db
def test_the_beat_schedule_holds_the_daily_sweep():
    from django.conf import settings

    spec = settings.PERIODIC_TASKS["quadrennial: report reminders"]
    assert spec["task"] == "accreditation.quadrennial.tasks.quadrennial_reminder_sweep"
    minute, hour, *_rest = spec["crontab"].split()
    assert minute.isdigit() and hour.isdigit()  # once a day
    from django_celery_beat.models import PeriodicTask

    assert PeriodicTask.objects.filter(name="quadrennial: report reminders").exists()


@pytest.mark.django_db
def test_the_beat_task_sweeps_today(django_capture_on_commit_callbacks):
    from accreditation.quadrennial.tasks import quadrennial_reminder_sweep

    org_in_status(granted_on=GRANTED, member=ngo_user())
    with freeze_time("2025-05-25 03:15"):
        with django_capture_on_commit_callbacks(execute=True):
            result = quadrennial_reminder_sweep()
    assert result["created"] == 1 and result["on"] == "2025-05-25"
    assert len(mail.outbox) == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_send_each_reminder_once():
    officer = secretariat_user()
    orgs = [org_in_status(granted_on=GRANTED, member=ngo_user(), by=officer) for _ in range(40)]
    mail.outbox.clear()
    on = DUE - datetime.timedelta(days=7)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(reminder_sweep(on=on, batch_size=15))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(r["created"] for r in results) == len(orgs)
    assert ReportReminder.objects.count() == len(orgs)
    assert QuadrennialReport.objects.count() == len(orgs)
    assert len(mail.outbox) == len(orgs)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        o.memberships.get().user.email for o in orgs)

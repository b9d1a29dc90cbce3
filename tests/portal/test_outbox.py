import datetime
import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from portal import outbox
from portal.celery import app as celery_app
from portal.models import OutboxMessage

State = OutboxMessage.State


def queue_mail(key="greeting:1", to=("amina@example.org",), **kwargs):
    outbox.enqueue_email(to=list(to), subject_template="registration/verify_email_subject.txt",
                         body_template="registration/verify_email.txt",
                         context={"user": {"first_name": "Amina"}, "link": "https://ngo.example.org/x/"},
                         language="fr", key=key, **kwargs)


class BrokenMailServer:
    """An e-mail backend whose server refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.mark.django_db
def test_an_e_mail_is_queued_with_the_transaction_and_sent_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            queue_mail()
            row = OutboxMessage.objects.get()
            assert (row.state, row.to, row.kind) == (State.PENDING, ["amina@example.org"], "email")
            assert "https://ngo.example.org/x/" in row.body
            assert mail.outbox == []
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]
    assert mail.outbox[0].extra_headers["Message-ID"] == outbox.message_id("greeting:1")
    row.refresh_from_db()
    assert (row.state, row.attempts, row.body, row.html) == (State.SENT, 1, "", "")
    assert row.sent_at is not None


@pytest.mark.django_db
def test_nothing_is_queued_when_the_service_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                queue_mail()
                raise RuntimeError("the service failed")
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_same_key_is_never_queued_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            queue_mail()
            queue_mail()
        queue_mail()
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_e_mail_is_rendered_in_the_recipients_language():
    with transaction.atomic():
        queue_mail(key="fr:1")
    row = OutboxMessage.objects.get()
    with pytest.raises(ValueError):
        queue_mail(key="nobody", to=[""])
    assert row.subject and row.subject != "Verify your e-mail address for the NGO Portal"  # French


@pytest.mark.django_db
def test_a_task_is_handed_to_celery_after_commit_and_marked_sent(django_capture_on_commit_callbacks):
    from portal.models import Heartbeat

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            outbox.enqueue_task("portal.tasks.heartbeat", key="heartbeat:test")
            assert not Heartbeat.objects.exists()
    assert Heartbeat.objects.filter(name="beat").exists()
    row = OutboxMessage.objects.get()
    assert (row.state, row.task_name, row.attempts) == (State.SENT, "portal.tasks.heartbeat", 1)


@pytest.mark.django_db
def test_on_sent_runs_once_when_the_mail_server_accepted_the_message(django_capture_on_commit_callbacks,
                                                                     settings):
    from partnerships.models import Inquiry
    from partnerships.services import inquiry_submit
    from portal.roles import Role
    from tests.factories import UserFactory
    from tests.partnerships.factories import OrganisationFactory, member, units_and_rules

    units_and_rules()
    org = OrganisationFactory()
    user = member(UserFactory(role=Role.NGO), org)
    settings.EMAIL_BACKEND = "tests.portal.test_outbox.BrokenMailServer"
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = inquiry_submit(organisation=org, by=user, topic="accreditation", subject="Status?",
                                 message="Where is our application?")
    row = OutboxMessage.objects.get(key=f"inquiry-acknowledgement:{inquiry.pk}")
    assert (row.state, row.attempts) == (State.PENDING, 1)
    assert row.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert row.next_attempt_at > timezone.now() + datetime.timedelta(seconds=25)
    assert Inquiry.objects.get().acknowledgement_sent_at is None  # not sent: not marked

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.relay()["sent"] == 0  # not due yet: the backoff holds it
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert outbox.relay()["sent"] == 1
    assert Inquiry.objects.get().acknowledgement_sent_at is not None
    assert outbox.relay()["sent"] == 0
    assert [m.to for m in mail.outbox] == [[user.email]]


@pytest.mark.django_db
def test_retries_back_off_exponentially_then_the_row_fails_for_staff_to_see(settings):
    settings.EMAIL_BACKEND = "tests.portal.test_outbox.BrokenMailServer"
    settings.OUTBOX = {**settings.OUTBOX, "MAX_ATTEMPTS": 3, "BACKOFF_SECONDS": 30}
    queue_mail()
    waits = []
    for _ in range(3):
        OutboxMessage.objects.update(next_attempt_at=timezone.now())
        before = timezone.now()
        outbox.relay()
        row = OutboxMessage.objects.get()
        if row.next_attempt_at:
            waits.append(round((row.next_attempt_at - before).total_seconds() / 30))
    assert waits == [1, 2]  # 30 s, then 60 s (±10 %)
    assert (row.state, row.attempts, row.next_attempt_at) == (State.FAILED, 3, None)
    assert outbox.backlog() == {"pending": 0, "oldest_pending_seconds": 0.0, "failed": 1}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.relay()["sent"] == 0  # failed rows wait for a person
    with transaction.atomic():
        assert outbox.retry_now(OutboxMessage.objects.all()) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == (State.PENDING, 0)
    assert outbox.relay()["sent"] == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_row_claimed_by_a_worker_that_died_is_sent_once_its_claim_ran_out():
    queue_mail()
    stale = timezone.now() - datetime.timedelta(seconds=1)
    OutboxMessage.objects.update(state=State.SENDING, locked_until=stale, attempts=1)
    assert outbox.relay()["sent"] == 1
    row = OutboxMessage.objects.get()
    assert (row.state, row.attempts) == (State.SENT, 2)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_row_another_worker_holds_is_left_alone():
    queue_mail()
    OutboxMessage.objects.update(state=State.SENDING, locked_until=timezone.now() + datetime.timedelta(minutes=5))
    assert outbox.relay()["sent"] == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_sent_rows_are_purged_after_the_keeping_period():
    queue_mail("old:1")
    queue_mail("new:1")
    outbox.relay()
    OutboxMessage.objects.filter(key="old:1").update(sent_at=timezone.now() - datetime.timedelta(days=31))
    assert outbox.relay()["purged"] == 1
    assert list(OutboxMessage.objects.values_list("key", flat=True)) == ["new:1"]


@pytest.mark.django_db
def test_the_relay_command_sends_what_is_due(capsys):
    from django.core.management import call_command

    queue_mail()
    call_command("outbox_relay")
    assert "sent=1" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_celery_is_configured_for_at_least_once_delivery_with_retries():
    from django.db import InterfaceError, OperationalError

    from accreditation.tasks import run_automatic_checks
    from portal.tasks import render_export

    assert celery_app.conf.task_acks_late is True
    assert celery_app.conf.task_reject_on_worker_lost is True
    for task in (run_automatic_checks, render_export):
        assert {OperationalError, InterfaceError, smtplib.SMTPException, TimeoutError} <= set(task.autoretry_for)
        assert task.retry_backoff and task.retry_backoff_max <= 300


def test_the_broker_visibility_timeout_is_minutes_not_an_hour(settings):
    assert 60 <= settings.CELERY_VISIBILITY_TIMEOUT < 3600
    assert settings.EMAIL_TIMEOUT and settings.EMAIL_TIMEOUT <= 30
    assert settings.PERIODIC_TASKS["portal: send what waits in the outbox"] == {
        "task": "portal.tasks.outbox_relay", "crontab": "* * * * *"}


@pytest.mark.django_db
def test_an_eager_task_that_fails_shows_its_error_in_tests_and_stays_queued(django_capture_on_commit_callbacks):
    with pytest.raises(ValueError, match="expected a number"):
        with django_capture_on_commit_callbacks(execute=True):
            outbox.enqueue_task("portal.tasks.outbox_deliver", args=[["not-an-id"]], key="bad:1")
    row = OutboxMessage.objects.get()
    assert row.state == State.PENDING and row.last_error


@pytest.mark.django_db
def test_staff_see_failed_rows_in_the_admin_and_retry_them_now(client, demo):
    queue_mail()
    OutboxMessage.objects.update(state=State.FAILED, attempts=10, last_error="SMTPServerDisconnected: gone")
    for username in ("admin", "secretariat"):
        client.force_login(demo[username])
        page = client.get("/admin/portal/outboxmessage/?state__exact=failed")
        assert page.status_code == 200
        body = page.content.decode()
        assert "SMTPServerDisconnected: gone" in body and "amina@example.org" in body
        assert "https://ngo.example.org/x/" not in client.get(
            f"/admin/portal/outboxmessage/{OutboxMessage.objects.get().pk}/change/").content.decode()
    response = client.post("/admin/portal/outboxmessage/", {
        "action": "retry_now", "_selected_action": [OutboxMessage.objects.get().pk]})
    assert response.status_code == 302
    row = OutboxMessage.objects.get()
    assert (row.state, row.attempts) == (State.PENDING, 0)
    for username in ("ngo", "committee", "donor"):
        client.force_login(demo[username])
        assert client.get("/admin/portal/outboxmessage/").status_code == 302  # to the admin login


def failing_hook(*args):
    raise LookupError("the domain row is gone")


@pytest.mark.django_db
def test_a_failing_hook_does_not_make_a_sent_e_mail_go_again(caplog):
    queue_mail(on_sent="tests.portal.test_outbox.failing_hook", on_sent_args=[1])
    assert outbox.relay()["sent"] == 1
    assert OutboxMessage.objects.get().state == State.SENT
    assert "its hook tests.portal.test_outbox.failing_hook failed" in caplog.text
    assert outbox.relay()["sent"] == 0
    assert len(mail.outbox) == 1

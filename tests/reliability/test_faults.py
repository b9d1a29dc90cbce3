"""Nothing is lost under faults: the broker down, the mail server hanging or
slow, a worker killed with SIGKILL, database connections terminated. Each
test runs real worker processes against its own Redis and a local SMTP
server (see conftest.py); PostgreSQL only, as CI runs it."""

import datetime
import threading

import psycopg2
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import close_old_connections, connection
from django.test import Client

from accreditation.models import (
    Application,
    ConsolidatedList,
    ConsolidatedListEntry,
    Organisation,
    OrganisationMembership,
    Session,
)
from accreditation.quadrennial.models import ReportReminder
from accreditation.quadrennial.services import reminder_sweep
from partnerships.models import Inquiry
from portal import outbox
from portal.models import AuditEntry, Country, OutboxMessage
from tests.accreditation.factories import make_ready_application, ngo_committee, officer
from tests.partnerships.factories import units_and_rules
from tests.reliability.conftest import HangingSmtp, wait_for
from tests.utils import postgres_only

pytestmark = [postgres_only, pytest.mark.postgres, pytest.mark.redis]

State = OutboxMessage.State


def pending() -> int:
    return OutboxMessage.objects.exclude(state=State.SENT).count()


def drain(rig, *, timeout: float, every: float = 2.0):
    """Run the relay as beat would (every `every` seconds here, every minute
    in production) until nothing waits in the outbox."""
    last = [0.0]

    def done():
        import time

        if not pending():
            return True
        if time.monotonic() - last[0] > every:
            rig.relay()
            last[0] = time.monotonic()
        return False

    wait_for(done, timeout=timeout, what="the outbox to drain", interval=0.2)


def acknowledgements_at_sink(rig, inquiries) -> list[int]:
    ids = rig.sink.message_ids()
    return [ids[outbox.message_id(f"inquiry-acknowledgement:{i.pk}")] for i in inquiries]


def post_inquiry(client, org, subject):
    return client.post("/partnerships/inquiries/new/", {"organisation": org.pk, "topic": "accreditation",
                                                        "subject": subject, "message": "Where does it stand?"})


def test_with_the_broker_down_submission_and_inquiry_succeed_and_their_effects_happen_once_it_is_back(rig):
    units_and_rules()
    assigned_to = officer()
    app, ngo = make_ready_application()
    client = Client()
    client.force_login(ngo)

    rig.redis.stop()
    submitted = client.post(f"/accreditation/applications/{app.pk}/submit/")
    asked = post_inquiry(client, app.organisation, "Our application")
    assert (submitted.status_code, submitted.url) == (302, f"/accreditation/applications/{app.pk}/")
    assert asked.status_code == 302
    inquiry = Inquiry.objects.get()
    assert asked.url == f"/partnerships/inquiries/{inquiry.pk}/"
    app.refresh_from_db()
    assert app.state == "submitted" and app.officer_id is None
    assert set(OutboxMessage.objects.values_list("kind", "state")) == {("task", "pending"), ("email", "pending")}

    rig.redis.start()  # the broker is back (empty: whatever it held is gone)
    worker = rig.worker().start()
    drain(rig, timeout=60)  # the task is with the broker, the e-mail with the mail server
    wait_for(lambda: Application.objects.filter(pk=app.pk, state="prescreening").exists(), timeout=30,
             what="the automatic checks to run")
    app.refresh_from_db()
    assert (app.state, app.officer_id) == ("prescreening", assigned_to.pk)
    assert app.criterion_results.exists()
    assert acknowledgements_at_sink(rig, [inquiry]) == [1]
    inquiry.refresh_from_db()
    assert inquiry.acknowledgement_sent_at is not None

    # A duplicate delivery of the checks (a redelivered task) and more relay runs change nothing.
    from accreditation.tasks import run_automatic_checks

    checks, relays = worker.succeeded("run_automatic_checks"), worker.succeeded("outbox_relay")
    run_automatic_checks.apply_async(args=[app.pk], retry=False)
    rig.relay()
    rig.relay()
    wait_for(lambda: worker.succeeded("run_automatic_checks") == checks + 1
             and worker.succeeded("outbox_relay") == relays + 2, timeout=30,
             what="the duplicate deliveries to be processed")
    assert AuditEntry.objects.filter(action="application.start_prescreening").count() == 1
    assert AuditEntry.objects.filter(action="application.automatic_checks").count() == 0
    assert acknowledgements_at_sink(rig, [inquiry]) == [1]
    # Each e-mail (the acknowledgement, the "application received" notice) reached the mail server once.
    emails = OutboxMessage.objects.filter(kind="email")
    assert emails.count() == 2 and set(emails.values_list("state", flat=True)) == {"sent"}
    assert rig.sink.count() == 2 and set(rig.sink.message_ids().values()) == {1}


def test_with_the_mail_server_hanging_requests_do_no_smtp_and_workers_time_out(rig, settings):
    hanging = HangingSmtp()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", hanging.port, 2
        units_and_rules()
        app, ngo = make_ready_application()
        client = Client()
        reset = client.post("/accounts/password_reset/", {"email": ngo.email})
        client.force_login(ngo)
        asked = post_inquiry(client, app.organisation, "A question")
        assert (reset.status_code, asked.status_code) == (302, 302)
        assert hanging.connections == []  # the request path did no SMTP at all
        keys = sorted(OutboxMessage.objects.values_list("key", flat=True))
        assert [k.split(":")[0] for k in keys] == ["inquiry-acknowledgement", "password-reset"]

        rig.worker(smtp_port=hanging.port, EMAIL_TIMEOUT=1).start()  # the worker meets the hanging server
        rig.relay()
        wait_for(lambda: OutboxMessage.objects.filter(state=State.PENDING, attempts__gte=1).count() == 2,
                 timeout=30, what="both e-mails to time out")
        assert hanging.connections
        for row in OutboxMessage.objects.all():
            assert "timed out" in row.last_error.lower() or "timeout" in row.last_error.lower(), row.last_error
    finally:
        for worker in rig.workers:
            worker.stop()
        hanging.close()


def _organisations_due_a_reminder(n: int):
    """n organisations in special status since 15 March 2020 (report due
    1 June 2025), each with one representative: bulk test data."""
    User = get_user_model()
    orgs = Organisation.objects.bulk_create([
        Organisation(name=f"Reminded organisation {i}", profile_state="approved", status_category="special",
                     status_state="active", status_granted_on=datetime.date(2020, 3, 15)) for i in range(n)])
    users = User.objects.bulk_create([User(username=f"rep{i}", email=f"rep{i}@example.org", role="ngo",
                                           is_active=True) for i in range(n)])
    OrganisationMembership.objects.bulk_create([OrganisationMembership(organisation=o, user=u, is_focal_point=True)
                                                for o, u in zip(orgs, users, strict=True)])


def test_a_reminder_sweep_survives_a_worker_killed_mid_send_and_sends_each_reminder_exactly_once(rig):
    n = 1000
    _organisations_due_a_reminder(n)
    rig.sink.hold_at = 250  # the mail server stalls on the 251st message ...
    worker = rig.worker().start()
    result = reminder_sweep(on=datetime.date(2025, 5, 25))  # 7 days before: one reminder each
    assert result["created"] == n
    wait_for(rig.sink.held.is_set, timeout=60, what="the sending to reach the stalled message")
    worker.kill()  # ... and the worker is killed (SIGKILL) while it waits
    assert rig.sink.count() == 250
    assert ReportReminder.objects.filter(emailed_at__isnull=False).count() == 250  # marked = accepted
    rig.sink.stop_holding()

    rig.worker().start()
    drain(rig, timeout=90)
    ids = rig.sink.message_ids()
    expected = {outbox.message_id(key) for key in OutboxMessage.objects.values_list("key", flat=True)}
    assert len(expected) == n
    assert set(ids) == expected
    assert set(ids.values()) == {1}  # every reminder exactly once at the mail server
    assert ReportReminder.objects.filter(emailed_at__isnull=False, recipients=1).count() == n
    assert OutboxMessage.objects.filter(state=State.SENT).count() == n


def _list_to_publish(n: int) -> ConsolidatedList:
    """An unpublished list of n entries (bulk test data)."""
    session = Session.objects.create(committee=ngo_committee(), year=2031, kind="regular",
                                     starts_on=datetime.date(2031, 1, 20), ends_on=datetime.date(2031, 2, 5))
    country = Country.objects.order_by("iso2").first()
    orgs = Organisation.objects.bulk_create([Organisation(name=f"Listed organisation {i}", acronym=f"L{i}",
                                                          country=country) for i in range(n)])
    apps = Application.objects.bulk_create([Application(organisation=o, state="prescreened", session=session,
                                                        requested_category="special", recommendation="special",
                                                        recommendation_reason="Meets the criteria.")
                                            for o in orgs])
    clist = ConsolidatedList.objects.create(session=session, version=1)
    ConsolidatedListEntry.objects.bulk_create([ConsolidatedListEntry(
        consolidated_list=clist, application=a, position=i + 1, organisation_name=a.organisation.name,
        country_name=country.name, region=country.region, requested_category="special", recommendation="special",
        recommendation_reason="Meets the criteria " * 8,
        summary=[{"criterion": "Registered two years", "result": "met", "note": "Registered in 2001."}])
        for i, a in enumerate(apps)])
    return clist


def test_a_pdf_render_killed_mid_way_is_done_again_after_restart_and_saved_once(rig):
    from accreditation.exports import ConsolidatedListExport
    from accreditation.services import consolidated_list_publish
    from portal.models import StoredExport

    clist = _list_to_publish(1500)
    pdfs = StoredExport.objects.filter(exporter=ConsolidatedListExport.name, object_id=str(clist.pk), fmt="pdf")
    # A short render lease: the redelivered task (visibility timeout 3 s) takes the abandoned render over.
    worker = rig.worker(EXPORTS_RENDER_LEASE_SECONDS=2).start()
    consolidated_list_publish(consolidated_list=clist, by=officer())
    assert pdfs.count() == len(settings.LANGUAGES)  # the frozen list, one PDF per language, queued
    wait_for(lambda: pdfs.filter(state=StoredExport.State.RUNNING).exists(), timeout=60, what="a render to start")
    worker.kill()  # killed while a PDF is being rendered
    killed = pdfs.get(state=StoredExport.State.RUNNING)
    assert not killed.file

    rig.worker(EXPORTS_RENDER_LEASE_SECONDS=2).start()  # the unacknowledged task comes back
    wait_for(lambda: pdfs.filter(state=StoredExport.State.READY).count() == len(settings.LANGUAGES), timeout=180,
             what="every PDF after the restart")
    for row in pdfs:
        with row.file.open("rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
    killed.refresh_from_db()
    assert killed.attempts == 2  # claimed by the killed worker, then once more
    folder = (settings.MEDIA_ROOT / killed.file.name).parent
    assert sorted(p.name.split("-", 1)[0] for p in folder.iterdir()) == sorted(str(r.pk) for r in pdfs)  # saved once


def test_terminated_database_connections_during_a_burst_leave_no_inconsistent_rows_and_lose_no_acknowledgement(rig):
    units_and_rules()
    app, ngo = make_ready_application()
    org = app.organisation
    rig.worker().start()
    database = connection.settings_dict["NAME"]
    stop = threading.Event()
    responses, terminated = [], []

    def terminate():
        admin = psycopg2.connect(dbname="postgres", user=connection.settings_dict["USER"],
                                 password=connection.settings_dict.get("PASSWORD") or None,
                                 host=connection.settings_dict["HOST"] or "127.0.0.1",
                                 port=connection.settings_dict["PORT"] or 5432)
        admin.autocommit = True
        try:
            with admin.cursor() as cursor:
                seen = 0
                while not stop.is_set():  # after every third success, whatever the machine's speed
                    if responses.count(302) < seen + 3:
                        stop.wait(0.02)
                        continue
                    seen = responses.count(302)
                    cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                   "WHERE datname = %s AND pid <> pg_backend_pid()", [database])
                    terminated.append(cursor.fetchone()[0])
        finally:
            admin.close()

    clients = []
    for _ in range(3):
        clients.append(Client(raise_request_exception=False))
        clients[-1].force_login(ngo)

    def burst(n):
        client = clients[n]
        try:
            for i in range(12):
                # What the WSGI handler does at each request (the test client skips it):
                # drop a connection the database ended, open a fresh one.
                close_old_connections()
                try:
                    responses.append(post_inquiry(client, org, f"Question {n}-{i}").status_code)
                except Exception:  # the login session itself may be cut off: the request failed, nothing more
                    responses.append("error")
        finally:
            connection.close()

    killer = threading.Thread(target=terminate)
    killer.start()
    threads = [threading.Thread(target=burst, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    killer.join()
    connection.close()
    assert sum(terminated) > 0  # connections really were cut
    assert responses.count(302) > 0

    inquiries = list(Inquiry.objects.order_by("pk"))
    assert len(inquiries) >= responses.count(302)
    # Every inquiry has its audit row and its acknowledgement queued; nothing refers to a missing inquiry.
    audited = set(AuditEntry.objects.filter(action="inquiry.submit").values_list("object_id", flat=True))
    assert audited == {str(i.pk) for i in inquiries}
    keys = set(OutboxMessage.objects.values_list("key", flat=True))
    assert keys == {f"inquiry-acknowledgement:{i.pk}" for i in inquiries}

    drain(rig, timeout=90)
    assert acknowledgements_at_sink(rig, inquiries) == [1] * len(inquiries)
    assert Inquiry.objects.filter(acknowledgement_sent_at__isnull=True).count() == 0

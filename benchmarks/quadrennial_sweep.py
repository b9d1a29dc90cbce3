"""Quadrennial benchmark: the daily reminder sweep over ~6,500 organisations
in status (the real scale: general 138, special 5,389, roster 967).

    .venv/bin/python -m benchmarks.quadrennial_sweep [--organisations N]

Measures (1) an ordinary day (status granted on dates spread over 30 years, so
a few reminders are due), (2) the worst day, when every organisation owes a
reminder at once (6,500 reports created, 6,500 reminders inserted and
e-mailed), and (3) the same sweep run a second time (nothing may be sent).
Runs on a throw-away SQLite database under a temporary PORTAL_VAR_DIR unless
DATABASE_URL is set (then it uses a test database created by Django).
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=6500)
    args, _rest = parser.parse_known_args(sys.argv[1:])
    os.environ.setdefault("PORTAL_VAR_DIR", tempfile.mkdtemp(prefix="bench-quadrennial-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment

    setup_test_environment()  # locmem e-mail
    runner = DiscoverRunner(verbosity=0)
    old = runner.setup_databases()
    try:
        run(args.organisations)
    finally:
        runner.teardown_databases(old)


def _populate(n, granted_on):
    from django.contrib.auth import get_user_model

    from accreditation.models import Organisation, OrganisationMembership

    User = get_user_model()
    rng = random.Random(4)
    # Setup only (not measured): rows written in bulk, as a data import would.
    orgs = Organisation.objects.bulk_create([
        Organisation(name=f"Benchmark organisation {i}", profile_state="approved",
                     status_category="roster" if i % 7 == 0 else ("general" if i % 47 == 0 else "special"),
                     status_state="active", status_granted_on=granted_on(rng, i), email=f"org{i}@example.org")
        for i in range(n)], batch_size=1000)
    users = User.objects.bulk_create([
        User(username=f"bench{i}", email=f"bench{i}@example.org", role="ngo", is_active=True)
        for i in range(n)], batch_size=1000)
    OrganisationMembership.objects.bulk_create([
        OrganisationMembership(organisation=o, user=u, is_focal_point=True) for o, u in zip(orgs, users, strict=True)],
        batch_size=1000)


def _measure(label, on):
    """Times the sweep itself (what the beat job does: reminder rows and their
    e-mails queued in the outbox) and, separately, the outbox relay sending
    them (what the workers then do)."""
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accreditation.quadrennial.services import reminder_sweep
    from portal import outbox

    mail.outbox = []
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        with outbox_hand_over_off():
            result = reminder_sweep(on=on)
        elapsed = time.perf_counter() - start
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as mail_ctx:
        outbox.relay()
    mailing = time.perf_counter() - start
    print(f"{label:<46} sweep {elapsed * 1000:7.0f} ms {len(ctx.captured_queries):4d} queries | "
          f"{result['created']:5d} reminders | sending {mailing * 1000:7.0f} ms "
          f"{len(mail_ctx.captured_queries):5d} queries {len(mail.outbox):6d} e-mails", flush=True)
    return elapsed


class outbox_hand_over_off:
    """The sweep's rows stay pending (the relay is timed on its own)."""

    def __enter__(self):
        from portal import outbox

        self.real, outbox.hand_over = outbox.hand_over, lambda **kwargs: None

    def __exit__(self, *exc):
        from portal import outbox

        outbox.hand_over = self.real


def run(n):
    from django.db import connection

    from accreditation.models import Organisation
    from accreditation.quadrennial.models import QuadrennialReport, ReportReminder
    print(f"database: {connection.vendor}; organisations in status: {n}", flush=True)

    _populate(n, lambda rng, i: datetime.date(1995 + rng.randrange(30), 1 + rng.randrange(12), 1))
    # The first sweep after deployment reminds every organisation whose last
    # report is missing; the next days only send steps newly reached.
    _measure("first day after deployment (30 years of grants)", datetime.date(2026, 3, 3))
    _measure("same day, second run (sends nothing)", datetime.date(2026, 3, 3))
    _measure("ordinary next day", datetime.date(2026, 3, 4))
    _measure("ordinary day a week later", datetime.date(2026, 3, 10))

    ReportReminder.objects.all().delete()
    QuadrennialReport.objects.all().delete()
    Organisation.objects.update(status_granted_on=datetime.date(2020, 7, 1))
    worst = datetime.date(2025, 6, 1) - datetime.timedelta(days=180)
    _measure("worst day: every organisation due a reminder", worst)
    _measure("worst day, second run (sends nothing)", worst)


if __name__ == "__main__":
    main()

"""Participation benchmark: registering representatives (each in one locked
transaction with its audit row) and rendering the lists with many rows.

    .venv/bin/python -m benchmarks.participation_registration [--registrations N]

Runs on a throw-away SQLite database under a temporary PORTAL_VAR_DIR unless
DATABASE_URL is set (then it uses a test database created by Django).
"""

import argparse
import os
import sys
import tempfile
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--registrations", type=int, default=300)
    args = parser.parse_args([a for a in sys.argv[1:] if a.startswith("--registrations")] or None)
    os.environ.setdefault("PORTAL_VAR_DIR", tempfile.mkdtemp(prefix="bench-participation-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0)
    old = runner.setup_databases()
    try:
        run(args.registrations)
    finally:
        runner.teardown_databases(old)


def run(n):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from benchmarks.common import logged_in
    from participation import services
    from participation.models import Designation
    from tests.participation.factories import make_meeting, make_member, make_org, make_staff

    staff = make_staff()
    meeting = make_meeting(capacity=n // 2, cap=7)
    orgs = [make_org("general") for _ in range(n // 5 + 1)]
    designations = []
    roles = [Designation.Role.MAIN] + [Designation.Role.ADDITIONAL] * 4
    for org in orgs:
        for i, role in enumerate(roles):
            designations.append(services.designation_create(
                by=staff, organisation=org, year=timezone.localdate().year, role=role,
                first_name="Rep", last_name=f"{org.pk}-{i}"))
    designations = designations[:n]
    started = time.perf_counter()
    for d in designations:
        services.registration_create(by=staff, meeting=meeting, designation=d)
    elapsed = time.perf_counter() - started
    print(f"registration_create: {n} registrations in {elapsed:.2f}s "
          f"({1000 * elapsed / n:.1f} ms each; {n // 2} places, the rest waitlisted)")

    regs = list(meeting.registrations.all()[:20])
    started = time.perf_counter()
    for r in regs:
        services.registration_withdraw(by=staff, registration=r)
    elapsed = time.perf_counter() - started
    print(f"registration_withdraw (+ waiting-list promotion): {1000 * elapsed / len(regs):.1f} ms each")

    client = Client()
    logged_in(staff, client)
    for label, url in (("meeting registrations page", f"/participation/meetings/{meeting.pk}/registrations/"),
                       ("API registrations (page of 500)", "/api/v1/participation/registrations/?page_size=500")):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as q:
            started = time.perf_counter()
            for _ in range(5):
                assert client.get(url).status_code == 200
            elapsed = (time.perf_counter() - started) / 5
        print(f"{label}: {1000 * elapsed:.0f} ms, {len(q) // 5} queries, {n} rows")
    reg = meeting.registrations.filter(state="requested").select_related("organisation").first()
    fp = make_member(reg.organisation, focal_point=True)
    services.registration_approve(by=fp, registration=reg)
    services.registration_confirm(by=staff, registration=reg)
    logged_in(fp, client)
    started = time.perf_counter()
    r = client.get(f"/participation/registrations/{reg.pk}/badge.pdf")
    print(f"badge PDF: {1000 * (time.perf_counter() - started):.0f} ms, {len(r.content)} bytes")


if __name__ == "__main__":
    main()

"""Trust-fund benchmark: awards (each locks the fund row, checks the balance
from the ledger, commits and audits) and the donor report (page, CSV, PDF)
over N funded travellers.

    .venv/bin/python -m benchmarks.trustfund_report [--applications 300] [--repeat 3]

Runs on a throw-away SQLite database under a temporary PORTAL_VAR_DIR unless
DATABASE_URL is set (then it uses a test database created by Django).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args, _unknown = parser.parse_known_args(sys.argv[1:])
    os.environ.setdefault("PORTAL_VAR_DIR", tempfile.mkdtemp(prefix="bench-trustfund-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0)
    old = runner.setup_databases()
    try:
        run(args.applications, args.repeat)
    finally:
        runner.teardown_databases(old)


def _timed(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(n, repeat):
    from django.test import Client
    from django.urls import reverse

    from portal.roles import Role
    from tests.factories import UserFactory
    from tests.trustfund import factories as f
    from trustfund import services

    manager = UserFactory(username="bench-manager", role=Role.SECRETARIAT)
    donor_user = UserFactory(username="bench-donor", role=Role.DONOR)
    mtg = f.meeting()
    grant_call = f.call(mtg, ceiling=10 ** 9)
    f.fund_money(grant_call.fund, str(2000 * n), by=manager)
    f.donor("Kingdom of Norway", users=[donor_user])
    apps = []
    start = time.perf_counter()
    for i in range(n):
        user = f.ngo_user()
        org = f.organisation(members=[user], country=["KE", "IN", "PE", "FJ", "BD"][i % 5])
        apps.append(f.apply(grant_call, f.nominee(org, mtg, gender=["female", "male"][i % 2]), by=user))
    build = time.perf_counter() - start
    start = time.perf_counter()
    for app in apps:
        services.application_award(application=app, by=manager)
    award = (time.perf_counter() - start) / n

    client = Client()
    client.force_login(donor_user)
    urls = {"page": reverse("trustfund:report", args=["participation"]),
            "csv": reverse("trustfund:report-csv", args=["participation"]),
            "pdf": reverse("trustfund:report-pdf", args=["participation"])}
    print(f"trustfund: {n} applications built in {build:.1f} s; award (lock + ledger + audit): "
          f"{award * 1000:.1f} ms each")
    for name, url in urls.items():
        if client.get(url).status_code == 202:  # a document: prepared in the background, then served stored
            from portal import exports
            from portal.models import StoredExport

            exports.export_render(export_id=StoredExport.objects.latest("pk").pk)
        assert client.get(url).status_code == 200
        t = _timed(lambda url=url: client.get(url), repeat)
        print(f"trustfund: donor report {name} over {n} travellers: {t * 1000:.0f} ms median of {repeat}")


if __name__ == "__main__":
    main()

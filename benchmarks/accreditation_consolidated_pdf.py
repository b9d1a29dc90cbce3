"""Accreditation benchmark: the consolidated list of a session as the PDF a
delegate prints (weasyprint), and its web page, CSV and XLSX, for N applications.

    .venv/bin/python -m benchmarks.accreditation_consolidated_pdf [--applications 500] [--repeat 3]

Runs on a throw-away SQLite database under a temporary PORTAL_VAR_DIR unless
DATABASE_URL is set (then it uses a test database created by Django).
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=2)
    args, _unknown = parser.parse_known_args(sys.argv[1:])
    os.environ.setdefault("PORTAL_VAR_DIR", tempfile.mkdtemp(prefix="bench-accreditation-"))
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


def _build(n):
    """n pre-screened applications with criterion results, then the real list build service."""
    from django.contrib.auth import get_user_model

    from accreditation import services
    from accreditation.models import (
        Application,
        Committee,
        CriteriaSet,
        CriterionResult,
        Organisation,
        Session,
    )
    from portal.models import Country
    from portal.roles import Role

    User = get_user_model()
    officer = User.objects.create(username="bench-officer", email="bench-officer@example.org", role=Role.SECRETARIAT)
    member = User.objects.create(username="bench-member", email="bench-member@example.org", role=Role.COMMITTEE)
    committee = Committee.objects.get(code="ngo-committee")
    committee.members.add(member)
    session = Session.objects.create(committee=committee, year=2031, kind="regular",
                                     starts_on=datetime.date(2031, 1, 20), ends_on=datetime.date(2031, 2, 5))
    criteria = list(CriteriaSet.objects.get(body__code="ecosoc", version=1).criteria.all())
    countries = list(Country.objects.order_by("iso2"))
    orgs = Organisation.objects.bulk_create([
        Organisation(name=f"Organisation for the benchmark number {i}", acronym=f"OB{i}",
                     country=countries[i % len(countries)], profile_state="approved") for i in range(n)])
    apps = Application.objects.bulk_create([
        Application(organisation=o, state="prescreened", session=session, committee=committee,
                    requested_category=("general", "special", "roster")[i % 3],
                    recommendation=("special", "roster", "defer", "special")[i % 4], times_deferred=i % 5 == 0,
                    recommendation_reason="Meets the criteria; relevant work in the field of the Council.")
        for i, o in enumerate(orgs)])
    CriterionResult.objects.bulk_create([
        CriterionResult(application=a, criterion=c, result="met" if (a.pk + c.pk) % 9 else "needs_info",
                        note="Checked against the documents.") for a in apps for c in criteria])
    clist = services.consolidated_list_build(session=session, by=officer)
    services.consolidated_list_publish(consolidated_list=clist, by=officer)
    return clist, member


def _time(label, fn, repeat):
    times, cpu = [], []
    result = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(f"{label:<44} wall median {statistics.median(times):6.2f} s, min {min(times):6.2f} s;"
          f" CPU median {statistics.median(cpu):6.2f} s ({repeat} runs)")
    return result


def run(n, repeat):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    start = time.perf_counter()
    clist, member = _build(n)
    print(f"setup: {n} applications, list built and published in {time.perf_counter() - start:.1f} s")
    client = Client()
    client.force_login(member)
    for fmt in ("pdf", "csv", "xlsx"):
        url = reverse("accreditation:list-export", args=[clist.pk, fmt])
        with CaptureQueriesContext(connection) as ctx:
            response = _time(f"consolidated list {fmt.upper()} ({n} applications)", lambda u=url: client.get(u),
                             repeat)
        assert response.status_code == 200
        print(f"    {len(response.content) / 1024:.0f} KiB, {len(ctx.captured_queries) // repeat} queries per request")
    from accreditation.services import consolidated_list_render_pdf

    _time("render-once task for the published version", lambda: consolidated_list_render_pdf(list_id=clist.pk), 1)
    url = reverse("accreditation:list-export", args=[clist.pk, "pdf"])
    with CaptureQueriesContext(connection) as ctx:
        response = _time(f"stored PDF download ({n} applications)", lambda: client.get(url), repeat)
    print(f"    {len(response.content) / 1024:.0f} KiB, {len(ctx.captured_queries) // repeat} queries per request")
    url = reverse("accreditation:list", args=[clist.pk])
    with CaptureQueriesContext(connection) as ctx:
        _time("consolidated list web page (100 rows)", lambda: client.get(url), repeat)
    print(f"    {len(ctx.captured_queries) // repeat} queries per request")


if __name__ == "__main__":
    main()

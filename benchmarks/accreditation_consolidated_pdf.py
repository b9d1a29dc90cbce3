"""Accreditation benchmark: the consolidated list of a session as the PDF a
delegate prints, side by side in the two engines, in all six languages, and
what a request costs now that documents are rendered in the background.

    .venv/bin/python -m benchmarks.accreditation_consolidated_pdf [--applications 1000] [--repeat 1] [--png DIR]

For each language: Typst (the portal's engine: the real render of the stored
export) and WeasyPrint with a lean table layout (benchmarks/weasyprint_list.html:
fixed layout, widths once, no per-cell styles) on the same rows, wall and CPU
seconds. Then the export link before and after the render (a request never
renders), and the trivial-view floor in the same run. `--png DIR` also writes
the first page of each Typst PDF as PNG (pdftoppm) to look at the shaping.
Runs on a throw-away SQLite database unless DATABASE_URL is set.
"""

import argparse
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import time

from benchmarks.common import logged_in, median_ms, save, table, test_database_name

HERE = pathlib.Path(__file__).resolve().parent
TARGET_S = 5.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--png", default="")
    args, _unknown = parser.parse_known_args(sys.argv[1:])
    os.environ.setdefault("PORTAL_VAR_DIR", tempfile.mkdtemp(prefix="bench-accreditation-"))
    os.environ.setdefault("TEST_DATABASE_NAME", test_database_name("bench_pdf"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        run(args.applications, args.repeat, args.png)
    finally:
        runner.teardown_databases(old)


def build(n):
    """n pre-screened applications with criterion results, then the real list build service."""
    import datetime

    from django.contrib.auth import get_user_model

    from accreditation import services
    from accreditation.models import (
        Application,
        Committee,
        CriteriaSet,
        CriterionResult,
        Decision,
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
    from django.utils import timezone

    type(clist).objects.filter(pk=clist.pk).update(published_at=timezone.now(), published_by=officer)
    clist.refresh_from_db()
    Decision.objects.bulk_create([Decision(application=a, session=session, outcome="defer", reason="Questions")
                                  for a in apps[::3]])
    return clist, member


def _timed(fn, repeat):
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return result, statistics.median(walls), statistics.median(cpus)


def weasyprint_lean(clist, data):
    from django.template import Context, Template
    from django.utils import timezone
    from weasyprint import HTML

    template = Template((HERE / "weasyprint_list.html").read_text())
    lang = data["language"]
    html = template.render(Context({"clist": clist, "session": clist.session, "rows": data["rows"],
                                    "header": data["header"], "now": timezone.now(), "lang": lang["lang"],
                                    "dir": lang["dir"]}))
    return HTML(string=html).write_pdf()


def run(n, repeat, png_dir):
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from accreditation import selectors
    from accreditation.exports import ConsolidatedListExport, list_pdf_data
    from portal import exports

    started = time.perf_counter()
    clist, member = build(n)
    print(f"setup: {n} applications, list built and published in {time.perf_counter() - started:.1f} s")
    try:
        import weasyprint  # noqa: F401
        have_weasyprint = True
    except ImportError:
        have_weasyprint = False
        print("WeasyPrint is not installed (pip install '.[bench]'): Typst only")
    entries = list(selectors.list_entries(clist))
    decisions = selectors.decisions_by_application(clist.session_id)
    exporter = exports.REGISTRY[ConsolidatedListExport.name]
    rows, figures = [], {"applications": n, "target_s": TARGET_S, "languages": {}}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            data = list_pdf_data(clist, entries, decisions)
            data["language"] = exports.typst_language()
            pdf, t_wall, t_cpu = _timed(lambda: exporter.render(clist, {"decisions": "1"}, "pdf",
                                                                lambda *a: None), repeat)
            pages = int(re.search(rb"/Type\s*/Pages\s*/Count\s+(\d+)", pdf).group(1))
            fig = {"typst_s": round(t_wall, 2), "typst_cpu_s": round(t_cpu, 2), "typst_pages": pages,
                   "typst_kib": len(pdf) // 1024}
            if have_weasyprint:
                _wpdf, w_wall, w_cpu = _timed(lambda d=data: weasyprint_lean(clist, d), repeat)
                fig.update({"weasyprint_s": round(w_wall, 2), "weasyprint_cpu_s": round(w_cpu, 2)})
            figures["languages"][code] = fig
            rows.append([code, f"{t_wall:.2f} s ({t_cpu:.2f} CPU)", pages,
                         f"{fig['weasyprint_s']:.2f} s ({fig['weasyprint_cpu_s']:.2f} CPU)" if have_weasyprint
                         else "—", "yes" if t_wall < TARGET_S else "NO"])
            if png_dir:
                pathlib.Path(png_dir).mkdir(parents=True, exist_ok=True)
                path = pathlib.Path(png_dir) / f"consolidated-list-{code}.pdf"
                path.write_bytes(pdf)
                subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(path),
                                str(path.with_suffix(""))], check=False)
    print(f"\nConsolidated list PDF, {n} applications with decisions (median of {repeat}):")
    table(rows, ["language", "Typst (portal)", "pages", "WeasyPrint, lean table", f"Typst < {TARGET_S:.0f} s"])

    client = Client()
    floor = median_ms(lambda: client.get("/livez"), 50)
    logged_in(member, client)
    url = reverse("accreditation:list-export", args=[clist.pk, "pdf"])
    request_ms = median_ms(lambda: client.get(url, {"decisions": "1", "lang": "fr"}), 5)
    row = exports.export_request(exporter=ConsolidatedListExport.name, obj=clist, fmt="pdf", by=member,
                                 variant={"decisions": "1"}, language="fr")
    exports.export_render(export_id=row.pk)

    def download():
        response = client.get(url, {"decisions": "1", "lang": "fr"})
        assert response.status_code == 200, response.status_code
        b"".join(response.streaming_content)
        response.close()

    download_ms = median_ms(download, 10)
    print(f"\nexport link while being prepared: {request_ms:.1f} ms; stored PDF served: {download_ms:.1f} ms; "
          f"trivial view (floor): {floor:.2f} ms")
    figures.update({"floor_ms": round(floor, 2), "request_while_preparing_ms": round(request_ms, 1),
                    "stored_download_ms": round(download_ms, 1)})
    save("consolidated_list_pdf", figures)


if __name__ == "__main__":
    main()

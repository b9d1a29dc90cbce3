"""Directory benchmark: typical public searches over 50,000 organisations.

    .venv/bin/python -m benchmarks.partnerships_directory [--organisations N] [--repeat R]

Bulk-creates N approved organisations (names with accents, acronyms, areas,
countries of activity, status categories, DPI association, conference
accreditation), rebuilds the search index in bulk, then times each typical
search (the result page's queries: count, one page of rows, facets) as the
median of R runs. Runs on a throw-away SQLite database under a temporary
PORTAL_VAR_DIR unless DATABASE_URL is set (then on a PostgreSQL test
database, test_portal_partnerships_bench by default).
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time

WORDS = ["Réseau", "Association", "Fondation", "Alliance", "Société", "Unión", "Coalition", "Network", "Forum",
         "Centre", "Institut", "Conseil", "Movimiento", "Federación", "Trust", "Initiative"]
TOPICS = ["des Femmes", "pour la Santé", "de Desarrollo Rural", "for Water", "for Children's Rights",
          "de l'Éducation", "for Peace", "Écologique", "de Derechos Humanos", "for Disability Rights",
          "contre la Pauvreté", "for Indigenous Peoples", "of Youth", "pour l'Environnement", "Médical"]
PLACES = ["Africaines", "du Sénégal", "de Côte d'Ivoire", "del Perú", "of Kenya", "of India", "de México",
          "du Québec", "of Bangladesh", "de Bogotá", "of Nepal", "de São Paulo", "of Uganda", "du Maghreb"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(sys.argv[1:])
    os.environ.setdefault("PORTAL_VAR_DIR", tempfile.mkdtemp(prefix="bench-partnerships-"))
    os.environ.setdefault("TEST_DATABASE_NAME", "test_portal_partnerships_bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        populate(args.organisations)
        run(args.repeat)
    finally:
        runner.teardown_databases(old)


def populate(n):
    from django.db import connection

    from accreditation.models import AreaOfExpertise, Body, Organisation
    from partnerships.search import rebuild_index
    from portal.models import Country

    rng = random.Random(7)
    countries = list(Country.objects.values_list("iso2", flat=True))
    areas = [AreaOfExpertise.objects.get_or_create(code=f"area-{i}", defaults={"name": f"Area {i}"})[0].pk
             for i in range(20)]
    conference = Body.objects.get_or_create(code="bench-conference",
                                            defaults={"name": "Bench summit", "kind": Body.Kind.CONFERENCE})[0]
    started = time.perf_counter()
    orgs = []
    for i in range(n):
        name = f"{rng.choice(WORDS)} {rng.choice(TOPICS)} {rng.choice(PLACES)} {i}"
        accredited = rng.random() < 0.6
        orgs.append(Organisation(
            name=name, acronym="".join(w[0] for w in name.split()[:4]).upper() + str(i % 100),
            country_id=rng.choice(countries), org_type=rng.choice(Organisation.Type.values),
            profile_state="approved" if rng.random() < 0.95 else "pending",
            status_state="active" if accredited else "none",
            status_category=rng.choice(["general", "special", "special", "special", "roster"]) if accredited else "",
            status_granted_on=datetime.date(rng.randint(1950, 2026), 7, 1) if accredited else None,
            dpi_associated_on=datetime.date(2000, 1, 1) if rng.random() < 0.2 else None,
        ))
    Organisation.objects.bulk_create(orgs, batch_size=2000)
    ids = list(Organisation.objects.values_list("pk", flat=True))
    AreaThrough = Organisation.areas.through
    ActivityThrough = Organisation.countries_of_activity.through
    BodyThrough = Organisation.status_bodies.through
    AreaThrough.objects.bulk_create([AreaThrough(organisation_id=pk, areaofexpertise_id=a)
                                     for pk in ids for a in rng.sample(areas, 2)], batch_size=5000)
    ActivityThrough.objects.bulk_create([ActivityThrough(organisation_id=pk, country_id=c)
                                         for pk in ids for c in rng.sample(countries, 3)], batch_size=5000)
    BodyThrough.objects.bulk_create([BodyThrough(organisation_id=pk, body_id=conference.pk)
                                     for pk in ids if rng.random() < 0.05], batch_size=5000)
    created = time.perf_counter() - started
    started = time.perf_counter()
    indexed = rebuild_index()
    rebuilt = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"database: {connection.vendor}; organisations: {n:,} (created in {created:.1f} s); "
          f"index rebuilt for {indexed:,} in {rebuilt:.1f} s")


SEARCHES = [
    ("name, partial, no accents: 'reseau'", {"q": "reseau"}),
    ("name, two words: 'femmes senegal'", {"q": "femmes senegal"}),
    ("name, rare: 'bogota 4711'", {"q": "bogota 4711"}),
    ("acronym: 'rdfa'", {"q": "rdfa"}),
    ("typo (PostgreSQL trigram): 'fondaton'", {"q": "fondaton"}),
    ("filter: special + Africa", {"status_category": "special", "region": "Africa"}),
    ("combined: q + category + area + activity country",
     {"q": "sante", "status_category": "special", "area": "area-3", "activity_country": "KE"}),
    ("other accreditations: conference", {"other": "conference"}),
    ("no filter (first page of everything)", {}),
]


def run(repeat):
    from django.db import connection
    from django.test import Client

    from partnerships import selectors
    from partnerships.search import DirectoryQuery, facets, ordered, search

    def page_and_facets(params):
        query = DirectoryQuery.from_params(params)
        qs = search(query)
        total = qs.count()
        rows = list(selectors.directory_rows(ordered(qs, query))[:25])
        for row in rows:
            list(row.areas.all())
        facets(qs)
        return total

    print(f"{'search':58} {'results':>8} {'result page':>12} {'+ facets':>10}")
    for label, params in SEARCHES:
        times_page, times_all, total = [], [], 0
        for _ in range(repeat):
            t0 = time.perf_counter()
            query = DirectoryQuery.from_params(params)
            qs = search(query)
            total = qs.count()
            list(selectors.directory_rows(ordered(qs, query))[:25])
            t1 = time.perf_counter()
            page_and_facets(params)
            t2 = time.perf_counter()
            times_page.append((t1 - t0) * 1000)
            times_all.append((t2 - t1) * 1000)
        print(f"{label:58} {total:>8,} {statistics.median(times_page):>9.1f} ms {statistics.median(times_all):>7.1f} ms")
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for url in ["/partnerships/directory/?q=reseau+femmes", "/api/v1/directory/?q=sante&status_category=special",
                "/api/v1/directory/facets/?region=Africa"]:
        client.get(url)
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            for _ in range(repeat):
                response = client.get(url)
        elapsed = (time.perf_counter() - t0) * 1000 / repeat
        print(f"full request {url}: {elapsed:.1f} ms, {len(ctx.captured_queries) // repeat} queries, "
              f"status {response.status_code}")

if __name__ == "__main__":
    main()

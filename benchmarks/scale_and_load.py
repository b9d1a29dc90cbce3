"""Scale and load: every big list page and API list at United Nations scale,
then a bounded load against gunicorn as configured — each figure beside the
trivial-view floor (/livez) measured in the same run.

    DATABASE_URL=postgres://... REDIS_URL=redis://.../N .venv/bin/python -m benchmarks.scale_and_load \
        [--organisations 50000] [--in-status 6500] [--applications 1000] [--clients 20] [--seconds 60]

Needs PostgreSQL (DATABASE_URL; a test database is created and dropped).
Data: 50,000 organisations in the directory, 6,500 of them in status, 1,000
applications in pre-screening and on a published consolidated list.
Part 1 times each page in-process (median of R; ratio to the floor; target
<= 10x). Part 2 starts gunicorn with gunicorn.conf.py on a loopback port and
runs N clients for S seconds mixing anonymous directory search, an NGO
dashboard, the secretariat queue and the committee's list (p50/p95/p99,
errors, requests per second), then the same clients on /livez for the
floor's throughput; last, each web worker's resident memory. Loopback only,
bounded in time and count.
"""

import argparse
import datetime
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

from benchmarks.common import logged_in, save, table, test_database_name

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT") or _free_port())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=50_000)
    parser.add_argument("--in-status", type=int, default=6_500)
    parser.add_argument("--applications", type=int, default=1_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=7)
    args, _unknown = parser.parse_known_args(sys.argv[1:])
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("skipped: needs PostgreSQL (set DATABASE_URL=postgres://...; REDIS_URL for the cache)")
        return
    args.clients = min(args.clients, 50)      # bounded
    args.seconds = min(args.seconds, 300)
    os.environ.setdefault("PORTAL_VAR_DIR", tempfile.mkdtemp(prefix="bench-scale-"))
    os.environ.setdefault("TEST_DATABASE_NAME", test_database_name("bench_scale"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        people = populate(args)
        figures = {"data": {"organisations": args.organisations, "in_status": args.in_status,
                            "applications": args.applications}}
        figures["pages"], figures["load"] = serve_and_measure(people, args.clients, args.seconds, args.repeat)
        save("scale_and_load", figures)
    finally:
        from django.db import connections

        connections.close_all()
        runner.teardown_databases(old)


# ----------------------------------------------------------------- data

WORDS = ["Réseau", "Association", "Fondation", "Alliance", "Société", "Unión", "Coalition", "Network", "Forum",
         "Centre", "Institut", "Conseil", "Movimiento", "Federación", "Trust", "Initiative"]
TOPICS = ["des Femmes", "pour la Santé", "de Desarrollo Rural", "for Water", "for Children's Rights",
          "de l'Éducation", "for Peace", "Écologique", "de Derechos Humanos", "for Disability Rights"]
PLACES = ["Africaines", "du Sénégal", "de Côte d'Ivoire", "del Perú", "of Kenya", "of India", "de México",
          "du Québec", "of Bangladesh", "de Bogotá", "of Nepal", "de São Paulo", "of Uganda", "du Maghreb"]


def populate(args):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from accreditation import services
    from accreditation.models import (
        Application,
        AreaOfExpertise,
        Committee,
        CriteriaSet,
        CriterionResult,
        Organisation,
        OrganisationMembership,
        Session,
    )
    from partnerships.search import rebuild_index
    from portal.models import Country
    from portal.roles import Role

    started = time.perf_counter()
    rng = random.Random(16)
    User = get_user_model()
    countries = list(Country.objects.values_list("iso2", flat=True))
    areas = [AreaOfExpertise.objects.get_or_create(code=f"area-{i}", defaults={"name": f"Area {i}"})[0].pk
             for i in range(20)]
    status_ids = set(rng.sample(range(args.organisations), args.in_status))
    orgs = []
    for i in range(args.organisations):
        name = f"{rng.choice(WORDS)} {rng.choice(TOPICS)} {rng.choice(PLACES)} {i}"
        accredited = i in status_ids
        orgs.append(Organisation(
            name=name, acronym="".join(w[0] for w in name.split()[:4]).upper() + str(i % 100),
            country_id=rng.choice(countries), org_type=rng.choice(Organisation.Type.values),
            profile_state="approved", registered_on=datetime.date(2000, 1, 1),
            status_state="active" if accredited else "none",
            status_category=rng.choice(["general", "special", "special", "special", "roster"]) if accredited else "",
            status_granted_on=datetime.date(rng.randint(1990, 2025), 7, 1) if accredited else None))
    Organisation.objects.bulk_create(orgs, batch_size=5000)
    ids = list(Organisation.objects.values_list("pk", flat=True))
    Through = Organisation.areas.through
    Through.objects.bulk_create([Through(organisation_id=pk, areaofexpertise_id=a)
                                 for pk in ids for a in rng.sample(areas, 2)], batch_size=10000)
    rebuild_index()

    officer = User.objects.create_user("bench-officer", "bench-officer@example.org", "x", role=Role.SECRETARIAT)
    member = User.objects.create_user("bench-member", "bench-member@example.org", "x", role=Role.COMMITTEE)
    ngo = User.objects.create_user("bench-ngo", "bench-ngo@example.org", "x", role=Role.NGO)
    committee = Committee.objects.get(code="ngo-committee")
    committee.members.add(member)
    OrganisationMembership.objects.create(user=ngo, organisation_id=ids[0], is_focal_point=True)
    session = Session.objects.create(committee=committee, year=2031, kind="regular",
                                     starts_on=datetime.date(2031, 1, 20), ends_on=datetime.date(2031, 2, 5))
    applicants = [pk for pk in ids if pk not in status_ids][: args.applications * 2]
    now = timezone.now()
    prescreen = Application.objects.bulk_create([
        Application(organisation_id=pk, state=("submitted", "prescreening", "info_requested")[i % 3],
                    session=session, committee=committee, requested_category="special",
                    submitted_at=now - datetime.timedelta(days=i % 400), received_on=datetime.date(2030, 5, 1),
                    officer=officer if i % 2 else None)
        for i, pk in enumerate(applicants[: args.applications])])
    listed = Application.objects.bulk_create([
        Application(organisation_id=pk, state="prescreened", session=session, committee=committee,
                    requested_category="special", recommendation="special", received_on=datetime.date(2030, 5, 1),
                    recommendation_reason="Meets the criteria.")
        for pk in applicants[args.applications: args.applications * 2]])
    criteria = list(CriteriaSet.objects.get(body__code="ecosoc", version=1).criteria.all())
    CriterionResult.objects.bulk_create([CriterionResult(application=a, criterion=c, result="met")
                                         for a in listed for c in criteria], batch_size=10000)
    clist = services.consolidated_list_build(session=session, by=officer)
    type(clist).objects.filter(pk=clist.pk).update(published_at=now, published_by=officer)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"data: {args.organisations:,} organisations ({args.in_status:,} in status), {len(prescreen):,} "
          f"applications in pre-screening, a published list of {len(listed):,}; built in "
          f"{time.perf_counter() - started:.0f} s")
    return {"officer": officer, "member": member, "ngo": ngo, "list": clist, "org": ids[0]}


def _urls(people):
    from django.urls import reverse

    clist = people["list"]
    return [
        ("anonymous", "directory, search 'femmes senegal'", "/partnerships/directory/?q=femmes+senegal"),
        ("anonymous", "directory, first page of all", "/partnerships/directory/"),
        ("anonymous", "API directory", "/api/v1/directory/"),
        ("officer", "organisations in status (API)", "/api/v1/accreditation/organisations/?status_state=active"),
        ("officer", "pre-screening queue", reverse("accreditation:queue")),
        ("officer", "API applications", "/api/v1/accreditation/applications/"),
        ("member", "committee's consolidated list", reverse("accreditation:list", args=[clist.pk])),
        ("member", "API consolidated list entries",
         f"/api/v1/accreditation/consolidated-lists/{clist.pk}/entries/"),
        ("ngo", "NGO dashboard", "/dashboard/ngo/"),
    ]


def query_counts(people):
    """Queries per page, counted in-process (the same at any scale: tests assert it)."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for who, label, url in _urls(people):
        client = logged_in(people[who]) if who != "anonymous" else Client()
        client.get(url)
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(url).status_code
        counts[label] = (status, len(ctx.captured_queries))
    return counts


def _get_ms(conn, path, cookie):
    t0 = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    response.read()
    return (time.perf_counter() - t0) * 1000, response.status


def pages(people, cookies, counts, repeat):
    """Each page over HTTP from gunicorn, one request at a time (median of
    `repeat`), beside /livez measured the same way, interleaved."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    floors, rows, out = [], [], {"pages": {}}
    for who, label, url in _urls(people):
        cookie = cookies.get(who, "")
        _get_ms(conn, url, cookie)  # warm
        times = []
        for _ in range(repeat):
            floors.append(_get_ms(conn, "/livez", "")[0])
            ms, status = _get_ms(conn, url, cookie)
            times.append(ms)
        out["pages"][label] = {"url": url, "status": status, "ms": round(statistics.median(times), 1),
                               "queries": counts[label][1]}
    conn.close()
    floor = statistics.median(floors)
    out["floor_ms"] = round(floor, 2)
    for label, page in out["pages"].items():
        page["ratio_to_floor"] = round(page["ms"] / floor, 1)
        rows.append([label, page["status"], page["queries"], f"{page['ms']:.1f}", f"{page['ratio_to_floor']:.1f}x"])
    print(f"\nPages and API lists over HTTP (gunicorn, one at a time, median of {repeat}); "
          f"floor /livez {floor:.2f} ms:")
    table(rows, ["page", "status", "queries", "ms", "vs floor"])
    return out


# ----------------------------------------------------------------- load

def _session_cookie(user):
    c = logged_in(user)
    return f"sessionid={c.cookies['sessionid'].value}"


def _start_gunicorn(env):
    cmd = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{PORT}",
           "--access-logfile", "/dev/null", "portal.wsgi:application"]
    # The server's own log goes to a file (a pipe nobody reads would fill and stall it).
    log = open(os.path.join(os.environ["PORTAL_VAR_DIR"], "gunicorn.log"), "w+b")  # noqa: SIM115
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/livez", timeout=2).read()
            return proc
        except OSError:
            time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGTERM)
    log.seek(0)
    raise RuntimeError("gunicorn did not start: " + log.read()[-4000:].decode(errors="replace"))


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def _rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return 0.0
    return 0.0


def _cpu_s(pids):
    """User + system CPU seconds used so far by these processes."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / tick


def _hammer(mix, clients, seconds):
    """`clients` threads for `seconds`, each picking the next URL of the mix in
    turn; returns latencies (ms), errors, and requests per second."""
    latencies, errors, lock = [], [], threading.Lock()
    stop = time.monotonic() + seconds
    max_requests = 200_000  # a hard bound besides the time

    def worker(i):
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        n = i
        while time.monotonic() < stop:
            path, cookie = mix[n % len(mix)]
            n += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException) as exc:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                response = exc
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(ms)
                if not ok:
                    errors.append(f"{path}: {getattr(response, 'status', response)}")
                if len(latencies) >= max_requests:
                    break
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    return latencies, errors, len(latencies) / elapsed


def _pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else 0.0


def serve_and_measure(people, clients, seconds, repeat):
    """Start gunicorn on the benchmark database; pages one at a time, then the load."""
    from django.conf import settings
    from django.db import connection

    counts = query_counts(people)
    cookies = {who: _session_cookie(people[who]) for who in ("officer", "member", "ngo")}
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env["DATABASE_URL"] = (f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
                           f"{db['PORT'] or 5432}/{connection.settings_dict['NAME']}")
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    env["DEBUG"] = "false"
    env["LOG_LEVEL"] = "WARNING"
    connection.close()
    proc = _start_gunicorn(env)
    try:
        page_figures = pages(people, cookies, counts, repeat)
        load_figures = load(proc, people, cookies, clients, seconds)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    return page_figures, load_figures


def load(proc, people, cookies, clients, seconds):
    clist = people["list"]
    searches = ["femmes", "sante senegal", "reseau", "fondation kenya", "peace", "rural peru", "water", "youth"]
    mix = []
    for i, q in enumerate(searches):
        mix.append((f"/partnerships/directory/?q={q.replace(' ', '+')}", ""))
        mix.append(("/dashboard/ngo/", cookies["ngo"]))
        mix.append((f"/accreditation/queue/?page={1 + i % 3}", cookies["officer"]))
        mix.append((f"/accreditation/lists/{clist.pk}/?page={1 + i % 3}", cookies["member"]))
    workers = _children(proc.pid)
    # Warm every worker and the caches first (not measured).
    _hammer(mix, clients, 5)
    cpu_before = _cpu_s(workers)
    latencies, errors, rps = _hammer(mix, clients, seconds)
    cpu_ms = (_cpu_s(workers) - cpu_before) * 1000 / max(len(latencies), 1)
    rss = {pid: round(_rss_mb(pid), 1) for pid in _children(proc.pid)}
    cpu_before = _cpu_s(workers)
    floor_lat, floor_err, floor_rps = _hammer([("/livez", "")], clients, min(15, seconds))
    floor_cpu_ms = (_cpu_s(workers) - cpu_before) * 1000 / max(len(floor_lat), 1)
    out = {
        "clients": clients, "seconds": seconds, "workers": len(workers),
        "requests": len(latencies), "errors": len(errors), "error_examples": errors[:5],
        "rps": round(rps, 1), "p50_ms": round(_pct(latencies, 50), 1), "p95_ms": round(_pct(latencies, 95), 1),
        "p99_ms": round(_pct(latencies, 99), 1), "mean_ms": round(statistics.fmean(latencies), 1) if latencies else 0,
        "floor_rps": round(floor_rps, 1), "floor_p95_ms": round(_pct(floor_lat, 95), 1),
        "floor_errors": len(floor_err), "worker_rss_mb": rss, "max_worker_rss_mb": max(rss.values(), default=0),
        # Server CPU per request: what the mix costs whatever else the machine is doing.
        "server_cpu_ms_per_request": round(cpu_ms, 1), "floor_server_cpu_ms_per_request": round(floor_cpu_ms, 2),
        "load_average_after": os.getloadavg(),
    }
    print(f"\nLoad: {clients} clients x {seconds} s against gunicorn ({len(workers)} workers, gunicorn.conf.py), "
          f"mix of directory search / NGO dashboard / queue / committee list:")
    table([["mix", out["requests"], out["errors"], f"{out['rps']:.0f}", out["p50_ms"], out["p95_ms"], out["p99_ms"]],
           ["floor /livez", len(floor_lat), len(floor_err), f"{floor_rps:.0f}", round(_pct(floor_lat, 50), 1),
            out["floor_p95_ms"], round(_pct(floor_lat, 99), 1)]],
          ["", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms"])
    print(f"server CPU per request: mix {cpu_ms:.1f} ms, floor {floor_cpu_ms:.2f} ms; machine load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"web workers' resident memory after the load: {sorted(rss.values())} MB (target < 200)")
    return out


if __name__ == "__main__":
    main()

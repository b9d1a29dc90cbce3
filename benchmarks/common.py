"""What every benchmark shares: the trivial-view floor, timing helpers and
benchmarks/results/latest.json (one key per benchmark, not committed)."""

import datetime
import json
import os
import pathlib
import platform
import statistics
import time

RESULTS = pathlib.Path(__file__).resolve().parent / "results"


def machine() -> str:
    cpus = os.cpu_count()
    mem = ""
    try:
        kb = int(next(line for line in open("/proc/meminfo") if line.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{platform.machine()} {cpus} cores{mem}, {platform.system()} {platform.release()}, " \
           f"Python {platform.python_version()}"


def test_database_name(suffix: str) -> str:
    """A throw-away database named after the configured one (never the same)."""
    name = os.environ.get("DATABASE_URL", "").rsplit("/", 1)[-1].split("?")[0] or "portal"
    return f"test_{name}_{suffix}"


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def save(name: str, figures: dict):
    """Merge this benchmark's figures into latest.json under `name`."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "latest.json"
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        data = {}
    data["machine"] = machine()
    data[name] = {"at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                  "load_average": os.getloadavg(), **figures}
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")


def table(rows, header):
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    print(line.format(*header))
    for r in rows:
        print(line.format(*r))


def logged_in(user, client=None):
    """A client logged in as `user`, past the two-step code staff give (their
    demo authenticator), as a person at work would be."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from portal.demo import ensure_demo_authenticator
    from portal.twofactor import requires_two_factor

    client = client or Client()
    client.force_login(user)
    if requires_two_factor(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = ensure_demo_authenticator(user).persistent_id
        session.save()
    return client

"""/healthz: database, cache and broker, each checked for real, and the
outbox backlog: how many side effects wait and for how long. Not ready (503)
when a part is down or the oldest waiting row is older than
OUTBOX["MAX_PENDING_AGE_SECONDS"]."""

import logging
import uuid

from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from . import outbox
from .celery import app as celery_app
from .models import Heartbeat

logger = logging.getLogger(__name__)


def database_connection():
    return connections["default"]


def check_database():
    with database_connection().cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 5)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return the value just written")
    cache.delete(key)


def check_broker():
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


@never_cache
def healthz(request):
    result = {}
    healthy = True
    for name, check in CHECKS.items():
        try:
            check()
            result[name] = "ok"
        except Exception as exc:  # any failure is reported, none hides the others
            healthy = False
            result[name] = f"error: {exc.__class__.__name__}"
            logger.warning("healthz %s failed", name, exc_info=True)
    body = {}
    if result.get("database") == "ok":
        beat = Heartbeat.objects.filter(name="beat").values_list("last_seen", flat=True).first()
        result["last_periodic_run"] = beat.isoformat() if beat else None
        backlog = outbox.backlog()
        limit = outbox.conf("MAX_PENDING_AGE_SECONDS")
        backlog["max_pending_age_seconds"] = limit
        body["outbox"] = backlog
        if backlog["oldest_pending_seconds"] > limit:
            healthy = False
            result["outbox"] = "error: backlog older than the limit"
        else:
            result["outbox"] = "ok"
    return JsonResponse({"status": "ok" if healthy else "error", "checks": result, **body},
                        status=200 if healthy else 503)


def livez(request):
    """Liveness: the process answers, touching nothing else (no database,
    cache or broker). Also the trivial view whose time is the benchmarks' floor."""
    return HttpResponse("ok", content_type="text/plain")

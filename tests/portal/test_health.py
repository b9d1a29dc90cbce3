import pytest
from django.db.utils import ConnectionHandler

from portal import health
from portal.celery import app as celery_app


@pytest.mark.django_db
def test_healthz_is_200_with_every_check_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "ok",
                                         "last_periodic_run": None, "outbox": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    unreachable = ConnectionHandler({"default": {
        "ENGINE": "django.db.backends.postgresql", "NAME": "portal", "USER": "postgres",
        "HOST": "127.0.0.1", "PORT": "1", "OPTIONS": {"connect_timeout": 2},
    }})
    monkeypatch.setattr(health, "database_connection", lambda: unreachable["default"])
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "error: OperationalError"
    assert body["checks"]["broker"] == "ok"


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(client):
    previous = celery_app.conf.broker_write_url
    celery_app.conf.broker_write_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        celery_app.conf.broker_write_url = previous
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error: ")
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_healthz_reports_the_outbox_backlog_and_is_not_ready_when_it_is_too_old(client, settings):
    import datetime

    from django.utils import timezone

    from portal import outbox
    from portal.models import OutboxMessage

    settings.OUTBOX = {**settings.OUTBOX, "MAX_PENDING_AGE_SECONDS": 600}
    outbox.enqueue_task("portal.tasks.heartbeat", key="heartbeat:1")
    outbox.enqueue_task("portal.tasks.heartbeat", key="heartbeat:2")
    OutboxMessage.objects.filter(key="heartbeat:1").update(created_at=timezone.now() - datetime.timedelta(seconds=300))
    body = client.get("/healthz").json()
    assert body["checks"]["outbox"] == "ok"
    assert body["outbox"]["pending"] == 2 and body["outbox"]["failed"] == 0
    assert 299 <= body["outbox"]["oldest_pending_seconds"] <= 330
    assert body["outbox"]["max_pending_age_seconds"] == 600

    OutboxMessage.objects.filter(key="heartbeat:1").update(created_at=timezone.now() - datetime.timedelta(seconds=601))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["outbox"] == "error: backlog older than the limit"
    assert response.json()["checks"]["database"] == "ok"

    OutboxMessage.objects.update(state=OutboxMessage.State.FAILED)  # failed rows wait for staff, not readiness
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["outbox"] == {"pending": 0, "oldest_pending_seconds": 0.0, "failed": 2,
                                         "max_pending_age_seconds": 600}

import pytest
from django.db.utils import ConnectionHandler

from portal import health
from portal.celery import app as celery_app


@pytest.mark.django_db
def test_healthz_is_200_with_every_check_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "ok",
                                         "last_periodic_run": None}


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

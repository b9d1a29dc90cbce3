"""The cache degrades when Redis is unreachable: reads miss, writes are
dropped, pages fall back to the database and keep answering."""

import socket
import time

import pytest
from django.core.cache import caches

from portal import cache as resilient


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once closed


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": {
        "BACKEND": "portal.cache.ResilientRedisCache", "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
    yield caches["default"]


def test_an_unreachable_redis_reads_as_a_miss_and_writes_are_dropped(redis_down):
    cache = redis_down
    assert cache.get("k") is None
    assert cache.get("k", "fallback") == "fallback"
    cache.set("k", 1)
    assert cache.add("k", 1) is False
    assert cache.get_or_set("version", 1) == 1
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1}) == ["a"]
    cache.delete("k")
    with pytest.raises(ValueError):
        cache.incr("k")


def test_after_a_failure_the_cache_does_not_try_redis_again_for_a_while(redis_down, monkeypatch):
    cache = redis_down
    assert cache.get("k") is None
    assert cache._down_until > time.monotonic()
    calls = []
    monkeypatch.setattr(type(cache._cache), "get", lambda *a, **k: calls.append(a) or None)
    assert cache.get("k") is None
    assert calls == []  # skipped: no socket timeout paid on every call of a page
    cache._down_until = time.monotonic() - 1  # the pause is over: Redis is asked again
    assert cache.get("k") is None
    assert len(calls) == 1
    assert cache._down_until == 0.0  # it answered: back to normal
    assert resilient.RETRY_SECONDS <= 30


@pytest.mark.django_db
def test_the_public_directory_answers_from_the_database_when_redis_is_down(redis_down, client):
    from tests.partnerships.factories import OrganisationFactory

    OrganisationFactory(name="Nairobi Health Network", profile_state="approved")
    response = client.get("/partnerships/directory/?q=nairobi")
    assert response.status_code == 200
    assert "Nairobi Health Network" in response.content.decode()
    assert client.get("/healthz").json()["checks"]["cache"].startswith("error")

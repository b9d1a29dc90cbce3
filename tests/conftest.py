import os

import pytest

from portal.celery import app as celery_app

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# calls made by tests around it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True, scope="session")
def _celery_eager():
    """Tasks run in-process, after commit, as a worker would run them.
    The Redis round-trip test turns this off to use a real worker."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (its own keys only: the other test
    process shares the Redis database under another key prefix)."""
    from django.core.cache import cache

    backend = getattr(cache, "_cache", None)
    if hasattr(backend, "get_client") and cache.key_prefix:
        try:
            client = backend.get_client(write=True)
            keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
        except Exception:  # noqa: BLE001, S110  (Redis down: the cache degrades to misses anyway)
            pass
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # A fast hasher: the suite creates many users; production keeps PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]




@pytest.fixture(autouse=True)
def _two_factor_in_tests(request, monkeypatch):
    """`Client.force_login` logs in as a person who also gave their two-step
    code (people whose role needs one get the demo authenticator). The
    middleware still enforces it: tests marked `real_two_factor` opt out."""
    if request.node.get_closest_marker("real_two_factor"):
        return
    from django.test import Client

    from tests.utils_auth import client_login, mark_verified

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        mark_verified(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "login", client_login)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Tests that use the database start with the reference data the
    migrations load, even after a transactional test flushed it."""
    uses_db = request.node.get_closest_marker("django_db") or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server"))
    if uses_db:
        request.getfixturevalue("_django_db_helper")
        from tests.reference import ensure_reference_data

        ensure_reference_data()


@pytest.fixture
def make_user(db):
    from tests.factories import UserFactory

    return UserFactory


@pytest.fixture
def demo(db):
    """The demo logins (one per role), as `seed_demo` makes them."""
    from io import StringIO

    from portal import demo as portal_demo

    portal_demo.seed_demo(StringIO())
    from django.contrib.auth import get_user_model

    return {u.username: u for u in get_user_model().objects.all()}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, and, before it is dropped at the end of the run, an end
    to any session a finished test left on it (a live-server or worker thread's
    connection): PostgreSQL refuses to drop a database that is still in use."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        connection.close()

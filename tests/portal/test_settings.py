import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The suite's own environment (DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, the CI
# database) must not leak into the settings under test.
CLEARED = {"DATABASE_URL", "REDIS_URL", "DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG",
           "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _run(code, **env):
    base = {k: v for k, v in os.environ.items() if k not in CLEARED}
    base.update(env)
    base["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120)


SHOW_DB = "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps([s.DATABASES['default']['ENGINE'], str(s.DATABASES['default']['NAME']), s.CELERY_BROKER_URL]))"


def test_default_settings_use_sqlite_under_var_and_the_embedded_broker(tmp_path):
    out = _run(SHOW_DB, PORTAL_VAR_DIR=str(tmp_path))
    engine, name, broker = json.loads(out.stdout)
    assert engine == "django.db.backends.sqlite3"
    assert name == str(tmp_path / "portal.sqlite3")
    assert broker.startswith("filesystem://")


def test_database_url_and_redis_url_switch_to_postgresql_and_redis(tmp_path):
    out = _run(SHOW_DB, PORTAL_VAR_DIR=str(tmp_path), DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal",
               REDIS_URL="redis://127.0.0.1:6379/0")
    engine, name, broker = json.loads(out.stdout)
    assert (engine, name, broker) == ("django.db.backends.postgresql", "portal", "redis://127.0.0.1:6379/0")


def test_production_settings_pass_check_deploy(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**{k: v for k, v in os.environ.items() if k not in CLEARED},
             "DJANGO_ENV": "production", "PORTAL_VAR_DIR": str(tmp_path),
             "SECRET_KEY": "a-long-random-production-secret-key-7f3c9e1b2d4a6f8e0c1b3d5f7a9e2c4b",
             "ALLOWED_HOSTS": "portal.example.org"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    out = _run("import django; django.setup()", DJANGO_ENV="production", PORTAL_VAR_DIR=str(tmp_path),
               ALLOWED_HOSTS="portal.example.org")
    assert out.returncode != 0
    assert "SECRET_KEY" in out.stderr

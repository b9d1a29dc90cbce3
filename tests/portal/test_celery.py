import os

import pytest
from celery.contrib.testing.worker import start_worker

from portal import services
from portal.celery import app as celery_app
from portal.models import OutboxMessage
from portal.tasks import ping


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: no Redis broker to round-trip through")
@pytest.mark.django_db(transaction=True)
def test_a_task_round_trips_through_the_real_redis_broker_and_a_worker():
    assert celery_app.conf.broker_url.startswith("redis://")
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            assert ping.delay("round-trip").get(timeout=20) == "round-trip"
    finally:
        celery_app.conf.task_always_eager = True


@pytest.mark.django_db
def test_signup_queues_its_e_mail_only_after_the_transaction_commits(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.user_signup(username="amina", email="amina@example.org", password="S3cure-pass-phrase")
    assert len(callbacks) == 1
    assert mailoutbox == []
    assert OutboxMessage.objects.get().to == ["amina@example.org"]  # queued with the account
    callbacks[0]()
    assert [m.to for m in mailoutbox] == [["amina@example.org"]]

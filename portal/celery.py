"""The Celery app. Delivery is at least once (settings: acks late, rejected
back to the queue when a worker dies, a visibility timeout in minutes), so
every task is idempotent: it claims its work or checks a unique key, and a
redelivery does nothing twice. Transient errors — the database connection
lost, the broker or the mail server unreachable, a socket timeout — are
retried with exponential backoff by every task (`ReliableTask`)."""

import os
import smtplib

from celery import Celery, Task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

TRANSIENT_ERRORS = (OperationalError, InterfaceError, BrokerError, RedisConnectionError, RedisTimeoutError,
                    smtplib.SMTPException, ConnectionError, TimeoutError)


class ReliableTask(Task):
    """Every task: retried on transient errors with backoff (at most 5 minutes
    between tries, under the broker's visibility timeout), up to 8 times."""

    retry_backoff = 5
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 8
    autoretry_for = TRANSIENT_ERRORS


app = Celery("portal", task_cls=ReliableTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

"""Celery tasks: ids in, a service call, idempotent."""

from celery import shared_task


@shared_task(name="partnerships.tasks.snapshot_reform_measures")
def snapshot_reform_measures():
    """Is the reform working? Today's snapshot of the measures of success."""
    from .measures import snapshot

    return snapshot()

"""Celery tasks: ids in, idempotent."""

from celery import shared_task


@shared_task
def quadrennial_reminder_sweep():
    """Daily (django-celery-beat): queue the reminders due today. Idempotent:
    a second run the same day queues nothing (unique reminder rows)."""
    from .services import reminder_sweep

    return reminder_sweep()

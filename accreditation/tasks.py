"""Celery tasks: ids in, a service call, idempotent."""

from celery import shared_task


@shared_task(name="accreditation.tasks.run_automatic_checks")
def run_automatic_checks(application_id: int):
    from .services import application_run_automatic_checks

    app = application_run_automatic_checks(application_id=application_id)
    return app.state if app else None


@shared_task(name="accreditation.tasks.close_unanswered_applications")
def close_unanswered_applications():
    from .services import close_unanswered_applications as close

    return close()



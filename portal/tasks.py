from celery import shared_task
from django.utils import timezone

from .models import Heartbeat


@shared_task
def heartbeat():
    """Periodic proof that beat and a worker run; /healthz shows it."""
    Heartbeat.objects.update_or_create(name="beat", defaults={"last_seen": timezone.now()})


@shared_task(name="portal.tasks.outbox_deliver")
def outbox_deliver(ids: list[int]):
    """Send the given outbox rows right after the commit that queued them.
    Rows already sent or taken by another worker are skipped."""
    from . import outbox

    return outbox.deliver(ids)


@shared_task(name="portal.tasks.outbox_relay")
def outbox_relay():
    """Every minute (beat): send what is due in the outbox, with retries."""
    from . import outbox

    return outbox.relay(max_seconds=240)


@shared_task(ignore_result=False)
def ping(value):
    """Round-trip check of the broker and a worker."""
    return value


@shared_task(name="portal.tasks.render_export")
def render_export(export_id: int):
    """Render one stored export (claimed first: running it twice is harmless)."""
    from .exports import export_render

    return export_render(export_id=export_id)


@shared_task(name="portal.tasks.purge_exports")
def purge_exports():
    from .exports import exports_purge

    return exports_purge()

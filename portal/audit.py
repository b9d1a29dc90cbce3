"""The one helper every service calls to write its audit row, inside the
service's own transaction."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .models import AuditEntry


def audit(*, actor, action, obj, from_state="", to_state="", reason="", data=None):
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit() must be called inside the service's transaction")
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        from_state=from_state or "",
        to_state=to_state or "",
        reason=reason or "",
        data=data or {},
    )

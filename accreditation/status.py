"""The one service that changes an organisation's consultative status: it
fires ORGANISATION_STATUS, keeps the status fields consistent and writes the
status history row, all in the caller's transaction."""

import datetime

from django.db import transaction

from portal import notifications

from .models import Organisation, StatusChange
from .workflow import ORGANISATION_STATUS


def organisation_change_status(*, organisation: Organisation, transition: str, by, on: datetime.date,
                               reason: str, category: str | None = None, bodies=None,
                               check_permission: bool = True) -> Organisation:
    """`transition` is one of grant, reclassify, suspend, reinstate, withdraw.
    `category` is required for grant and reclassify; `bodies` (optional)
    replaces the bodies the organisation is accredited to."""
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        from_state, from_category = org.status_state, org.status_category
        update_fields = []
        if transition in ("grant", "reclassify"):
            if not category:
                raise ValueError("category is required to grant or reclassify")
            org.status_category = category
            org.status_granted_on = on  # a reclassification restarts the reporting cycle
            org.suspended_on = None
            org.withdrawn_on = None
            update_fields += ["status_category", "status_granted_on", "suspended_on", "withdrawn_on"]
        elif transition == "suspend":
            org.suspended_on = on
            update_fields.append("suspended_on")
        elif transition == "reinstate":
            org.suspended_on = None
            update_fields.append("suspended_on")
        elif transition == "withdraw":
            org.withdrawn_on = on
            update_fields.append("withdrawn_on")
        ORGANISATION_STATUS.fire(org, transition, by=by, reason=reason, check_permission=check_permission,
                                 update_fields=tuple(update_fields),
                                 data={"category": org.status_category, "effective_on": on.isoformat()})
        if bodies is not None:
            org.status_bodies.set(bodies)
        notifications.organisation_status_changed(org, transition=transition, effective_on=on)
        StatusChange.objects.create(
            organisation=org, effective_on=on, from_category=from_category, to_category=org.status_category,
            from_state=from_state, to_state=org.status_state, reason=reason[:300],
        )
    organisation.refresh_from_db()
    return org

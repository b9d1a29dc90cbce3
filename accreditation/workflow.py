"""Accreditation workflows as data. Each state has its internal label and
the label the NGO sees; each transition says who may fire it.

- ORGANISATION_PROFILE: a registered organisation's profile, approved by the secretariat.
- ORGANISATION_STATUS: consultative status (granted on adoption; suspended,
  reinstated and withdrawn through the quadrennial lifecycle).
"""

from django.utils.translation import gettext_lazy as _

from portal.workflow import State, Transition, Workflow

from .rules import is_ngo, is_secretariat, is_staff_officer


def _staff(user, obj):
    return is_staff_officer(user)


def _secretariat(user, obj):
    return is_secretariat(user) or is_staff_officer(user)


def _registrant(user, obj):
    return is_ngo(user) and obj.memberships.filter(user=user).exists()


ORGANISATION_PROFILE = Workflow(
    name="organisation_profile",
    field="profile_state",
    states=[
        State("pending", _("Awaiting approval"), _("Under review by the Secretariat")),
        State("approved", _("Approved"), _("Approved")),
        State("rejected", _("Not approved"), _("Not approved")),
    ],
    transitions=[
        Transition("approve", ("pending", "rejected"), "approved", _("Approve profile"), allowed=_secretariat),
        Transition("reject", ("pending",), "rejected", _("Do not approve profile"), allowed=_secretariat,
                   requires_reason=True),
        Transition("resubmit", ("rejected",), "pending", _("Resubmit profile"), allowed=_registrant),
    ],
)

ORGANISATION_STATUS = Workflow(
    name="organisation_status",
    field="status_state",
    states=[
        State("none", _("No status"), _("Not in consultative status")),
        State("active", _("In status"), _("In consultative status")),
        State("suspended", _("Suspended"), _("Status suspended")),
        State("withdrawn", _("Withdrawn"), _("Status withdrawn")),
    ],
    transitions=[
        # Fired by the adoption service when the parent body adopts a recommendation.
        Transition("grant", ("none", "withdrawn"), "active", _("Grant status"), allowed=_staff),
        Transition("reclassify", ("active",), "active", _("Reclassify"), allowed=_staff, requires_reason=True),
        Transition("suspend", ("active",), "suspended", _("Suspend status"), allowed=_staff, requires_reason=True),
        Transition("reinstate", ("suspended",), "active", _("Reinstate status"), allowed=_staff,
                   requires_reason=True),
        Transition("withdraw", ("active", "suspended"), "withdrawn", _("Withdraw status"), allowed=_staff,
                   requires_reason=True),
    ],
)

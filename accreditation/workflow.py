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


def _org_member(user, obj):
    org = getattr(obj, "organisation", obj)
    return bool(is_ngo(user)) and org.memberships.filter(user=user).exists()


def _system_or_staff(user, obj):
    return user is None or is_staff_officer(user)


# Transitions the NGO hears about by another message: its own submission (the
# "received" e-mail), the automatic start of pre-screening right after it, and
# a request for information (the e-mail with the question and its deadline).
_TOLD_OTHERWISE = frozenset({"submit", "start_prescreening", "request_information"})


def _tell_the_ngo(application, transition, from_state):
    """E-mail the organisation each time the state it sees changes."""
    if transition.name in _TOLD_OTHERWISE:
        return
    if APPLICATION.public_label(from_state) == APPLICATION.public_label(transition.target):
        return
    from portal import notifications

    notifications.application_state_changed(application, from_state=from_state, to_state=transition.target)


# Applications: both tracks share the states; the DPI track skips the committee
# (the Secretariat associates or declines directly), the intergovernmental one
# goes through the consolidated list, the committee's decision and adoption.
APPLICATION = Workflow(
    name="application",
    field="state",
    states=[
        State("draft", _("Draft"), _("Draft: not yet submitted")),
        State("submitted", _("Submitted, automatic checks running"), _("Received")),
        State("prescreening", _("In pre-screening"), _("Under review by the Secretariat")),
        State("info_requested", _("Information requested"), _("Information requested from you")),
        State("prescreened", _("Pre-screened, on the consolidated list"), _("Awaiting the Committee's review")),
        State("deferred", _("Deferred with questions"), _("Deferred: the Committee has questions for you")),
        State("recommended", _("Recommended, awaiting adoption"),
              _("Recommended by the Committee, awaiting adoption")),
        State("granted", _("Status granted (adopted)"), _("Consultative status granted"), terminal=True),
        State("associated", _("Associated with DPI"), _("Associated with the Department of Public Information"),
              terminal=True),
        State("declined", _("DPI association declined"), _("Association not granted"), terminal=True),
        State("rejected", _("Rejected"), _("Not recommended by the Committee"), terminal=True),
        State("closed", _("Closed without prejudice"), _("Closed without prejudice (no reply in time)"),
              terminal=True),
        State("withdrawn", _("Withdrawn"), _("Withdrawn by your organisation"), terminal=True),
    ],
    transitions=[
        Transition("submit", ("draft",), "submitted", _("Submit application"), allowed=_org_member),
        Transition("start_prescreening", ("submitted",), "prescreening", _("Enter the pre-screening queue"),
                   allowed=_system_or_staff),
        Transition("request_information", ("prescreening",), "info_requested", _("Request information"),
                   allowed=_secretariat),
        Transition("information_received", ("info_requested",), "prescreening", _("Information received"),
                   allowed=lambda u, o: _org_member(u, o) or _secretariat(u, o)),
        Transition("complete_prescreening", ("prescreening",), "prescreened", _("Complete pre-screening"),
                   allowed=_secretariat),
        Transition("associate", ("prescreening",), "associated", _("Associate with DPI"), allowed=_secretariat),
        Transition("decline", ("prescreening",), "declined", _("Decline DPI association"), allowed=_secretariat,
                   requires_reason=True),
        Transition("defer", ("prescreened", "deferred"), "deferred", _("Defer"), allowed=_system_or_staff),
        Transition("recommend", ("prescreened", "deferred"), "recommended", _("Recommend"), allowed=_staff),
        Transition("reject", ("prescreened", "deferred"), "rejected", _("Reject"), allowed=_staff,
                   requires_reason=True),
        Transition("close", ("prescreened", "deferred"), "closed", _("Close without prejudice"),
                   allowed=_system_or_staff, requires_reason=True),
        Transition("adopt", ("recommended",), "granted", _("Adopted by the parent body"), allowed=_staff),
        Transition("withdraw", ("draft", "submitted", "prescreening", "info_requested", "prescreened", "deferred"),
                   "withdrawn", _("Withdraw application"), allowed=_org_member),
    ],
    on_change=_tell_the_ngo,
)

APPLICATION_OPEN_STATES = ("submitted", "prescreening", "info_requested", "prescreened", "deferred", "recommended")
PRESCREENING_STATES = ("submitted", "prescreening", "info_requested")

# Change of name, reclassification and merger: each a small workflow.
ORGANISATION_CHANGE = Workflow(
    name="organisation_change",
    field="state",
    states=[
        State("requested", _("Requested"), _("Requested, under review")),
        State("approved", _("Approved"), _("Approved"), terminal=True),
        State("rejected", _("Rejected"), _("Not approved"), terminal=True),
    ],
    transitions=[
        Transition("approve", ("requested",), "approved", _("Approve change"), allowed=_secretariat),
        Transition("reject", ("requested",), "rejected", _("Reject change"), allowed=_secretariat,
                   requires_reason=True),
    ],
)

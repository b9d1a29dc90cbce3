"""Participation workflows as data: registrations, written statements and
requests to speak. Each state has its internal label and the label the NGO
sees; each transition says who may fire it."""

from django.utils.translation import gettext_lazy as _

from portal.rules import is_staff_officer
from portal.workflow import State, Transition, Workflow

from .rules import is_focal_point_of, is_member_of, is_the_representative


def _staff(user, obj):
    return is_staff_officer(user)


def _focal_point(user, obj):
    return is_focal_point_of(user, obj)


def _focal_point_or_staff(user, obj):
    return is_focal_point_of(user, obj) or is_staff_officer(user)


def _person_focal_point_or_staff(user, obj):
    return is_the_representative(user, obj) or is_focal_point_of(user, obj) or is_staff_officer(user)


def _member_or_staff(user, obj):
    return is_member_of(user, obj) or is_staff_officer(user)


REGISTRATION = Workflow(
    name="registration",
    field="state",
    states=[
        State("waitlisted", _("On the waiting list"), _("On the waiting list")),
        State("requested", _("Awaiting focal-point approval"), _("Awaiting your organisation's approval")),
        State("approved", _("Awaiting secretariat confirmation"), _("Awaiting confirmation by the Secretariat")),
        State("confirmed", _("Confirmed"), _("Confirmed — pass issued")),
        State("withdrawn", _("Withdrawn"), _("Withdrawn"), terminal=True),
        State("refused", _("Refused"), _("Not accepted"), terminal=True),
    ],
    transitions=[
        # Fired by the service when a place frees up, in waiting-list order.
        Transition("promote", ("waitlisted",), "requested", _("Give a freed place"), allowed=_staff),
        Transition("approve", ("requested",), "approved", _("Approve for the organisation"), allowed=_focal_point),
        Transition("confirm", ("approved",), "confirmed", _("Confirm and issue the pass"), allowed=_staff),
        Transition("refuse", ("waitlisted", "requested", "approved"), "refused", _("Refuse"),
                   allowed=_focal_point_or_staff, requires_reason=True),
        Transition("withdraw", ("waitlisted", "requested", "approved", "confirmed"), "withdrawn", _("Withdraw"),
                   allowed=_person_focal_point_or_staff),
    ],
)

STATEMENT = Workflow(
    name="statement",
    field="state",
    states=[
        State("submitted", _("Submitted"), _("Under review by the Secretariat")),
        State("accepted", _("Accepted"), _("Accepted and published")),
        State("rejected", _("Not accepted"), _("Not accepted"), terminal=True),
        State("withdrawn", _("Withdrawn"), _("Withdrawn"), terminal=True),
    ],
    transitions=[
        Transition("accept", ("submitted",), "accepted", _("Accept"), allowed=_staff),
        Transition("reject", ("submitted",), "rejected", _("Do not accept"), allowed=_staff, requires_reason=True),
        Transition("withdraw", ("submitted",), "withdrawn", _("Withdraw"), allowed=_member_or_staff),
    ],
)

SPEAKING_REQUEST = Workflow(
    name="speaking_request",
    field="state",
    states=[
        State("requested", _("Requested"), _("Request received")),
        State("scheduled", _("On the speakers list"), _("On the speakers list")),
        State("declined", _("Not retained"), _("Not retained for the speakers list"), terminal=True),
        State("withdrawn", _("Withdrawn"), _("Withdrawn"), terminal=True),
    ],
    transitions=[
        Transition("schedule", ("requested", "scheduled"), "scheduled", _("Put on the speakers list"),
                   allowed=_staff),
        Transition("unschedule", ("scheduled",), "requested", _("Take off the speakers list"), allowed=_staff),
        Transition("decline", ("requested",), "declined", _("Do not retain"), allowed=_staff),
        Transition("withdraw", ("requested", "scheduled"), "withdrawn", _("Withdraw"), allowed=_member_or_staff),
    ],
)

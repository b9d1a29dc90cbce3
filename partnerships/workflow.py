"""Partnerships workflows as data.

- INQUIRY: an NGO's inquiry to the single entry point, from receipt
  (acknowledged at once) to its answer.
- TRACKER: the implementation status of a panel proposal or reform measure.
"""

from django.utils.translation import gettext_lazy as _

from portal.workflow import State, Transition, Workflow

from .rules import is_member_of_inquiry_organisation, is_ngo, is_staff_officer


def _staff(user, obj):
    return is_staff_officer(user)


def _asker(user, obj):
    return is_ngo(user) and is_member_of_inquiry_organisation(user, obj)


def _asker_or_staff(user, obj):
    return _asker(user, obj) or _staff(user, obj)


INQUIRY = Workflow(
    name="inquiry",
    field="state",
    states=[
        State("received", _("Received, not yet taken"), _("Received — we have acknowledged it")),
        State("in_progress", _("Being handled"), _("Being handled")),
        State("awaiting_ngo", _("Waiting for the NGO"), _("We need information from you")),
        State("answered", _("Answered"), _("Answered")),
        State("closed", _("Closed"), _("Closed"), terminal=True),
    ],
    transitions=[
        Transition("take", ("received",), "in_progress", _("Take the inquiry"), allowed=_staff),
        Transition("ask", ("received", "in_progress"), "awaiting_ngo", _("Ask the NGO for information"),
                   allowed=_staff, requires_reason=True),
        Transition("reply", ("awaiting_ngo",), "in_progress", _("Send the information asked"), allowed=_asker,
                   requires_reason=True),
        Transition("answer", ("received", "in_progress", "awaiting_ngo"), "answered", _("Answer"),
                   allowed=_staff, requires_reason=True),
        Transition("reopen", ("answered",), "in_progress", _("Not answered: reopen"), allowed=_asker,
                   requires_reason=True),
        Transition("close", ("answered",), "closed", _("Close"), allowed=_asker_or_staff),
    ],
)

OPEN_INQUIRY_STATES = ("received", "in_progress", "awaiting_ngo")

TRACKER = Workflow(
    name="reform_tracker",
    field="status",
    states=[
        State("proposed", _("Not yet started"), _("Not yet started")),
        State("in_progress", _("In progress"), _("In progress")),
        State("piloted", _("Piloted"), _("Piloted")),
        State("member_states", _("Before Member States"), _("Before Member States")),
        State("implemented", _("Implemented"), _("Implemented")),
        State("not_accepted", _("Not accepted"), _("Not accepted")),
    ],
    transitions=[
        Transition("start", ("proposed", "member_states", "not_accepted", "piloted"), "in_progress",
                   _("Start implementation"), allowed=_staff),
        Transition("pilot", ("proposed", "in_progress", "member_states"), "piloted", _("Mark piloted"),
                   allowed=_staff, requires_reason=True),
        Transition("refer", ("proposed", "in_progress", "piloted"), "member_states", _("Refer to Member States"),
                   allowed=_staff),
        Transition("complete", ("proposed", "in_progress", "member_states", "piloted"), "implemented",
                   _("Mark implemented"), allowed=_staff, requires_reason=True),
        Transition("decline", ("proposed", "in_progress", "member_states", "piloted"), "not_accepted",
                   _("Not accepted"), allowed=_staff, requires_reason=True),
        Transition("reopen", ("implemented", "not_accepted"), "in_progress", _("Reopen"), allowed=_staff,
                   requires_reason=True),
    ],
)

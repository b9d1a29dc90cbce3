"""Trust-fund workflows as data.

GRANT_APPLICATION: submitted → (waitlisted) → awarded → attended → completed
(evaluation filed); or not funded / withdrawn (by the NGO before a
decision) / declined (by the traveller after the award) / cancelled (by the
fund manager after the award). Decline and cancellation release whatever is
still committed.

CAPACITY_INITIATIVE: proposed → approved (working group) → funded (seed
money paid); or rejected.
"""

from django.utils.translation import gettext_lazy as _

from portal.workflow import State, Transition, Workflow

from .rules import is_admin, is_fund_manager, is_in_working_group, is_member_of_applicant, is_ngo


def _manager(user, obj):
    return is_fund_manager(user)


def _applicant(user, obj):
    return is_ngo(user) and is_member_of_applicant(user, obj)


def _working_group(user, obj):
    return is_in_working_group(user, obj) or is_admin(user)


GRANT_APPLICATION = Workflow(
    name="grant_application",
    field="state",
    states=[
        State("submitted", _("Submitted, awaiting board review"), _("Submitted")),
        State("waitlisted", _("On the waiting list"), _("On the waiting list")),
        State("awarded", _("Awarded"), _("Grant awarded")),
        State("not_funded", _("Not funded"), _("Not funded"), terminal=True),
        State("withdrawn", _("Withdrawn by the organisation"), _("Withdrawn"), terminal=True),
        State("declined", _("Declined by the traveller"), _("Declined"), terminal=True),
        State("cancelled", _("Cancelled"), _("Cancelled"), terminal=True),
        State("attended", _("Attended; evaluation due"), _("Attended — please file your evaluation")),
        State("completed", _("Evaluation filed"), _("Completed"), terminal=True),
    ],
    transitions=[
        Transition("waitlist", ("submitted",), "waitlisted", _("Put on the waiting list"), allowed=_manager),
        Transition("award", ("submitted", "waitlisted"), "awarded", _("Award a grant"), allowed=_manager),
        Transition("reject", ("submitted", "waitlisted"), "not_funded", _("Do not fund"), allowed=_manager,
                   requires_reason=True),
        Transition("withdraw", ("submitted", "waitlisted"), "withdrawn", _("Withdraw the application"),
                   allowed=_applicant),
        Transition("decline", ("awarded",), "declined", _("Decline the grant"), allowed=_applicant,
                   requires_reason=True),
        Transition("cancel", ("awarded",), "cancelled", _("Cancel the grant"), allowed=_manager,
                   requires_reason=True),
        Transition("confirm_attendance", ("awarded",), "attended", _("Confirm attendance"), allowed=_manager),
        Transition("file_evaluation", ("attended",), "completed", _("File the evaluation"), allowed=_applicant),
    ],
)

CAPACITY_INITIATIVE = Workflow(
    name="capacity_initiative",
    field="state",
    states=[
        State("proposed", _("Proposed"), _("Proposed")),
        State("approved", _("Approved; seed money committed"), _("Approved")),
        State("rejected", _("Not approved"), _("Not approved"), terminal=True),
        State("funded", _("Seed money paid"), _("Funded"), terminal=True),
    ],
    transitions=[
        Transition("approve", ("proposed",), "approved", _("Approve"), allowed=_working_group),
        Transition("reject", ("proposed",), "rejected", _("Do not approve"), allowed=_working_group,
                   requires_reason=True),
        Transition("pay", ("approved",), "funded", _("Pay the seed money"), allowed=_manager),
    ],
)

# Application states that hold (or held) money.
FUNDED_STATES = ("awarded", "attended", "completed")
# States in which an application still counts against the organisation's 2 nominees.
LIVE_STATES = ("submitted", "waitlisted", "awarded", "attended", "completed")

"""Quadrennial workflows as data.

- REPORT: draft → submitted (NGO) → checked by the Secretariat (or returned
  for corrections) → the Committee takes note, or defers with questions →
  the NGO answers → the Committee takes note (or defers again).
- LIFECYCLE_ENTRY: an organisation on a session's suspension, reinstatement
  or withdrawal list: listed → pending (the Committee's decision, changeable
  during the session) → published (all together at the session's end), or
  dropped at publication when a re-check shows it no longer applies.
"""

from django.utils.translation import gettext_lazy as _

from accreditation.committee_scope import report_in_scope
from portal.rules import is_committee, is_ngo, is_staff_officer
from portal.workflow import State, Transition, Workflow


def _member(user, report):
    return bool(is_ngo(user)) and report.organisation.memberships.filter(user=user).exists()


def _secretariat(user, obj):
    return bool(is_staff_officer(user))


def _committee(user, report):
    # Only a member of a committee the report is before (accreditation.committee_scope).
    return bool(is_committee(user)) and report_in_scope(user, report)


def _lifecycle_committee(user, entry):
    return bool(is_committee(user)) and entry.session.committee.members.filter(pk=user.pk).exists()


REPORT = Workflow(
    name="quadrennial_report",
    field="state",
    states=[
        State("draft", _("Draft"), _("Draft — not yet filed")),
        State("submitted", _("Awaiting Secretariat check"), _("Filed — being checked by the Secretariat")),
        State("returned", _("Returned for corrections"), _("Returned to you for corrections")),
        State("checked", _("Ready for the Committee"), _("Under review by the Committee")),
        State("deferred", _("Deferred with questions"), _("The Committee has questions for you")),
        State("answered", _("Answers received"), _("Under review by the Committee")),
        State("noted", _("Taken note of"), _("The Committee has taken note of your report"), terminal=True),
    ],
    transitions=[
        Transition("submit", ("draft", "returned"), "submitted", _("File the report"), allowed=_member),
        Transition("return", ("submitted",), "returned", _("Return for corrections"), allowed=_secretariat,
                   requires_reason=True),
        Transition("check", ("submitted",), "checked", _("Checked: send to the Committee"), allowed=_secretariat),
        Transition("take_note", ("checked", "answered"), "noted", _("Take note"), allowed=_committee),
        Transition("defer", ("checked", "answered"), "deferred", _("Defer with questions"), allowed=_committee,
                   requires_reason=True),
        Transition("answer", ("deferred",), "answered", _("Send answers"), allowed=_member),
    ],
)

LIFECYCLE_ENTRY = Workflow(
    name="quadrennial_lifecycle",
    field="state",
    states=[
        State("listed", _("Awaiting the Committee"), _("Awaiting the Committee")),
        State("pending", _("Decision recorded (not yet published)"), _("Awaiting the Committee")),
        State("published", _("Published"), _("Decided"), terminal=True),
        State("dropped", _("Dropped at publication (no longer applies)"), _("No longer applies"), terminal=True),
    ],
    transitions=[
        Transition("record", ("listed", "pending"), "pending", _("Record decision"), allowed=_lifecycle_committee),
        Transition("publish", ("pending",), "published", _("Publish decision"), allowed=_secretariat),
        Transition("drop", ("pending",), "dropped", _("Drop (no longer applies)"), allowed=_secretariat,
                   requires_reason=True),
    ],
)

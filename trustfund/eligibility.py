"""Travel-grant eligibility as data: an ordered list of rules, each with a
code, what it requires, and a check that returns the reason it refuses
(or None). `check_eligibility` runs them all and returns every refusal, so
an NGO sees at once everything that stands in its way."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accreditation.models import StatusState
from accreditation.quadrennial.selectors import has_overdue_report
from participation.models import Registration

from .workflow import LIVE_STATES


@dataclass(frozen=True)
class Context:
    call: object
    organisation: object
    designation: object
    on: datetime.date
    exclude_application_id: int | None = None


@dataclass(frozen=True)
class Rule:
    code: str
    requirement: str
    check: Callable[[Context], str | None]


@dataclass(frozen=True)
class Refusal:
    code: str
    reason: str


def _call_open(c: Context):
    if not c.call.is_open(c.on):
        return _("The call for applications is open from %(opens)s to %(closes)s.") % {
            "opens": c.call.opens_on.isoformat(), "closes": c.call.closes_on.isoformat()}
    return None


def _in_status(c: Context):
    org = c.organisation
    if org.status_state == StatusState.SUSPENDED:
        return _("The organisation's consultative status is suspended.")
    if org.status_state != StatusState.ACTIVE:
        return _("The organisation is not in consultative status.")
    return None


def _no_overdue_report(c: Context):
    if has_overdue_report(c.organisation, on=c.on):
        return _("The organisation has an overdue quadrennial report.")
    return None


def _developing_country(c: Context):
    """¶22 funds accredited NGOs from developing countries: headquartered in
    one. A fund may also admit organisations working in one (its own rule,
    off in the shipped data)."""
    org = c.organisation
    if org.country_id and org.country.developing:
        return None
    if c.call.fund.admits_working_in_developing_countries:
        if org.countries_of_activity.filter(developing=True).exists():
            return None
        return _("The organisation is neither headquartered nor working in a developing country.")
    return _("The organisation is not headquartered in a developing country.")


def _designated(c: Context):
    d = c.designation
    if d is None or d.organisation_id != c.organisation.pk:
        return _("The nominee is not a designated representative of the organisation.")
    if not d.is_valid_on(c.call.meeting.starts_on):
        return _("The nominee's designation is not valid on the first day of the meeting.")
    return None


def _registered(c: Context):
    if c.designation is None:
        return None  # reported by _designated
    if not Registration.objects.confirmed().filter(
            meeting=c.call.meeting, representative_id=c.designation.representative_id).exists():
        return _("The nominee is not registered (confirmed) for the meeting.")
    return None


def _live_applications(c: Context):
    qs = c.call.applications.filter(state__in=LIVE_STATES)
    if c.exclude_application_id:
        qs = qs.exclude(pk=c.exclude_application_id)
    return qs


def _one_application_per_nominee(c: Context):
    if c.designation is not None and _live_applications(c).filter(
            representative_id=c.designation.representative_id).exists():
        return _("This nominee already has an application in this call.")
    return None


def _nominee_cap(c: Context):
    count = _live_applications(c).filter(organisation=c.organisation).count()
    if count >= c.call.max_nominees_per_organisation:
        return _("The organisation already has %(n)s nominees in this call (the most allowed).") % {"n": count}
    return None


def _evaluations_filed(c: Context):
    """Follows the person across years, calls and re-designations (every
    representative record that is this person)."""
    from participation.selectors import same_person_ids

    from .models import GrantApplication

    if c.designation is None:
        return None
    missing = (GrantApplication.objects
               .filter(representative_id__in=same_person_ids(c.designation.representative), state="attended",
                       call__meeting__ends_on__lt=c.on)
               .select_related("call__meeting").order_by("call__meeting__ends_on").first())
    if missing:
        return _("The nominee has not filed the evaluation for an earlier grant (%(meeting)s); "
                 "no further grant until it is filed.") % {"meeting": missing.call.meeting.title}
    return None


RULES: list[Rule] = [
    Rule("call_open", gettext_lazy("The call is open."), _call_open),
    Rule("in_status", gettext_lazy("The organisation is in consultative status and not suspended."), _in_status),
    Rule("no_overdue_report", gettext_lazy("No quadrennial report is overdue."), _no_overdue_report),
    Rule("developing_country", gettext_lazy("Headquartered in a developing country (or working in one, where "
                                            "the fund admits that)."),
         _developing_country),
    Rule("designated", gettext_lazy("The nominee is a designated representative of the organisation."),
         _designated),
    Rule("registered", gettext_lazy("The nominee is registered for the meeting."), _registered),
    Rule("one_application_per_nominee", gettext_lazy("One application per nominee per call."),
         _one_application_per_nominee),
    Rule("nominee_cap", gettext_lazy("At most 2 nominees per organisation per call."), _nominee_cap),
    Rule("evaluations_filed", gettext_lazy("Evaluations of earlier grants are filed."), _evaluations_filed),
]


def check_eligibility(*, call, organisation, designation, on: datetime.date,
                      exclude_application_id=None) -> list[Refusal]:
    ctx = Context(call=call, organisation=organisation, designation=designation, on=on,
                  exclude_application_id=exclude_application_id)
    out = []
    for rule in RULES:
        reason = rule.check(ctx)
        if reason:
            out.append(Refusal(rule.code, reason))
    return out

"""Reads about quadrennial reporting. One function computes due dates
(`reporting_period`); everything else builds on it.

Rule: organisations in general and special status report every four years on
the four preceding years. The cycle counts from the year status was granted
(a reclassification sets a new status_granted_on and so restarts it): status
granted in year Y gives periods Y+1..Y+4, Y+5..Y+8, ..., each due on the
configured day (1 June) of the year after the period ends. Roster
organisations owe none.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accreditation.committee_scope import reports_in_scope
from accreditation.models import Organisation, StatusChange
from portal.rules import is_committee, is_ngo

from .conf import conf
from .models import QuadrennialReport, ReportReminder

REPORTING_CATEGORIES = ("general", "special")
# States in which an organisation owes reports (suspended organisations still
# owe the missing one: filing it is how they are reinstated).
REPORTING_STATES = ("active", "suspended")


@dataclass(frozen=True)
class ReportingPeriod:
    cycle: int  # 1 for the first report after status was granted
    first_year: int
    last_year: int
    due_on: datetime.date

    @property
    def label(self) -> str:
        return f"{self.first_year}–{self.last_year}"


def _due_day(year: int, month: int | None = None, day: int | None = None) -> datetime.date:
    month, day = month or conf("DUE_MONTH"), day or conf("DUE_DAY")
    # A due day configured as 29 February falls on 28 February in common years.
    if day > 28:
        day = min(day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def reporting_period(granted_on: datetime.date, cycle: int, *, rules: tuple | None = None) -> ReportingPeriod:
    """THE due-date function: the `cycle`-th reporting period (1-based) of an
    organisation whose status was granted (or last reclassified) on
    `granted_on`. Only the year of `granted_on` matters: status granted on
    31 December 2020 or 1 January 2020 both report on 2021–2024, due 1 June 2025.
    `rules` (period years, due month, due day) lets a sweep read the
    configuration once."""
    if cycle < 1:
        raise ValueError("cycle starts at 1")
    years, month, day = rules or reporting_rules()
    first = granted_on.year + 1 + (cycle - 1) * years
    last = first + years - 1
    return ReportingPeriod(cycle=cycle, first_year=first, last_year=last, due_on=_due_day(last + 1, month, day))


def reporting_rules() -> tuple[int, int, int]:
    return conf("PERIOD_YEARS"), conf("DUE_MONTH"), conf("DUE_DAY")


def next_period(granted_on: datetime.date, on: datetime.date, *, rules: tuple | None = None) -> ReportingPeriod:
    """The first period due on or after `on`."""
    rules = rules or reporting_rules()
    years = rules[0]
    # Period c is due in year granted + c*years + 1: start from the cycle due in on's year (or the first).
    cycle = max(1, -(-(on.year - granted_on.year - 1) // years))
    p = reporting_period(granted_on, cycle, rules=rules)
    while p.due_on < on:
        cycle += 1
        p = reporting_period(granted_on, cycle, rules=rules)
    return p


def last_due_period(granted_on: datetime.date, on: datetime.date, *,
                    rules: tuple | None = None) -> ReportingPeriod | None:
    """The latest period whose due date has passed by `on` (None before the first)."""
    rules = rules or reporting_rules()
    p = next_period(granted_on, on, rules=rules)
    return reporting_period(granted_on, p.cycle - 1, rules=rules) if p.cycle > 1 else None


def owes_reports(organisation: Organisation) -> bool:
    return (organisation.status_category in REPORTING_CATEGORIES
            and organisation.status_state in REPORTING_STATES
            and organisation.status_granted_on is not None)


def _today(on):
    return on or timezone.localdate()


def reporting_organisations() -> QuerySet:
    """Organisations that owe quadrennial reports."""
    return Organisation.objects.filter(status_category__in=REPORTING_CATEGORIES,
                                       status_state__in=REPORTING_STATES, status_granted_on__isnull=False)


def overdue_map(rows, *, on: datetime.date) -> dict[int, ReportingPeriod]:
    """For rows of (organisation id, status_granted_on), the period each one
    is overdue for: its latest past-due period has no filed report.
    Two queries at most, whatever the number of rows."""
    candidates = {}
    rules = reporting_rules()
    for pk, granted_on in rows:
        p = last_due_period(granted_on, on, rules=rules)
        if p is not None:
            candidates[pk] = p
    if not candidates:
        return {}
    filed = set(
        QuadrennialReport.objects.filter(organisation_id__in=list(candidates), submitted_on__isnull=False)
        .values_list("organisation_id", "period_start")
    )
    return {pk: p for pk, p in candidates.items() if (pk, p.first_year) not in filed}


def overdue_organisation_ids(*, on: datetime.date | None = None, queryset: QuerySet | None = None) -> set[int]:
    on = _today(on)
    qs = (queryset if queryset is not None else Organisation.objects.all()).filter(
        pk__in=reporting_organisations().values("pk"))
    return set(overdue_map(qs.values_list("pk", "status_granted_on"), on=on))


def organisations_with_overdue_report(*, on: datetime.date | None = None) -> QuerySet:
    """Organisations in status whose latest due report has not been filed."""
    return Organisation.objects.filter(pk__in=overdue_organisation_ids(on=on))


def has_overdue_report(organisation: Organisation, *, on: datetime.date | None = None) -> bool:
    """True when the organisation owes reports and the report for its latest
    past-due period has not been filed (used for trust-fund eligibility)."""
    if not owes_reports(organisation):
        return False
    p = last_due_period(organisation.status_granted_on, _today(on))
    if p is None:
        return False
    return not QuadrennialReport.objects.filter(organisation=organisation, period_start=p.first_year,
                                                submitted_on__isnull=False).exists()


def obligations(organisation: Organisation, *, on: datetime.date | None = None) -> list[ReportingPeriod]:
    """The periods an NGO sees on its reports page: the latest past-due one
    (if any) and the next one."""
    if not owes_reports(organisation):
        return []
    on = _today(on)
    out = []
    last = last_due_period(organisation.status_granted_on, on)
    if last is not None:
        out.append(last)
    out.append(next_period(organisation.status_granted_on, on))
    return out


# ---- lists for pages and the API (constant queries) ----

def reports_for_user(user) -> QuerySet:
    """Reports the user may see: an NGO its own organisations' only; a
    committee member those before their committees; the Secretariat all."""
    qs = QuadrennialReport.objects.select_related("organisation", "session", "session__committee")
    if not user.is_authenticated:
        return qs.none()
    if is_ngo(user):
        return qs.filter(organisation__memberships__user=user)
    if is_committee(user):
        # Only reports before one of the member's committees, once checked (subqueries: constant queries).
        return reports_in_scope(user, qs)
    if user.has_perm("quadrennial.view_all_reports"):
        return qs
    return qs.none()


def committee_queue(user) -> QuerySet:
    """The reports awaiting a decision of the user's committees."""
    return reports_in_scope(user, QuadrennialReport.objects.filter(state__in=AWAITING_COMMITTEE_STATES)).select_related(
        "organisation", "organisation__country")


def reminders_for_user(user, *, limit: int = 5) -> list[ReportReminder]:
    """Reminders about the user's organisations' unfiled reports (for the NGO dashboard)."""
    return list(
        ReportReminder.objects.filter(organisation__memberships__user=user, report__submitted_on__isnull=True,
                                      organisation__status_state__in=REPORTING_STATES)
        .select_related("report", "organisation").order_by("-created_at", "-pk")[:limit]
    )


UNDER_REVIEW_STATES = ("submitted", "checked", "deferred", "answered")
AWAITING_COMMITTEE_STATES = ("checked", "answered")
DASHBOARD_LISTS = ("due", "overdue", "review", "suspended", "reinstated", "withdrawn")


def due_this_year_map(*, on: datetime.date) -> dict[int, ReportingPeriod]:
    """Organisations in status with a report due in `on`'s calendar year."""
    out = {}
    rules = reporting_rules()
    for pk, granted_on in reporting_organisations().values_list("pk", "status_granted_on"):
        for p in (last_due_period(granted_on, on, rules=rules), next_period(granted_on, on, rules=rules)):
            if p is not None and p.due_on.year == on.year:
                out[pk] = p
    return out


def reinstatements() -> QuerySet:
    return StatusChange.objects.filter(from_state="suspended", to_state="active").select_related(
        "organisation", "organisation__country")


def dashboard_counts(*, on: datetime.date | None = None) -> dict:
    """The secretariat dashboard's counts, in a constant number of queries."""
    on = _today(on)
    rows = list(reporting_organisations().values_list("pk", "status_granted_on"))
    org_counts = Organisation.objects.aggregate(
        suspended=Count("pk", filter=Q(status_state="suspended")),
        withdrawn=Count("pk", filter=Q(status_state="withdrawn")),
    )
    rules = reporting_rules()
    due = sum(1 for _pk, g in rows
              if any(p is not None and p.due_on.year == on.year
                     for p in (last_due_period(g, on, rules=rules), next_period(g, on, rules=rules))))
    return {
        "due": due,
        "overdue": len(overdue_map(rows, on=on)),
        "review": QuadrennialReport.objects.filter(state__in=UNDER_REVIEW_STATES).count(),
        "reinstated": reinstatements().values("organisation_id").distinct().count(),
        **org_counts,
    }


def dashboard_list(kind: str, *, on: datetime.date | None = None):
    """(queryset, periods) for one dashboard list. `periods` maps
    organisation id → the period concerned, for the due and overdue lists."""
    on = _today(on)
    orgs = Organisation.objects.select_related("country")
    if kind == "due":
        periods = due_this_year_map(on=on)
        return orgs.filter(pk__in=list(periods)), periods
    if kind == "overdue":
        periods = overdue_map(reporting_organisations().values_list("pk", "status_granted_on"), on=on)
        return orgs.filter(pk__in=list(periods)), periods
    if kind == "review":
        return (QuadrennialReport.objects.filter(state__in=UNDER_REVIEW_STATES)
                .select_related("organisation", "organisation__country").order_by("due_on", "pk"), {})
    if kind == "suspended":
        return orgs.filter(status_state="suspended").order_by("suspended_on", "name"), {}
    if kind == "withdrawn":
        return orgs.filter(status_state="withdrawn").order_by("-withdrawn_on", "name"), {}
    if kind == "reinstated":
        return reinstatements().order_by("-effective_on", "-pk"), {}
    raise ValueError(kind)


def reports_by_org_period(org_ids, periods: dict) -> dict[int, QuadrennialReport]:
    """The report (if any) for each organisation's period: one query."""
    starts = {periods[pk].first_year for pk in org_ids if pk in periods}
    found = QuadrennialReport.objects.filter(organisation_id__in=list(org_ids), period_start__in=starts)
    return {r.organisation_id: r for r in found if periods.get(r.organisation_id)
            and periods[r.organisation_id].first_year == r.period_start}

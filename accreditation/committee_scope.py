"""What a committee member may see and act on: only the sessions and
committees they sit on.

One place for the rule, used by rules.py (object checks in services and
views) and by the selectors (querysets for pages and the API). Everything
is written as subqueries (Exists), so a scoped list costs the same number
of queries however many rows it has, and a committee-role account that sits
on no committee matches nothing.

- A session, list or lifecycle entry belongs to its session's committee.
- A quadrennial report belongs to the committee of the session that
  considered it; before that, to the committees that decide for the bodies
  the organisation is accredited to (Body.deciding_committee), or, when
  none is recorded, the committee deciding for ECOSOC (whose status it is). The
  committee sees it only once the Secretariat has checked it: never a
  draft, a report awaiting the Secretariat's check or one returned for
  corrections.
- An organisation's private profile: only while the organisation is on one
  of the member's lists — an application on a published consolidated list
  of a session whose decisions are not yet published, an entry on a
  session's lifecycle list not yet published, or a quadrennial report
  before the member's committee.
"""

from django.db.models import Exists, OuterRef, Q

from portal.rules import is_committee

# Report states the committee sees (after the Secretariat's check).
COMMITTEE_REPORT_STATES = ("checked", "deferred", "answered", "noted")
# Report states in which the report is before the committee (its list).
REPORT_BEFORE_COMMITTEE_STATES = ("checked", "deferred", "answered")
LIFECYCLE_OPEN_STATES = ("listed", "pending")


def sits_on_any_committee(user) -> bool:
    from .models import Committee

    return bool(is_committee(user)) and Committee.objects.filter(members=user).exists()


def _member_committees(user):
    from .models import Committee

    return Committee.objects.filter(members=user)


def report_scope_q(user, *, prefix: str = "", states=COMMITTEE_REPORT_STATES) -> Q:
    """Q over QuadrennialReport (or a relation to it, via `prefix`) for the
    reports before one of the user's committees."""
    from .models import Body

    p = prefix
    mine = _member_committees(user).values("pk")
    deciding_for_org = Body.objects.filter(accredited_organisations=OuterRef(f"{p}organisation"),
                                           deciding_committee__in=mine)
    any_status_body = Body.objects.filter(accredited_organisations=OuterRef(f"{p}organisation"))
    # Consultative status is ECOSOC's: without recorded bodies, the committee deciding for ECOSOC has it.
    deciding_for_ecosoc = Body.objects.filter(kind=Body.Kind.ECOSOC, deciding_committee__in=mine)
    by_session = Q(**{f"{p}session__isnull": False, f"{p}session__committee__in": mine})
    by_status = Q(**{f"{p}session__isnull": True}) & (
        Q(Exists(deciding_for_org)) | (~Q(Exists(any_status_body)) & Q(Exists(deciding_for_ecosoc))))
    return Q(**{f"{p}state__in": states}) & (by_session | by_status)


def reports_in_scope(user, queryset=None):
    from .quadrennial.models import QuadrennialReport

    qs = QuadrennialReport.objects.all() if queryset is None else queryset
    if not is_committee(user):
        return qs.none()
    return qs.filter(report_scope_q(user))


def report_in_scope(user, report) -> bool:
    if report is None or not is_committee(user):
        return False
    return reports_in_scope(user).filter(pk=report.pk).exists()


def report_committees(report):
    """The committees a report is before (see the module docstring)."""
    from .models import Body, Committee

    if report.session_id:
        return Committee.objects.filter(sessions=report.session_id)
    if report.organisation.status_bodies.exists():
        return Committee.objects.filter(bodies__accredited_organisations=report.organisation_id).distinct()
    return Committee.objects.filter(bodies__kind=Body.Kind.ECOSOC).distinct()


def organisations_on_lists_q(user) -> Q:
    """Q over Organisation: on one of the committee member's current lists."""
    from .models import ConsolidatedListEntry
    from .quadrennial.models import LifecycleEntry, QuadrennialReport

    committees = _member_committees(user).values("pk")
    on_list = ConsolidatedListEntry.objects.filter(
        application__organisation=OuterRef("pk"), consolidated_list__published_at__isnull=False,
        consolidated_list__session__committee__in=committees,
        consolidated_list__session__decisions_published_at__isnull=True)
    on_lifecycle = LifecycleEntry.objects.filter(organisation=OuterRef("pk"), state__in=LIFECYCLE_OPEN_STATES,
                                                 session__committee__in=committees)
    report_before = QuadrennialReport.objects.filter(
        report_scope_q(user, states=REPORT_BEFORE_COMMITTEE_STATES), organisation=OuterRef("pk"))
    return Q(Exists(on_list)) | Q(Exists(on_lifecycle)) | Q(Exists(report_before))


def organisation_on_lists(user, organisation) -> bool:
    from .models import Organisation

    if organisation is None or not is_committee(user):
        return False
    return Organisation.objects.filter(organisations_on_lists_q(user), pk=organisation.pk).exists()

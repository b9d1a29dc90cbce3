"""Reads for pages and API: everything a page shows in a constant number of queries."""

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.models import AuditEntry

from .committee_scope import organisations_on_lists_q
from .models import (
    Application,
    Body,
    ConsolidatedList,
    ConsolidatedListEntry,
    CriterionResult,
    Decision,
    InformationRequest,
    Organisation,
    Session,
)
from .workflow import APPLICATION, PRESCREENING_STATES


def result_labels() -> dict:
    """Criterion results in words, in the active language."""
    return {k: str(v) for k, v in CriterionResult.Result.choices}


def applications_for_user(user):
    """The applications a user may see through the API and pages."""
    qs = Application.objects.select_related("organisation", "session__committee", "officer", "committee"
                                            ).prefetch_related("bodies")
    if not user.is_authenticated:
        return qs.none()
    if user.has_perm("accreditation.prescreen_application"):
        return qs
    if user.role == "ngo":
        return qs.filter(organisation__memberships__user=user)
    if user.role == "committee":
        # Applications on a published list of a session of one of the member's committees.
        return qs.filter(list_entries__consolidated_list__published_at__isnull=False,
                         list_entries__consolidated_list__session__committee__members=user).distinct()
    return qs.none()


def organisations_for_user(user):
    qs = Organisation.objects.select_related("country").prefetch_related("areas", "status_bodies")
    if user.is_authenticated and user.has_perm("accreditation.prescreen_application"):
        return qs
    approved = Q(profile_state=Organisation.ProfileState.APPROVED)
    if user.is_authenticated and user.role == "committee":
        # A committee member: the public directory, and private profiles only while on one of their lists.
        return qs.filter(approved | organisations_on_lists_q(user))
    if user.is_authenticated:
        return qs.filter(approved | Q(memberships__user=user)).distinct()
    return qs.filter(approved)


def prescreening_queue(*, state=None, officer=None, mine_of=None):
    today = timezone.localdate()
    # Open requests counted in a subquery (not a join and GROUP BY over the whole queue), so a page is read
    # in the order of the (submitted_at, id) index and stops at its last row.
    open_requests = (InformationRequest.objects.filter(application=OuterRef("pk"), answered_at__isnull=True)
                     .order_by().values("application").annotate(n=Count("id")).values("n"))
    qs = (Application.objects.filter(state__in=PRESCREENING_STATES)
          .select_related("organisation__country", "officer", "session")
          .annotate(open_requests=Coalesce(Subquery(open_requests), 0))
          .order_by("submitted_at", "id"))
    if state:
        qs = qs.filter(state=state)
    if officer == "none":
        qs = qs.filter(officer__isnull=True)
    elif officer:
        qs = qs.filter(officer_id=officer)
    for_page = qs
    return for_page, today


def queue_counts():
    rows = Application.objects.values("state").annotate(n=Count("id"))
    counts = {r["state"]: r["n"] for r in rows}
    return [(s.value, s.label, counts.get(s.value, 0)) for s in APPLICATION.states.values()]


def application_history(application):
    """The whole history of the application in public labels (for the NGO)."""
    entries = AuditEntry.objects.for_object(application).filter(action__startswith="application.").exclude(
        to_state="").order_by("created_at", "id")
    return [{"at": e.created_at, "label": APPLICATION.public_label(e.to_state),
             "transition": e.action} for e in entries if e.to_state in APPLICATION.states]


def application_for_page(pk):
    return (Application.objects.select_related("organisation__country", "session__committee", "officer",
                                               "criteria_set__body")
            .prefetch_related("bodies", "documents",
                              Prefetch("requests", queryset=InformationRequest.objects.select_related(
                                  "asked_by", "session").prefetch_related("attachments").order_by("asked_at", "id")),
                              "criterion_results__criterion", "organisation__funding_sources",
                              Prefetch("decisions", queryset=Decision.objects.select_related("session")))
            .get(pk=pk))


def sessions_for_user(user):
    qs = Session.objects.select_related("committee").annotate(
        n_applications=Count("applications", distinct=True))
    if user.has_perm("accreditation.prescreen_application"):
        return qs
    if user.role == "committee":
        return qs.filter(committee__members=user)
    return qs.none()


def lists_for_user(user):
    qs = ConsolidatedList.objects.select_related("session__committee").annotate(n_entries=Count("entries"))
    if user.has_perm("accreditation.prescreen_application"):
        return qs
    if user.role == "committee":
        return qs.filter(session__committee__members=user, published_at__isnull=False)
    return qs.none()


def list_entries(clist, *, q="", region="", recommendation="", carried_over="", decision=""):
    entries = ConsolidatedListEntry.objects.filter(consolidated_list=clist)
    if q:
        entries = entries.filter(Q(organisation_name__icontains=q) | Q(acronym__icontains=q)
                                 | Q(country_name__icontains=q))
    if region:
        entries = entries.filter(region=region)
    if recommendation:
        entries = entries.filter(recommendation=recommendation)
    if carried_over in ("yes", "no"):
        entries = entries.filter(carried_over=carried_over == "yes")
    pending = Decision.objects.filter(session_id=clist.session_id, application_id=OuterRef("application_id"))
    entries = entries.annotate(has_decision=Exists(pending))
    if decision == "none":
        entries = entries.filter(has_decision=False)
    return entries.order_by("position")


def decisions_by_application(session_id, application_ids=None):
    qs = Decision.objects.filter(session_id=session_id)
    if application_ids is not None:
        qs = qs.filter(application_id__in=application_ids)
    return {d.application_id: d for d in qs}


def criterion_titles() -> dict:
    """Each criterion's title in the active language, found by its id or by its
    title in any language (frozen copies made before ids were kept)."""
    from portal.i18n import column_suffix, current_language

    from .models import Criterion

    langs = [code for code, _name in settings.LANGUAGES]
    columns = [f"title_{column_suffix(lang)}" for lang in langs]
    current = f"title_{column_suffix(current_language())}"
    titles = {}
    for row in Criterion.objects.values("id", *columns):
        title = row[current] or row["title_en"]
        titles[row["id"]] = title
        for column in columns:
            if row[column]:
                titles.setdefault(row[column], title)
    return titles


def entries_for_reader(entries) -> list:
    """Frozen consolidated-list entries keep codes and English names; this puts
    them in the reader's language: adds `country_label`, `region_label`,
    `category_label` and `summary_items` ([{criterion, result, result_code, note}]) to each."""
    from portal.i18n import country_name, region_name

    entries = list(entries)
    titles, results = criterion_titles(), result_labels()
    categories = {k: str(v) for k, v in Application._meta.get_field("requested_category").choices}
    for e in entries:
        e.country_label = country_name(e.country_name)
        e.region_label = region_name(e.region)
        e.category_label = categories.get(e.requested_category, "") if e.requested_category else ""
        e.summary_items = [
            {"criterion": titles.get(s.get("criterion_id")) or titles.get(s.get("criterion")) or s.get("criterion", ""),
             "result": results.get(s.get("result"), ""), "result_code": s.get("result", ""),
             "note": s.get("note", "")}
            for s in e.summary]
    return entries


def bodies_access(today=None) -> list:
    """Every body with whether it takes applications, since which decision,
    who reviews and who adopts (or whose decision it awaits): the one record
    the application form, the criteria page and the reform tracker all read."""
    today = today or timezone.localdate()
    bodies = list(Body.objects.select_related("deciding_committee__adopting_body", "deciding_body")
                  .order_by("id"))
    for body in bodies:
        body.is_open = body.accepts_applications(today)
        committee = body.deciding_committee
        body.reviewed_by = committee.name if committee else ""
        body.adopted_by = committee.adopting_body.name if committee else (
            body.deciding_body.name if body.deciding_body else "")
    return bodies

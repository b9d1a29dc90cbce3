
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accreditation.duplicates import find_possible_duplicates
from accreditation.models import AreaOfExpertise, EntityKind, Organisation, StatusCategory
from portal import exports
from portal.confirm import confirmation
from portal.forms import ExportForm, add_service_errors
from portal.i18n import region_name, sort_key
from portal.models import Country
from portal.params import InvalidInput, parse_query, posted_id

from . import selectors, services
from .exports import DirectoryExport, TrackerExport, tracker_context
from .filters import InquiryQueueFilter, LiaisonFilter, RosterSearch
from .forms import (
    CommitteeMeetingForm,
    CommitteeMemberForm,
    EngagementForm,
    InquiryActionForm,
    InquiryForm,
    NewOrganisationForm,
    TrackerForm,
)
from .models import Measure, Proposal, RosterEntry, Unit
from .search import DirectoryQuery, cache_key, cached_count, cached_facets, ordered, search
from .workflow import INQUIRY, OPEN_INQUIRY_STATES, TRACKER

PAGE_SIZE = 25


# --- the public directory -------------------------------------------------

def _label_facets(result, *, countries, areas):
    """Names in the reader's language (the cached counts keep codes), ties sorted by the reader's language."""
    country_names = {c.iso2: c.name for c in countries}
    area_names = {a.code: a.name for a in areas}
    for key, names, code in (("country", country_names, "country_id"), ("activity_country", country_names, "country_id"),
                             ("area", area_names, "areaofexpertise__code")):
        for row in result[key]:
            row["label"] = names.get(row[code], row[code])
        result[key] = sorted(result[key], key=lambda row: (-row["n"], sort_key(row["label"])))
    for row in result["region"]:
        row["label"] = region_name(row["country__region"])
    result["region"] = sorted(result["region"], key=lambda row: sort_key(row["label"]))
    categories = dict(StatusCategory.choices)
    types = dict(Organisation.Type.choices)
    for row in result["status_category"]:
        row["label"] = categories.get(row["status_category"], row["status_category"])
    for row in result["org_type"]:
        row["label"] = types.get(row["org_type"], row["org_type"])
    names = {"dpi": _("Associated with the Department of Public Information"),
             "conference": _("Accredited to a UN conference")}
    for row in result["other"]:
        row["label"] = names[row["other"]]
    return result


class _KnownCountPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def directory(request):
    query = DirectoryQuery.from_params(request.GET)
    qs = search(query)
    paginator = _KnownCountPaginator(selectors.directory_rows(ordered(qs, query)), PAGE_SIZE,
                                     count=cached_count(query, qs))
    page = paginator.get_page(request.GET.get("page"))
    countries, areas = list(Country.objects.all()), list(AreaOfExpertise.objects.all())
    regions = [(r, region_name(r)) for r in {c.region for c in countries if c.region}]
    context = {
        # The rows of a page are cached per directory version and language (the queryset is read only on a miss).
        "rows_key": f"{cache_key('rows', query)}:{get_language()}:{page.number}",
        "query": query, "page": page,
        "facets": _label_facets(cached_facets(query, qs), countries=countries, areas=areas),
        "params": query.as_params(), "countries": countries, "areas": areas,
        "categories": StatusCategory.choices, "types": Organisation.Type.choices, "kinds": EntityKind.choices,
        "regions": sorted(regions, key=lambda pair: sort_key(pair[1])),
    }
    template = "partnerships/_directory_results.html" if request.headers.get("HX-Request") else \
        "partnerships/directory.html"
    return render(request, template, context)


def _export(request, exporter, fmt, variant=None):
    form = ExportForm(request.GET)
    if not form.is_valid():
        return exports.bad_request(form)
    return exports.respond(request, exporter, None, fmt, variant=variant, language=form.language(request))


def directory_csv(request):
    """The current result as CSV (the whole result, not one page), prepared
    in the background per state of the directory and served from storage."""
    query = DirectoryQuery.from_params(request.GET)
    return _export(request, DirectoryExport.name, "csv", variant=query.as_params())


def organisation_profile(request, pk):
    org = selectors.organisation_profile(pk)
    if org is None:
        raise Http404
    return render(request, "partnerships/profile.html", {"org": org})


# --- country teams ----------------------------------------------------------

def _team_or_404(request, pk):
    team = selectors.team_detail(pk)
    if team is None:
        raise Http404
    if not request.user.has_perm("partnerships.manage_team", team):
        # A focal point sees only their own teams; others learn nothing.
        raise Http404 if request.user.has_perm("partnerships.view_country_teams") else PermissionDenied
    return team


@login_required
def team_list(request):
    if not request.user.has_perm("partnerships.view_country_teams"):
        raise PermissionDenied
    return render(request, "partnerships/team_list.html", {"teams": selectors.teams_for(request.user)})


@login_required
def team_detail(request, pk):
    team = _team_or_404(request, pk)
    committee = getattr(team, "advisory_committee", None) if hasattr(team, "advisory_committee") else None
    return render(request, "partnerships/team_detail.html", {"team": team, "committee": committee})


@login_required
def roster_add(request, pk):
    team = _team_or_404(request, pk)
    q = parse_query(RosterSearch, request)["q"].strip()
    candidates = []
    if q:
        candidates = list(search(DirectoryQuery(q=q), base=Organisation.objects.all())
                          .select_related("country").order_by("name")[:20])
    on_roster = set(RosterEntry.objects.filter(team=team).values_list("organisation_id", flat=True))
    form = NewOrganisationForm(request.POST or None) if request.POST.get("action") == "create" else \
        NewOrganisationForm(initial={"name": q})
    duplicates = []
    if request.method == "POST":
        try:
            if request.POST.get("action") == "add":
                org = get_object_or_404(Organisation, pk=posted_id(request, "organisation"))
                services.roster_add(team=team, organisation=org, by=request.user, note=request.POST.get("note", ""))
                messages.success(request, _("%(org)s is on the roster.") % {"org": org})
                return redirect("partnerships:team-detail", team.pk)
            if form.is_valid():
                d = form.cleaned_data
                fields = {k: d[k] for k in ("name", "name_en_fr", "acronym", "hq_city", "website", "email")}
                entry = services.roster_create_organisation(
                    team=team, by=request.user, fields=fields, areas=d["areas"], note=d["note"],
                    confirm_not_duplicate=d["confirm_not_duplicate"])
                messages.success(request, _("%(org)s was created and added to the roster.")
                                 % {"org": entry.organisation})
                return redirect("partnerships:team-detail", team.pk)
        except ValidationError as exc:
            if request.POST.get("action") == "add":
                for msg in exc.messages:
                    messages.error(request, msg)
                return redirect(f"{reverse('partnerships:roster-add', args=[team.pk])}?q={q}")
            d = dict(form.cleaned_data)
            add_service_errors(form, exc)
            if getattr(exc, "error_dict", {}).get("name") and exc.error_dict["name"][0].code == "possible_duplicates":
                duplicates = find_possible_duplicates(name=d.get("name", ""), website=d.get("website", ""),
                                                      email=d.get("email", ""), acronym=d.get("acronym", ""))
    return render(request, "partnerships/roster_add.html", {
        "team": team, "q": q, "candidates": candidates, "on_roster": on_roster, "form": form,
        "duplicates": duplicates})


@login_required
def roster_remove(request, pk, entry_pk):
    team = _team_or_404(request, pk)
    entry = get_object_or_404(RosterEntry, pk=entry_pk, team=team)
    if request.method == "POST":
        page = confirmation(
            request, title=_("Remove %(org)s from the roster of %(country)s?")
            % {"org": entry.organisation, "country": team.country.name},
            consequences=[_("The organisation no longer appears on the country team's roster."),
                          _("Its engagement history stays recorded."),
                          _("Its registration and any consultative status are not affected.")],
            confirm_label=_("Yes, remove it from the roster"),
            cancel_url=reverse("partnerships:team-detail", args=[team.pk]))
        if page:
            return page
        services.roster_remove(entry=entry, by=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("%(org)s is removed from the roster.") % {"org": entry.organisation})
    return redirect("partnerships:team-detail", team.pk)


@login_required
def engagement_new(request, pk):
    team = _team_or_404(request, pk)
    form = EngagementForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.engagement_log(team=team, by=request.user, kind=d["kind"], title=d["title"],
                                    held_on=d["held_on"], location=d["location"], organisations=d["organisations"],
                                    other_participants=d["other_participants"],
                                    participant_count=d["participant_count"], outcomes=d["outcomes"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The engagement is logged."))
            return redirect("partnerships:team-detail", team.pk)
    return render(request, "partnerships/engagement_form.html", {"team": team, "form": form})


@login_required
def committee_manage(request, pk):
    team = _team_or_404(request, pk)
    committee = getattr(team, "advisory_committee", None) if hasattr(team, "advisory_committee") else None
    if committee is None:
        if request.method == "POST" and request.POST.get("action") == "establish":
            services.committee_establish(team=team, by=request.user,
                                         name=request.POST.get("name") or
                                         _("National NGO advisory committee of %(country)s")
                                         % {"country": team.country.name},
                                         established_on=timezone.localdate())
            return redirect("partnerships:committee-manage", team.pk)
        return render(request, "partnerships/committee_manage.html", {"team": team, "committee": None})
    action = request.POST.get("action")
    member_form = CommitteeMemberForm(request.POST if action == "member" else None, prefix="m")
    meeting_form = CommitteeMeetingForm(request.POST if action == "meeting" else None, prefix="g")
    if request.method == "POST":
        form = member_form if action == "member" else meeting_form
        if form.is_valid():
            try:
                if action == "member":
                    services.committee_member_add(committee=committee, by=request.user, **form.cleaned_data)
                else:
                    services.committee_meeting_record(committee=committee, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(name)s is added to the committee.") % {"name": form.cleaned_data["name"]}
                                 if action == "member" else _("The meeting and its minutes are recorded."))
                return redirect("partnerships:committee-manage", team.pk)
    committee = selectors.committee_detail(committee.pk)
    return render(request, "partnerships/committee_manage.html", {
        "team": team, "committee": committee, "member_form": member_form, "meeting_form": meeting_form})


def committee_list(request):
    return render(request, "partnerships/committee_list.html", {"committees": selectors.committees()})


def committee_public(request, pk):
    committee = selectors.committee_detail(pk)
    if committee is None:
        raise Http404
    today = timezone.localdate()
    return render(request, "partnerships/committee_public.html", {
        "committee": committee, "current": [m for m in committee.members.all() if m.in_term(today)],
        "former": [m for m in committee.members.all() if not m.in_term(today)]})


# --- the single entry point -------------------------------------------------

INQUIRY_DONE = {
    "take": _lazy("The inquiry is yours; the organisation sees it is being handled."),
    "ask": _lazy("Your question is sent; the organisation is told by e-mail."),
    "reply": _lazy("Your information is sent to the Partnerships Office."),
    "answer": _lazy("Your answer is sent; the organisation is told by e-mail."),
    "reopen": _lazy("The inquiry is reopened; the Partnerships Office will answer again."),
    "close": _lazy("The inquiry is closed."),
}


def _decorate(inquiries):
    for inquiry in inquiries:
        inquiry.public_state = INQUIRY.public_label(inquiry.state)
        inquiry.state_label = INQUIRY.label(inquiry.state)
    return inquiries


@login_required
def inquiry_list(request):
    if not request.user.has_perm("partnerships.submit_inquiry"):
        raise PermissionDenied
    page = Paginator(selectors.inquiries_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    _decorate(page.object_list)
    return render(request, "partnerships/inquiry_list.html", {"page": page})


@login_required
def inquiry_new(request):
    if not request.user.has_perm("partnerships.submit_inquiry"):
        raise PermissionDenied
    form = InquiryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            inquiry = services.inquiry_submit(organisation=d["organisation"], by=request.user, topic=d["topic"],
                                              subject=d["subject"], message=d["message"],
                                              submission_token=d["submission_token"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("We have received your inquiry %(ref)s. The %(unit)s will answer; "
                                        "you can follow it here.") % {"ref": inquiry.reference,
                                                                      "unit": inquiry.unit.name})
            return redirect("partnerships:inquiry-detail", inquiry.pk)
    return render(request, "partnerships/inquiry_form.html", {"form": form})


@login_required
def inquiry_detail(request, pk):
    inquiry = selectors.inquiry_detail(pk)
    if inquiry is None or not request.user.has_perm("partnerships.view_inquiry", inquiry):
        raise Http404  # another organisation's inquiry does not exist for this user
    if request.method == "POST":
        form = InquiryActionForm(request.POST)
        if (form.is_valid() and form.cleaned_data["transition"] == "close"
                and INQUIRY.can_fire(inquiry, "close", request.user)):
            page = confirmation(
                request, title=_("Close inquiry %(ref)s?") % {"ref": inquiry.reference},
                consequences=[_("The inquiry is closed for good: it can no longer be reopened or answered."),
                              _("Its conversation stays on record.")],
                confirm_label=_("Yes, close the inquiry"),
                cancel_url=reverse("partnerships:inquiry-detail", args=[inquiry.pk]))
            if page:
                return page
        if form.is_valid():
            try:
                services.inquiry_transition(inquiry=inquiry, by=request.user,
                                            transition=form.cleaned_data["transition"],
                                            text=form.cleaned_data["text"])
            except ValidationError as exc:
                for msg in exc.messages:
                    messages.error(request, msg)
            else:
                messages.success(request, INQUIRY_DONE.get(form.cleaned_data["transition"], _("Saved.")))
            return redirect("partnerships:inquiry-detail", inquiry.pk)
    actions = INQUIRY.available(inquiry, request.user)
    _decorate([inquiry])
    return render(request, "partnerships/inquiry_detail.html", {
        "inquiry": inquiry, "actions": actions, "is_staff": request.user.has_perm("partnerships.handle_inquiry")})


@login_required
def inquiry_queue(request):
    if not request.user.has_perm("partnerships.handle_inquiry"):
        raise PermissionDenied
    units = list(Unit.objects.annotate(open_count=Count("inquiries", filter=Q(inquiries__state__in=OPEN_INQUIRY_STATES))))
    wanted = parse_query(InquiryQueueFilter, request)["unit"]
    unit = next((u for u in units if u.code == wanted), None)
    if wanted and unit is None:
        raise InvalidInput({"unit": [_("Choose a unit from the list.")]})
    page = Paginator(selectors.open_inquiries_oldest_first(unit), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for inquiry in _decorate(page.object_list):
        inquiry.age_days = (now - inquiry.created_at).days
    return render(request, "partnerships/inquiry_queue.html", {"page": page, "units": units, "unit": unit})


# --- elected representatives ---------------------------------------------

@login_required
def liaison(request):
    if not request.user.has_perm("partnerships.view_liaison"):
        raise PermissionDenied
    kind = parse_query(LiaisonFilter, request)["kind"]
    page = Paginator(selectors.elected_representatives(kind), PAGE_SIZE).get_page(request.GET.get("page"))
    kinds = [(k.value, k.label) for k in selectors.ELECTED_KINDS]
    return render(request, "partnerships/liaison.html", {"page": page, "kind": kind, "kinds": kinds})


@login_required
def liaison_detail(request, pk):
    if not request.user.has_perm("partnerships.view_liaison"):
        raise PermissionDenied
    entity = get_object_or_404(Organisation.objects.select_related("country"), pk=pk,
                               entity_kind__in=selectors.ELECTED_KINDS)
    return render(request, "partnerships/liaison_detail.html",
                  {"entity": entity, **selectors.participation_history(entity)})


# --- the reform tracker ---------------------------------------------------

def tracker(request):
    context = tracker_context()
    context["can_edit"] = request.user.has_perm("partnerships.manage_tracker")
    return render(request, "partnerships/tracker.html", context)


def tracker_csv(request):
    return _export(request, TrackerExport.name, "csv")


def tracker_pdf(request):
    return _export(request, TrackerExport.name, "pdf")


@login_required
def tracker_edit(request, kind, pk):
    if not request.user.has_perm("partnerships.manage_tracker"):
        raise PermissionDenied
    model = {"proposal": Proposal, "measure": Measure}.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model.objects.select_related("unit"), pk=pk)
    form = TrackerForm(request.POST or None, transitions=TRACKER.available(item, request.user),
                       initial={"unit": item.unit_id, "note": item.progress_note, "evidence_url": item.evidence_url})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.tracker_update(item=item, by=request.user, transition=d["transition"], note=d["note"],
                                    unit=d["unit"], evidence_url=d["evidence_url"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The reform tracker is updated."))
            return redirect("partnerships:tracker")
    return render(request, "partnerships/tracker_edit.html", {"item": item, "form": form,
                                                              "status_label": TRACKER.label(item.status)})


def tracker_history(request, kind, pk):
    """Every change of one proposal or measure, public: when, what, why."""
    from portal.audit_text import describe
    from portal.models import AuditEntry

    model = {"proposal": Proposal, "measure": Measure}.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=pk)
    entries = AuditEntry.objects.for_object(item).order_by("created_at", "id")
    rows = [{"at": e.created_at, "what": describe(e), "reason": e.reason,
             "changed": [str(model._meta.get_field(f).verbose_name) for f in (e.data or {}).get("changed", [])
                         if f in {x.name for x in model._meta.fields}]} for e in entries]
    return render(request, "partnerships/tracker_history.html",
                  {"item": item, "rows": rows, "status_label": TRACKER.public_label(item.status)})



def measures(request):
    """Is the reform working? Public: the latest snapshot, with charts."""
    from trustfund.charts import bar_chart

    from .measures import BASELINES, latest

    taken_on, groups = latest()
    for g in groups:
        shown = [(c["label"], c["value"]) for c in g["cells"] if not c["suppressed"] and c["value"] is not None]
        g["chart"] = bar_chart(shown, title=g["title"], chart_id=f"chart-{g['code'].replace('_', '-')}") \
            if len(shown) > 1 else ""
    return render(request, "partnerships/measures.html",
                  {"taken_on": taken_on, "groups": groups, "baselines": [(str(t), v) for t, v in BASELINES]})


def measures_csv(request):
    return _export(request, "partnerships.measures", "csv")

"""The browser face of accreditation: thin views over services and selectors."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal import exports
from portal.confirm import confirmation
from portal.forms import add_service_errors
from portal.i18n import region_name, sort_key
from portal.params import parse_body, parse_query, posted_id
from portal.roles import Role
from portal.rules import is_admin

from . import guidance, selectors, services
from .committee_scope import sits_on_any_committee
from .confirmations import (
    confirm_adoption,
    confirm_bulk_assign,
    confirm_bulk_decisions,
    confirm_list_publish,
    confirm_publish_decisions,
)
from .duplicates import find_possible_duplicates
from .exports import ConsolidatedListExport
from .filters import BulkSelection, ListFilter, QueueFilter
from .forms import (
    AdoptionForm,
    AnswerRequestForm,
    AnswersForm,
    ApplicationCreateForm,
    ChangeRequestForm,
    CriteriaForm,
    DecisionForm,
    DocumentForm,
    DpiDecisionForm,
    FundingFormSet,
    ListExportForm,
    OrganisationForm,
    OrganisationProfileForm,
    PublishDecisionsForm,
    QuestionForm,
    RecommendationForm,
    RequestInformationForm,
)
from .models import (
    AnswerAttachment,
    Application,
    ApplicationDocument,
    Body,
    ConsolidatedList,
    CriteriaSet,
    Criterion,
    Decision,
    InformationRequest,
    Organisation,
    OrganisationChange,
    Recommendation,
    Session,
)
from .questionnaire import questions_for, required_documents
from .workflow import APPLICATION, PRESCREENING_STATES


def _staff(user):
    return user.has_perm("accreditation.prescreen_application")


def _require_staff(request):
    if not _staff(request.user):
        raise PermissionDenied


# ------------------------------------------------------------------- criteria

def criteria_public(request):
    sets = (CriteriaSet.objects.filter(published_on__isnull=False).select_related("body")
            .prefetch_related("criteria").order_by("body__name", "-version"))
    return render(request, "accreditation/criteria.html", {"sets": sets, "Check": Criterion.Check,
                                                           "bodies_access": selectors.bodies_access()})


# --------------------------------------------------------------- organisations

@login_required
def organisation_register(request):
    if request.user.role != Role.NGO:
        raise PermissionDenied
    form = OrganisationForm(request.POST or None)
    funding = FundingFormSet(request.POST or None, prefix="funding")
    duplicates = []
    if request.method == "POST" and form.is_valid() and funding.is_valid():
        d = form.cleaned_data
        duplicates = find_possible_duplicates(name=d["name"], website=d.get("website") or "",
                                              email=d.get("email") or "", acronym=d.get("acronym") or "")
        if duplicates and not d.get("confirm_not_duplicate"):
            form.add_error("confirm_not_duplicate", _(
                "Organisations like yours are already registered (listed above). If yours is one of them, ask its "
                "focal point to add you; otherwise tick this box to register a new one."))
        else:
            rows = [f for f in funding.cleaned_data if f and f.get("name")]
            try:
                org = services.organisation_create(
                    by=request.user, fields=form.org_fields(), areas=d["areas"],
                    countries_of_activity=d["countries_of_activity"], networks=d["networks"], funding_sources=rows)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your organisation is registered. The Secretariat will review its "
                                            "profile; you can already prepare an application."))
                return redirect("accreditation:organisation", pk=org.pk)
    return render(request, "accreditation/organisation_form.html",
                  {"form": form, "funding": funding, "duplicates": duplicates})


@login_required
def organisation_edit(request, pk):
    org = get_object_or_404(Organisation, pk=pk)
    if not request.user.has_perm("accreditation.change_organisation", org):
        raise PermissionDenied
    form = OrganisationProfileForm(request.POST or None, instance=org)
    initial = [{"name": f.name, "kind": f.kind, "share": f.share} for f in org.funding_sources.all()]
    funding = FundingFormSet(request.POST or None, prefix="funding", initial=initial)
    if request.method == "POST" and form.is_valid() and funding.is_valid():
        d = form.cleaned_data
        rows = [f for f in funding.cleaned_data if f and f.get("name")]
        try:
            services.organisation_update(organisation=org, by=request.user, fields=form.org_fields(),
                                         funding_sources=rows, areas=d["areas"],
                                         countries_of_activity=d["countries_of_activity"], networks=d["networks"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The profile is updated."))
            return redirect("accreditation:organisation", pk=org.pk)
    return render(request, "accreditation/organisation_edit.html", {"form": form, "funding": funding, "org": org})


def organisation_detail(request, pk):
    org = get_object_or_404(Organisation.objects.select_related("country").prefetch_related(
        "areas", "status_bodies", "status_changes", "funding_sources", "networks"), pk=pk)
    private = request.user.is_authenticated and request.user.has_perm(
        "accreditation.view_organisation_private", org)
    if org.profile_state != Organisation.ProfileState.APPROVED and not private:
        raise Http404
    ctx = {"org": org, "private": private, "is_staff": _staff(request.user)}
    if private:
        ctx["applications"] = org.applications.order_by("-created_at")
        ctx["changes"] = org.changes.all()
        ctx["is_member"] = request.user.has_perm("accreditation.change_organisation", org) and not _staff(request.user)
        if ctx["is_staff"] and org.profile_state != "approved":
            ctx["duplicates"] = find_possible_duplicates(name=org.name, website=org.website, email=org.email,
                                                         acronym=org.acronym, exclude_pk=org.pk)
    return render(request, "accreditation/organisation_detail.html", ctx)


@login_required
@require_POST
def organisation_decide_profile(request, pk):
    _require_staff(request)
    org = get_object_or_404(Organisation, pk=pk)
    try:
        if request.POST.get("decision") == "approve":
            services.organisation_approve(organisation=org, by=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("Profile approved."))
        else:
            services.organisation_reject(organisation=org, by=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("Profile not approved."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("accreditation:organisation", pk=pk)


@login_required
def organisation_change_new(request, pk):
    org = get_object_or_404(Organisation, pk=pk)
    if not (request.user.role == Role.NGO and org.memberships.filter(user=request.user).exists()):
        raise Http404
    form = ChangeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.organisation_change_request(organisation=org, by=request.user, kind=d["kind"],
                                                 new_name=d["new_name"], new_category=d["new_category"],
                                                 merged_into=d["merged_into"], explanation=d["explanation"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your request is sent to the Secretariat."))
            return redirect("accreditation:organisation", pk=org.pk)
    return render(request, "accreditation/change_form.html", {"form": form, "org": org})


@login_required
def changes_list(request):
    _require_staff(request)
    changes = OrganisationChange.objects.select_related("organisation", "merged_into", "requested_by")
    if request.method == "POST":
        change = get_object_or_404(OrganisationChange.objects.select_related("organisation", "merged_into"),
                                   pk=posted_id(request, "change"))
        approve = request.POST.get("decision") == "approve"
        if approve and change.kind == OrganisationChange.Kind.MERGER and change.state == "requested":
            page = confirmation(
                request, title=_("Approve the merger of %(org)s into %(into)s?")
                % {"org": change.organisation.display_name, "into": change.merged_into},
                consequences=[_("%(org)s's consultative status, if any, is withdrawn from today.")
                              % {"org": change.organisation.display_name},
                              _("The change is recorded in its status history.")],
                confirm_label=_("Yes, approve the merger"), cancel_url=reverse("accreditation:changes"))
            if page:
                return page
        try:
            services.organisation_change_decide(change=change, by=request.user, approve=approve,
                                                reason=request.POST.get("reason", ""))
            messages.success(request, (_("%(change)s approved for %(org)s.") if approve else
                                       _("%(change)s not approved for %(org)s."))
                             % {"change": change.get_kind_display(), "org": change.organisation.display_name})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("accreditation:changes")
    pending = Organisation.objects.filter(profile_state="pending").select_related("country")[:200]
    return render(request, "accreditation/changes.html", {"changes": changes[:200], "pending_profiles": pending})


# --------------------------------------------------------------- applications (NGO)

@login_required
def my_applications(request):
    if request.user.role != Role.NGO:
        raise PermissionDenied
    apps = (Application.objects.filter(organisation__memberships__user=request.user)
            .select_related("organisation", "session").prefetch_related("bodies").order_by("-created_at"))
    orgs = Organisation.objects.filter(memberships__user=request.user)
    return render(request, "accreditation/my_applications.html", {"applications": apps, "organisations": orgs})


@login_required
def application_new(request):
    if request.user.role != Role.NGO:
        raise PermissionDenied
    orgs = Organisation.objects.filter(memberships__user=request.user)
    if not orgs.exists():
        messages.info(request, _("Register your organisation first."))
        return redirect("accreditation:organisation-register")
    checks = [(org, guidance.start_notices(org)) for org in orgs.select_related("country")]
    blocked = {org.pk: guidance.blocked_tracks(notices) for org, notices in checks}
    can_start = any(len(tracks) < len(Body.Track.values) for tracks in blocked.values())
    form = ApplicationCreateForm(request.POST or None, organisations=orgs)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d["track"] in blocked.get(d["organisation"].pk, ()):
            reasons = [n.message for org, notices in checks if org.pk == d["organisation"].pk for n in notices
                       if n.level == "blocking" and n.track == d["track"]]
            form.add_error("track", reasons)
        else:
            try:
                app = services.application_create(by=request.user, organisation=d["organisation"], track=d["track"],
                                                   bodies=d["bodies"], requested_category=d["requested_category"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your draft is created. Work through the steps below, in any order; "
                                            "nothing is sent until you submit."))
                return redirect("accreditation:application", pk=app.pk)
    return render(request, "accreditation/application_new.html",
                  {"form": form, "checks": checks, "can_start": can_start, "several": len(checks) > 1})


def _application_or_404(request, pk):
    try:
        app = selectors.application_for_page(pk)
    except Application.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("accreditation.view_application", app):
        raise Http404
    return app


@login_required
def application_detail(request, pk):
    app = _application_or_404(request, pk)
    is_member = request.user.has_perm("accreditation.change_application", app)
    present = {d.kind: d for d in app.documents.all()}
    ctx = {
        "app": app, "is_member": is_member, "is_staff": _staff(request.user),
        "history": selectors.application_history(app),
        "questions": [(q, app.answers.get(q.code, "")) for q in questions_for(app.track)],
        "documents": [(k, ApplicationDocument.Kind(k).label, present.get(k)) for k in required_documents(app.track)],
        "open_requests": [r for r in app.requests.all() if r.is_open],
        "answered_requests": [r for r in app.requests.all() if not r.is_open],
        "editable": is_member and app.state in ("draft", "info_requested"),
    }
    if ctx["editable"]:
        ctx["answers_form"] = AnswersForm(track=app.track, initial_answers=app.answers)
        ctx["document_form"] = DocumentForm()
    if app.state == "draft":
        checklist = services.application_checklist(app)
        ctx["missing"] = guidance.missing_items(app, checklist)
        if is_member:
            ctx["steps"] = guidance.application_steps(app, checklist)
        ctx["codes_of_conduct"] = services.codes_of_conduct_for(app)
        ctx["requires_conduct"] = bool(ctx["codes_of_conduct"])
    ctx["answer_form"] = AnswerRequestForm()
    ctx["can_withdraw"] = is_member and APPLICATION.can_fire(app, "withdraw", request.user)
    published = [d for d in app.decisions.all() if d.state != Decision.State.PENDING]
    ctx["published_decisions"] = published
    return render(request, "accreditation/application_detail.html", ctx)


def _member_app(request, pk):
    app = get_object_or_404(Application.objects.select_related("organisation"), pk=pk)
    if not request.user.has_perm("accreditation.change_application", app):
        raise Http404
    return app


@login_required
@require_POST
def application_answers(request, pk):
    app = _member_app(request, pk)
    form = AnswersForm(request.POST, track=app.track, initial_answers=app.answers)
    if form.is_valid():
        try:
            services.application_save_answers(application=app, by=request.user, answers=form.cleaned_data)
            messages.success(request, _("Your answers are saved as a draft."))
        except ValidationError as exc:
            labels = {q.code: q.label for q in questions_for(app.track)}
            for field, errs in (exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]):
                for e in errs:
                    messages.error(request, f"{labels.get(field, '')}: {e}" if field in labels else e)
    return redirect(reverse("accreditation:application", args=[pk]) + "#step-questionnaire")


@login_required
@require_POST
def application_document(request, pk):
    app = _member_app(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
        return redirect("accreditation:application", pk=pk)
    try:
        services.application_upload_document(application=app, by=request.user, kind=form.cleaned_data["kind"],
                                              upload=form.cleaned_data["file"])
        messages.success(request, _("Document uploaded: %(doc)s.")
                         % {"doc": ApplicationDocument.Kind(form.cleaned_data["kind"]).label})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("accreditation:application", args=[pk]) + "#step-documents")


@login_required
@require_POST
def application_action(request, pk, action):
    app = _member_app(request, pk)
    try:
        if action == "conduct":
            services.application_accept_code_of_conduct(application=app, by=request.user)
            messages.success(request, _("You accepted the code of conduct."))
            return redirect(reverse("accreditation:application", args=[pk]) + "#step-submit")
        elif action == "submit":
            if services.application_problems(app):
                messages.error(request, _("The application cannot be submitted yet: what is missing is listed "
                                          "below, each with a link to where you fix it."))
                return redirect(reverse("accreditation:application", args=[pk]) + "#step-submit")
            services.application_submit(application=app, by=request.user)
            app.refresh_from_db()
            messages.success(request, _("Your application is submitted. Its reference is %(ref)s; a confirmation "
                                        "is on its way to you by e-mail.") % {"ref": app.reference})
        elif action == "withdraw":
            services.application_withdraw(application=app, by=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("Your application is withdrawn."))
        else:
            raise Http404
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    return redirect("accreditation:application", pk=pk)


@login_required
@require_POST
def request_answer(request, pk, request_pk):
    app = _member_app(request, pk)
    req = get_object_or_404(InformationRequest, pk=request_pk, application=app)
    form = AnswerRequestForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.request_answer(request=req, by=request.user, answer=form.cleaned_data["answer"],
                                    attachments=form.cleaned_data["attachments"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            n = len(form.cleaned_data["attachments"])
            messages.success(request, ngettext(
                "Your answer is sent with %(n)s attachment; the %(who)s sees it now.",
                "Your answer is sent with %(n)s attachments; the %(who)s sees it now.", n) % {
                "n": n, "who": req.get_source_display().lower()} if n else
                _("Your answer is sent; the %(who)s sees it now.") % {"who": req.get_source_display().lower()})
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("accreditation:application", pk=pk)


@login_required
def answer_attachment(request, pk, attachment_pk):
    """An attachment to an answer: for the organisation, the Secretariat and
    the members of a committee whose list carries the application."""
    app = get_object_or_404(Application, pk=pk)
    allowed = request.user.has_perm("accreditation.view_application", app) or (
        request.user.role == Role.COMMITTEE and selectors.applications_for_user(request.user).filter(pk=pk).exists())
    if not allowed:
        raise Http404
    attachment = get_object_or_404(AnswerAttachment, pk=attachment_pk, request__application=app)
    with attachment.file.open("rb") as fh:
        response = HttpResponse(fh.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="answer-{app.pk}-{attachment.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ------------------------------------------------------------ pre-screening queue

@login_required
def queue(request):
    _require_staff(request)
    refused = []
    officers = get_user_model().objects.filter(role=Role.SECRETARIAT, is_active=True).order_by("last_name")
    if request.method == "POST":
        ids = parse_body(BulkSelection, request)["applications"]
        officer_id = parse_body(QueueFilter, request)["officer"]
        officer = officers.filter(pk=officer_id).first() if officer_id.isdecimal() else None
        if not ids:
            messages.error(request, _("Tick the applications to assign."))
        elif officer is None:
            messages.error(request, _("Choose an officer."))
        else:
            page = confirm_bulk_assign(request, count=len(ids), officer=officer)
            if page:
                return page
            assigned, refused = services.applications_bulk_assign(application_ids=ids, officer=officer,
                                                                  by=request.user)
            messages.success(request, ngettext("%(n)s application assigned.", "%(n)s applications assigned.",
                                                      len(assigned)) % {"n": len(assigned)})
    filters = parse_query(QueueFilter, request)
    state, officer_filter = filters["state"], filters["officer"]
    qs, today = selectors.prescreening_queue(state=state, officer=officer_filter)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [{"app": a, "age": (today - a.submitted_at.date()).days if a.submitted_at else 0} for a in page]
    return render(request, "accreditation/queue.html", {
        "page": page, "rows": rows, "counts": selectors.queue_counts(), "officers": officers, "state": state,
        "officer_filter": officer_filter, "refused": refused, "prescreening_states": [(s, APPLICATION.label(s)) for s in PRESCREENING_STATES],
        "APPLICATION": APPLICATION})


@login_required
@require_POST
def application_take(request, pk):
    _require_staff(request)
    app = get_object_or_404(Application, pk=pk)
    try:
        services.application_take(application=app, by=request.user)
        messages.success(request, _("The application is yours."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("accreditation:prescreen", pk=pk)


@login_required
def prescreen(request, pk):
    _require_staff(request)
    try:
        app = selectors.application_for_page(pk)
    except Application.DoesNotExist:
        raise Http404 from None
    criteria = list(app.criteria_set.criteria.all()) if app.criteria_set_id else []
    results = {r.criterion_id: r for r in app.criterion_results.all()}
    criteria_form = CriteriaForm(criteria=criteria, results=results)
    rec_form = RecommendationForm(initial={"recommendation": app.recommendation or app.requested_category,
                                           "reason": app.recommendation_reason})
    info_form = RequestInformationForm()
    dpi_form = DpiDecisionForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "criteria":
                criteria_form = CriteriaForm(request.POST, criteria=criteria, results=results)
                if criteria_form.is_valid():
                    for c in criteria:
                        result = criteria_form.cleaned_data[f"result_{c.pk}"]
                        if result:
                            services.application_record_criterion(
                                application=app, by=request.user, criterion=c, result=result,
                                note=criteria_form.cleaned_data[f"note_{c.pk}"])
                    messages.success(request, _("Results saved."))
                    return redirect("accreditation:prescreen", pk=pk)
            elif action == "request":
                info_form = RequestInformationForm(request.POST)
                if info_form.is_valid():
                    services.application_request_information(application=app, by=request.user,
                                                             **info_form.cleaned_data)
                    messages.success(request, _("The request is sent; the organisation sees it and its deadline."))
                    return redirect("accreditation:prescreen", pk=pk)
            elif action == "recommend":
                rec_form = RecommendationForm(request.POST)
                if rec_form.is_valid():
                    services.application_complete_prescreening(application=app, by=request.user,
                                                               **rec_form.cleaned_data)
                    messages.success(request, _("Pre-screening completed: the application goes to its session's "
                                                "consolidated list."))
                    return redirect("accreditation:queue")
            elif action == "dpi":
                dpi_form = DpiDecisionForm(request.POST)
                if dpi_form.is_valid():
                    services.application_dpi_decide(application=app, by=request.user, **dpi_form.cleaned_data)
                    messages.success(request, (_("%(org)s is associated with the Department of Public Information; "
                                                 "it is told by e-mail.") if dpi_form.cleaned_data["associate"] else
                                               _("DPI association declined for %(org)s; it is told by e-mail."))
                                     % {"org": app.organisation.display_name})
                    return redirect("accreditation:queue")
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
            return redirect("accreditation:prescreen", pk=pk)
    return render(request, "accreditation/prescreen.html", {
        "app": app, "criteria_form": criteria_form, "rec_form": rec_form, "info_form": info_form,
        "dpi_form": dpi_form, "results": results, "criteria": criteria,
        "questions": [(q, app.answers.get(q.code, "")) for q in questions_for(app.track)],
        "history": selectors.application_history(app), "in_prescreening": app.state in PRESCREENING_STATES})


@login_required
def document_download(request, pk, kind):
    app = get_object_or_404(Application, pk=pk)
    allowed = request.user.has_perm("accreditation.view_application", app) or (
        request.user.role == Role.COMMITTEE and selectors.applications_for_user(request.user).filter(pk=pk).exists())
    if not allowed:
        raise Http404
    doc = get_object_or_404(app.documents, kind=kind)
    with doc.file.open("rb") as fh:
        response = HttpResponse(fh.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{kind}-{app.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------- sessions and lists

@login_required
def sessions(request):
    if not (_staff(request.user) or sits_on_any_committee(request.user)):
        raise PermissionDenied
    return render(request, "accreditation/sessions.html", {
        "sessions": selectors.sessions_for_user(request.user).order_by("-starts_on"),
        "lists": selectors.lists_for_user(request.user).order_by("-session__starts_on", "-version")[:50]})


def _session_or_404(request, pk):
    session = get_object_or_404(Session.objects.select_related("committee__adopting_body"), pk=pk)
    if _staff(request.user):
        return session
    if request.user.role == Role.COMMITTEE and session.committee.members.filter(pk=request.user.pk).exists():
        return session
    raise Http404


@login_required
def session_detail(request, pk):
    session = _session_or_404(request, pk)
    is_staff = _staff(request.user)
    can_override = bool(is_admin(request.user))
    if request.method == "POST":
        _require_staff(request)
        action = request.POST.get("action")
        try:
            if action == "build":
                clist = services.consolidated_list_build(session=session, by=request.user)
                messages.success(request, _("Version %(v)s of the list is built.") % {"v": clist.version})
            elif action == "publish":
                clist = get_object_or_404(ConsolidatedList, pk=posted_id(request, "list"), session=session)
                page = confirm_list_publish(request, clist)
                if page:
                    return page
                services.consolidated_list_publish(consolidated_list=clist, by=request.user)
                messages.success(request, _("Version %(v)s of the list is published to the committee's members.")
                                 % {"v": clist.version})
            elif action == "publish_decisions":
                form = PublishDecisionsForm(request.POST, can_override=can_override)
                if form.is_valid():
                    # A refusal is said before the confirmation, never after it.
                    problem = services.session_publication_problem(session, today=timezone.localdate())
                    if problem and not form.cleaned_data.get("override_reason"):
                        raise ValidationError(problem)
                    page = confirm_publish_decisions(request, session)
                    if page:
                        return page
                    counts = services.session_publish_decisions(session=session, by=request.user,
                                                                **form.cleaned_data)
                    messages.success(request, _("Decisions published: %(n)s. Each organisation sees its outcome now.")
                                     % {"n": sum(n for k, n in counts.items() if k != "moved")})
                else:
                    messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
            elif action == "adopt":
                form = AdoptionForm(request.POST, can_override=can_override)
                if form.is_valid():
                    problems = services.session_adoption_problems(session, on=form.cleaned_data["on"],
                                                                  today=timezone.localdate())
                    if problems and not form.cleaned_data.get("override_reason"):
                        raise ValidationError(problems)
                    page = confirm_adoption(request, session, **form.cleaned_data)
                    if page:
                        return page
                    n = services.session_adopt_decisions(session=session, by=request.user, **form.cleaned_data)
                    messages.success(request, ngettext("%(n)s recommendation adopted; status granted.",
                                                          "%(n)s recommendations adopted; status granted.", n) % {"n": n})
                else:
                    messages.error(request, _("Give the date of adoption."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("accreditation:session", pk=pk)
    lists = session.consolidated_lists.all().order_by("-version")
    if not is_staff:
        lists = lists.filter(published_at__isnull=False)
    decisions = (Decision.objects.filter(session=session).select_related("application__organisation")
                 .order_by("application__organisation__name"))
    return render(request, "accreditation/session_detail.html", {
        "session": session, "lists": lists, "decisions": decisions, "is_staff": is_staff,
        "candidates": session.applications.filter(state__in=("prescreened", "deferred")).count(),
        "adoption_form": AdoptionForm(initial={"on": timezone.localdate()}, can_override=can_override),
        "publish_form": PublishDecisionsForm(can_override=can_override),
        "publication_problem": services.session_publication_problem(session, today=timezone.localdate())})


def _list_or_404(request, pk):
    clist = get_object_or_404(ConsolidatedList.objects.select_related("session__committee__adopting_body"), pk=pk)
    if not request.user.has_perm("accreditation.view_consolidated_list", clist):
        raise Http404
    return clist


def _list_filters(request):
    return parse_query(ListFilter, request)


@login_required
def list_detail(request, pk):
    clist = _list_or_404(request, pk)
    can_decide = request.user.has_perm("accreditation.decide_consolidated_list", clist) and not (
        clist.session.decisions_published_at)
    refused = []
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        ids = parse_body(BulkSelection, request)["applications"]
        form = DecisionForm(request.POST)
        if ids and form.is_valid():
            page = confirm_bulk_decisions(request, count=len(ids),
                                          outcome_label=dict(Decision.Outcome.choices)[form.cleaned_data["outcome"]])
            if page:
                return page
            done, refused = services.decisions_bulk_record(application_ids=ids, session=clist.session,
                                                           by=request.user, **form.cleaned_data)
            messages.success(request, ngettext("%(n)s decision recorded as pending.",
                                              "%(n)s decisions recorded as pending.", len(done)) % {"n": len(done)})
        else:
            messages.error(request, _("Tick applications and choose a decision."))
    filters = _list_filters(request)
    entries = selectors.list_entries(clist, **filters)
    show_all = request.GET.get("all") == "1"  # the print view: every row on one page
    page = Paginator(entries, max(entries.count(), 1) if show_all else 100).get_page(
        None if show_all else request.GET.get("page"))
    decisions = selectors.decisions_by_application(clist.session_id, [e.application_id for e in page])
    rows = [{"entry": e, "decision": decisions.get(e.application_id)} for e in selectors.entries_for_reader(page)]
    regions = [(r, region_name(r)) for r in
               clist.entries.exclude(region="").order_by("region").values_list("region", flat=True).distinct()]
    regions.sort(key=lambda pair: sort_key(pair[1]))
    query = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    return render(request, "accreditation/list_detail.html", {
        "clist": clist, "page": page, "rows": rows, "filters": filters, "regions": regions,
        "recommendations": Recommendation.choices, "can_decide": can_decide, "decision_form": DecisionForm(),
        "refused": refused, "query": query, "RESULT_LABELS": selectors.result_labels(), "show_all": show_all,
        "recommendation_labels": dict(Recommendation.choices)})


@login_required
def list_export(request, pk, fmt):
    """The list as PDF, CSV or XLSX in any of the six languages: the stored
    file when it is ready, else the "being prepared" page (never rendered here)."""
    clist = _list_or_404(request, pk)
    form = ListExportForm(request.GET)
    if not form.is_valid():
        return exports.bad_request(form)
    return exports.respond(request, ConsolidatedListExport.name, clist, fmt, variant=form.variant(),
                           language=form.language(request))


@login_required
def dossier(request, pk, application_pk):
    clist = _list_or_404(request, pk)
    entry = selectors.entries_for_reader([get_object_or_404(clist.entries.all(), application_id=application_pk)])[0]
    app = selectors.application_for_page(application_pk)
    can_decide = request.user.has_perm("accreditation.decide_consolidated_list", clist) and not (
        clist.session.decisions_published_at) and app.session_id == clist.session_id
    decision = next((d for d in app.decisions.all() if d.session_id == clist.session_id), None)
    question_form, decision_form = QuestionForm(), DecisionForm.for_decision(decision)
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        try:
            if request.POST.get("action") == "question":
                question_form = QuestionForm(request.POST)
                if question_form.is_valid():
                    services.committee_ask_question(application=app, session=clist.session, by=request.user,
                                                    **question_form.cleaned_data)
                    messages.success(request, _("Question sent; the application is deferred with questions "
                                                "(pending until the session's decisions are published)."))
                    return redirect("accreditation:dossier", pk=pk, application_pk=application_pk)
            else:
                decision_form = DecisionForm(request.POST)
                if decision_form.is_valid():
                    try:
                        saved = services.decision_record(application=app, session=clist.session, by=request.user,
                                                         **decision_form.cleaned_data)
                    except ValidationError as exc:
                        add_service_errors(decision_form, exc)
                    else:
                        messages.success(request, _("Your decision “%(outcome)s” is recorded as pending; you can "
                                                    "change it until the decisions are published.")
                                         % {"outcome": saved.get_outcome_display()})
                        return redirect("accreditation:dossier", pk=pk, application_pk=application_pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return render(request, "accreditation/dossier.html", {
        "clist": clist, "entry": entry, "app": app, "can_decide": can_decide, "decision": decision,
        "question_form": question_form, "decision_form": decision_form,
        "questions": [(q, app.answers.get(q.code, "")) for q in questions_for(app.track)],
        "RESULT_LABELS": selectors.result_labels(), "recommendation_labels": dict(Recommendation.choices)})


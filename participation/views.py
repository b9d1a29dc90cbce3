"""Participation pages: thin views over selectors and services."""


from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation.models import Organisation
from portal import exports
from portal.confirm import confirmation
from portal.forms import ExportForm, add_service_errors
from portal.params import InvalidInput, parse_body, parse_query
from portal.rules import is_ngo, is_staff_officer
from portal.security import client_address, safe_next

from . import selectors, services
from .eligibility import rights_summary
from .exports import BadgeExport, ConsultationExport, StatementExport
from .forms import (
    CheckInForm,
    ConsultationAnswerForm,
    ConsultationForm,
    DesignationForm,
    MeetingFilterForm,
    MeetingForm,
    RegistrationFilter,
    RegistrationForm,
    SpeakersArrangeForm,
    SpeakingRequestForm,
    StatementForm,
)
from .models import Consultation, Designation, Meeting, Registration, SpeakingRequest, Statement
from .rules import focal_point_organisation_ids, member_organisation_ids
from .workflow import REGISTRATION, SPEAKING_REQUEST, STATEMENT


def _staff_required(request):
    if not is_staff_officer(request.user):
        raise PermissionDenied


def _ngo_org(request):
    if not is_ngo(request.user):
        raise PermissionDenied
    org = selectors.current_organisation(request)
    if org is None:
        raise PermissionDenied(_("Your account is not linked to an organisation."))
    return org


def _visible_meeting(request, pk):
    return get_object_or_404(selectors.meetings_for(request.user), pk=pk)


# ---------------------------------------------------------------- meetings


def meeting_list(request):
    """The public calendar: upcoming meetings first (soonest first) or past
    ones (latest first), with the iCalendar feed to subscribe to."""
    form = MeetingFilterForm(request.GET or None)
    when, kind = "upcoming", ""
    if form.is_bound:
        if not form.is_valid():
            raise InvalidInput(form.errors)
        when = form.cleaned_data["when"] or "upcoming"
        kind = form.cleaned_data["kind"]
    today = timezone.localdate()
    meetings = selectors.meetings_for(request.user)
    if when == "past":
        meetings = meetings.filter(ends_on__lt=today).order_by("-starts_on", "title", "id")
    else:
        meetings = meetings.filter(ends_on__gte=today).order_by("starts_on", "title", "id")
    if kind:
        meetings = meetings.filter(kind__code=kind)
    page = Paginator(meetings, 100).get_page(request.GET.get("page"))
    return render(request, "participation/meeting_list.html", {
        "meetings": page.object_list, "page": page, "is_staff": is_staff_officer(request.user), "now": timezone.now(),
        "today": today, "when": when})


def calendar_ics(request):
    """Meetings, registration windows and NGO deadlines as an .ics feed."""
    from .calendar import calendar_events, to_ical

    response = HttpResponse(to_ical(calendar_events(request.user)), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ngo-portal.ics"'
    return response


def meeting_detail(request, pk):
    meeting = _visible_meeting(request, pk)
    org = selectors.current_organisation(request) if is_ngo(request.user) else None
    ctx = {"meeting": meeting, "org": org, "is_staff": is_staff_officer(request.user), "ended": meeting.has_ended(), "now": timezone.now(),
           "participants": selectors.public_participants(meeting),
           "statements": selectors.published_statements(meeting),
           "speakers": selectors.with_times(selectors.published_speakers(meeting), meeting.speaking_minutes),
           "registration_open": meeting.registration_is_open(),
           "invitations": (meeting.invitations.select_related("organisation")
                           if is_staff_officer(request.user) else [])}
    if org is not None:
        ctx["rights"] = rights_summary(org, meeting)
        ctx["options"] = selectors.organisation_options(org, meeting)
        ctx["my_registrations"] = selectors.registrations_for(request.user).filter(meeting=meeting, organisation=org)
        designations = Designation.objects.filter(
            organisation=org, year=meeting.starts_on.year, revoked_at__isnull=True).select_related("representative")
        ctx["is_focal_point"] = org.pk in focal_point_organisation_ids(request.user)
        if not ctx["is_focal_point"]:
            designations = designations.filter(representative__user=request.user)
        ctx["register_form"] = RegistrationForm(designations=designations)
        ctx["no_representatives"] = not designations.exists()
        ctx["designation_year"] = meeting.starts_on.year
    return render(request, "participation/meeting_detail.html", ctx)


@login_required
def meeting_edit(request, pk=None):
    _staff_required(request)
    meeting = get_object_or_404(Meeting, pk=pk) if pk else None
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.meeting_save(by=request.user, meeting=form.save(commit=False),
                                        areas=form.cleaned_data["areas"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect("participation:meeting-detail", pk=obj.pk)
    return render(request, "participation/meeting_form.html", {"form": form, "meeting": meeting})


@login_required
@require_POST
def meeting_register(request, pk):
    org = _ngo_org(request)
    meeting = get_object_or_404(Meeting, pk=pk)
    if not selectors.meetings_for(request.user).filter(pk=meeting.pk).exists():
        messages.error(request, _("This meeting is by invitation only, and your organisation is not invited."))
        return redirect("participation:meeting-list")
    designations = Designation.objects.filter(organisation=org, revoked_at__isnull=True)
    form = RegistrationForm(request.POST, designations=designations)
    if form.is_valid():
        try:
            reg = services.registration_create(by=request.user, meeting=meeting,
                                               designation=form.cleaned_data["designation"])
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            if reg.state == Registration.State.WAITLISTED:
                messages.warning(request, _("The meeting is full: %(name)s is on the waiting list.")
                                 % {"name": reg.representative.full_name})
            else:
                messages.success(request, registration_result_message(reg))
    else:
        messages.error(request, _("Choose a designated representative."))
    return redirect("participation:meeting-detail", pk=meeting.pk)


# ---------------------------------------------------------- representatives


@login_required
def representatives(request):
    org = _ngo_org(request)
    is_fp = org.pk in focal_point_organisation_ids(request.user)
    form = DesignationForm(request.POST or None, organisation=org)
    if request.method == "POST":
        if not is_fp:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                designation = services.designation_create(
                    by=request.user, organisation=org, year=d["year"], role=d["role"], first_name=d["first_name"],
                    last_name=d["last_name"], gender=d["gender"], email=d["email"], title=d["title"],
                    user=d["account"], representative=d["same_as"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(name)s is designated.") % {"name": designation.representative.full_name})
                return redirect(reverse("participation:representatives") + f"?org={org.pk}")
    designations = (Designation.objects.filter(organisation=org).select_related("representative")
                    .order_by("-year", "role", "id"))
    return render(request, "participation/representatives.html", {
        "org": org, "is_fp": is_fp, "form": form, "designations": designations, "caps": Designation.CAPS.items()})


@login_required
@require_POST
def designation_revoke(request, pk):
    designation = get_object_or_404(Designation.objects.select_related("representative", "organisation"), pk=pk,
                                    organisation_id__in=member_organisation_ids(request.user))
    if designation.organisation_id in focal_point_organisation_ids(request.user) and designation.revoked_at is None:
        page = confirmation(
            request, title=_("Revoke the designation of %(name)s for %(year)s?")
            % {"name": designation.representative.full_name, "year": designation.year},
            consequences=[_("%(name)s no longer represents %(org)s in %(year)s and cannot be registered for its "
                            "meetings.") % {"name": designation.representative.full_name,
                                            "org": designation.organisation.display_name, "year": designation.year},
                          _("Registrations already made stay as they are: withdraw them separately if needed.")],
            confirm_label=_("Yes, revoke the designation"),
            cancel_url=reverse("participation:representatives") + f"?org={designation.organisation_id}")
        if page:
            return page
    services.designation_revoke(by=request.user, designation=designation)
    messages.success(request, _("The designation of %(name)s is revoked.")
                     % {"name": designation.representative.full_name})
    return redirect("participation:representatives")


# ------------------------------------------------------------ registrations


@login_required
def my_registrations(request):
    org = _ngo_org(request)
    regs = selectors.registrations_for(request.user).filter(organisation=org).order_by("-meeting__starts_on", "id")
    page = Paginator(regs, 100).get_page(request.GET.get("page"))
    return render(request, "participation/my_registrations.html", {
        "org": org, "registrations": page.object_list, "page": page, "workflow": REGISTRATION,
        "is_fp": org.pk in focal_point_organisation_ids(request.user)})


def registration_result_message(reg, *, action=None) -> str:
    """Say what happened, and what comes next, in the person's words."""
    name = reg.representative.full_name
    email = reg.representative.email or (reg.representative.user.email if reg.representative.user_id else "")
    State = Registration.State
    if reg.state == State.CONFIRMED:
        if email:
            return _("Registration confirmed; the pass was e-mailed to %(email)s.") % {"email": email}
        return _("Registration of %(name)s confirmed; the pass can be downloaded from the registrations page.") % {
            "name": name}
    if reg.state == State.APPROVED:
        return _("%(name)s is approved by your organisation; the Secretariat confirms the registration next.") % {
            "name": name}
    if reg.state == State.REQUESTED:
        return _("%(name)s is registered; your organisation's focal point approves next.") % {"name": name}
    if reg.state == State.WAITLISTED:
        return _("The meeting is full: %(name)s is on the waiting list.") % {"name": name}
    if action == "refuse":
        return _("The registration of %(name)s is refused.") % {"name": name}
    if action == "withdraw":
        return _("The registration of %(name)s is withdrawn; the place is freed.") % {"name": name}
    return _("%(name)s: %(state)s.") % {"name": name, "state": REGISTRATION.public_label(reg.state)}


REGISTRATION_ACTIONS = {"approve": services.registration_approve, "confirm": services.registration_confirm,
                        "withdraw": services.registration_withdraw, "refuse": services.registration_refuse}


@login_required
@require_POST
def registration_action(request, pk, action):
    reg = get_object_or_404(selectors.registrations_for(request.user), pk=pk)
    func = REGISTRATION_ACTIONS.get(action)
    if func is None:
        raise Http404
    kwargs = {"reason": request.POST.get("reason", "")} if action in ("refuse", "withdraw") else {}
    try:
        func(by=request.user, registration=reg, **kwargs)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        reg.refresh_from_db()
        messages.success(request, registration_result_message(reg, action=action))
    return redirect(safe_next(request, request.POST.get("next"), "participation:my-registrations"))


@login_required
def meeting_registrations(request, pk):
    _staff_required(request)
    meeting = get_object_or_404(Meeting.objects.select_related("body", "kind"), pk=pk)
    regs = (Registration.objects.filter(meeting=meeting)
            .select_related("organisation", "organisation__country", "representative", "designation")
            .order_by("registered_at", "id"))
    state = parse_query(RegistrationFilter, request)["state"]
    if state:
        regs = regs.filter(state=state)
    counts = dict(Registration.objects.filter(meeting=meeting).values_list("state").annotate(n=Count("id")))
    page = Paginator(regs, 100).get_page(request.GET.get("page"))
    return render(request, "participation/meeting_registrations.html", {
        "meeting": meeting, "registrations": page.object_list, "page": page, "counts": counts,
        "workflow": REGISTRATION,
        "taken": sum(counts.get(s, 0) for s in Registration.HOLDS_PLACE), "state": state or ""})


@login_required
def registration_badge(request, pk):
    """The pass: the stored PDF (prepared in the background once per state)."""
    reg = get_object_or_404(selectors.registrations_for(request.user), pk=pk)
    if reg.state != Registration.State.CONFIRMED:
        raise Http404
    return _export(request, BadgeExport.name, reg, "pdf")


def _export(request, exporter, obj, fmt):
    form = ExportForm(request.GET)
    if not form.is_valid():
        return exports.bad_request(form)
    return exports.respond(request, exporter, obj, fmt, language=form.language(request))


@login_required
def check_in(request):
    _staff_required(request)
    data = request.POST if request.method == "POST" else (request.GET if "code" in request.GET else None)
    form = CheckInForm(data)
    registration, validity = None, None
    if data is not None and form.is_valid():
        registration = (Registration.objects.select_related("meeting", "organisation", "representative")
                        .filter(badge_code=form.cleaned_data["code"]).first())
        if registration is None:
            form.add_error("code", _("No pass has this code."))
        elif request.method == "POST" and "arrive" in request.POST:
            try:
                registration = services.registration_check_in(by=request.user, registration=registration)
            except ValidationError as exc:
                for m in exc.messages:
                    messages.error(request, m)
            else:
                messages.success(request, _("Arrival recorded for %(name)s.")
                                 % {"name": registration.representative.full_name})
        if registration is not None:
            validity = services.pass_validity(registration)
    return render(request, "participation/check_in.html", {
        "form": form, "registration": registration, "validity": validity, "workflow": REGISTRATION})


# -------------------------------------------------------------- statements


@login_required
def statement_new(request, pk):
    org = _ngo_org(request)
    meeting = _visible_meeting(request, pk)
    form = StatementForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            st = services.statement_submit(by=request.user, meeting=meeting, organisation=org, title=d["title"],
                                           text=d["text"], language=d["language"], cosponsors=list(d["cosponsors"]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your statement is submitted (%(words)s words).") % {"words": st.word_count})
            return redirect("participation:statement-detail", pk=st.pk)
    options = selectors.organisation_options(org, meeting)
    if options["statement"]:
        form.fields["text"].widget.attrs.update({
            "data-word-count": "word-count", "data-word-limit": options["statement"].word_limit or 0,
            "data-word-count-text": _("{n} words of {limit}"),
            "data-word-count-over": _("{n} words: {over} over the limit of {limit}")})
    return render(request, "participation/statement_form.html",
                  {"form": form, "meeting": meeting, "org": org, "decision": options["statement"],
                   "options": options})


def _statement_or_404(request, pk):
    return get_object_or_404(selectors.statements_for(request.user), pk=pk)


def statement_detail(request, pk):
    st = _statement_or_404(request, pk)
    return render(request, "participation/statement_detail.html", {
        "statement": st, "workflow": STATEMENT, "is_staff": is_staff_officer(request.user),
        "can_withdraw": STATEMENT.can_fire(st, "withdraw", request.user)})


def statement_pdf_view(request, pk):
    st = _statement_or_404(request, pk)
    if st.state != Statement.State.ACCEPTED or not st.meeting.keeps_records:
        raise Http404
    return _export(request, StatementExport.name, st, "pdf")


@login_required
def statement_review(request, pk):
    _staff_required(request)
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    statements = (Statement.objects.filter(meeting=meeting).select_related("organisation")
                  .prefetch_related("cosponsors").order_by("submitted_at", "id"))
    return render(request, "participation/statement_review.html",
                  {"meeting": meeting, "statements": statements, "workflow": STATEMENT})


@login_required
@require_POST
def statement_action(request, pk, action):
    st = _statement_or_404(request, pk)
    try:
        if action == "accept":
            services.statement_accept(by=request.user, statement=st, note=request.POST.get("reason", ""))
        elif action == "reject":
            services.statement_reject(by=request.user, statement=st, reason=request.POST.get("reason", ""))
        elif action == "withdraw":
            services.statement_withdraw(by=request.user, statement=st)
        else:
            raise Http404
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, {
            "accept": _("The statement “%(title)s” is accepted and published with the meeting's documents."),
            "reject": _("The statement “%(title)s” is not accepted; the organisation sees your reason."),
            "withdraw": _("Your statement “%(title)s” is withdrawn; your organisation may submit another."),
        }[action] % {"title": st.title})
    return redirect(safe_next(request, request.POST.get("next"), reverse("participation:statement-detail", args=[st.pk])))


# ----------------------------------------------------------------- speakers


@login_required
def speak_request(request, pk):
    org = _ngo_org(request)
    meeting = _visible_meeting(request, pk)
    form = SpeakingRequestForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.speaking_request_create(by=request.user, meeting=meeting, organisation=org, speaker=d["speaker"],
                                             topic=d["topic"], network=d["network"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your request to speak is received."))
            return redirect("participation:meeting-detail", pk=meeting.pk)
    mine = SpeakingRequest.objects.filter(meeting=meeting, organisation=org).select_related("speaker")
    return render(request, "participation/speak_form.html",
                  {"form": form, "meeting": meeting, "mine": mine, "workflow": SPEAKING_REQUEST, "org": org})


@login_required
def speakers_builder(request, pk):
    _staff_required(request)
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    requests = list(selectors.speakers_of(meeting).exclude(state=SpeakingRequest.State.WITHDRAWN))
    if request.method == "POST":
        try:
            if "publish" in request.POST:
                services.speakers_list_publish(by=request.user, meeting=meeting)
                messages.success(request, _("The speakers list is published."))
            else:
                entries = []
                arranged = parse_body(SpeakersArrangeForm, request, requests=requests)
                for r in requests:
                    if r.state == SpeakingRequest.State.DECLINED:
                        continue
                    entries.append({"id": r.pk, "position": arranged[f"position-{r.pk}"] or None,
                                    "minutes": arranged[f"minutes-{r.pk}"] or meeting.speaking_minutes,
                                    "decline": arranged[f"decline-{r.pk}"]})
                services.speakers_list_arrange(by=request.user, meeting=meeting, entries=entries)
                messages.success(request, _("The speakers list is saved."))
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        return redirect("participation:speakers-builder", pk=meeting.pk)
    return render(request, "participation/speakers_builder.html", {
        "meeting": meeting, "requests": requests, "balance": selectors.balance(requests),
        "workflow": SPEAKING_REQUEST,
        "scheduled": selectors.with_times([r for r in requests if r.state == "scheduled"], meeting.speaking_minutes)})


# ------------------------------------------------------------ consultations


def consultation_list(request):
    consultations = Consultation.objects.select_related("meeting").annotate(n=Count("responses"))
    return render(request, "participation/consultation_list.html", {
        "consultations": consultations, "now": timezone.now(), "is_staff": is_staff_officer(request.user)})


def consultation_detail(request, pk):
    c = get_object_or_404(Consultation, pk=pk)
    options = list(c.options.all())
    if request.method == "POST":
        if not request.session.session_key:
            request.session.save()
        answer = parse_body(ConsultationAnswerForm, request)
        try:
            services.consultation_respond(by=request.user, consultation=c, option_id=answer["option"],
                                          text=answer["text"], session_key=request.session.session_key,
                                          address=client_address(request))
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Thank you: your answer is recorded."))
            return redirect("participation:consultation-detail", pk=c.pk)
    return render(request, "participation/consultation_detail.html", {
        "consultation": c, "options": options, "is_open": c.is_open(), "is_staff": is_staff_officer(request.user),
        "anonymous_limit": settings.CONSULTATION_ANONYMOUS_ANSWERS_PER_ADDRESS})


def _summary(c):
    options = list(c.options.annotate(n=Count("responses")))
    total = c.responses.count()
    orgs = c.responses.filter(organisation__isnull=False).count()
    return {"options": [(o, o.n, round(100 * o.n / total) if total else 0) for o in options], "total": total,
            "organisations": orgs, "public": total - orgs}


@login_required
def consultation_results(request, pk):
    _staff_required(request)
    c = get_object_or_404(Consultation, pk=pk)
    answers = c.responses.select_related("organisation", "option").order_by("created_at", "id")[:500]
    return render(request, "participation/consultation_results.html",
                  {"consultation": c, "summary": _summary(c), "answers": answers})


@login_required
def consultation_csv(request, pk):
    _staff_required(request)
    c = get_object_or_404(Consultation, pk=pk)
    return _export(request, ConsultationExport.name, c, "csv")


@login_required
def consultation_new(request):
    _staff_required(request)
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            c = services.consultation_create(by=request.user, title=d["title"], question=d["question"],
                                             kind=d["kind"], opens_at=d["opens_at"], closes_at=d["closes_at"],
                                             open_to_public=d["open_to_public"], meeting=d["meeting"],
                                             options=d["options"].splitlines())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("participation:consultation-detail", pk=c.pk)
    return render(request, "participation/consultation_form.html", {"form": form})


# ---------------------------------------------------------------- invitations


@login_required
@require_POST
def meeting_invite(request, pk):
    _staff_required(request)
    meeting = get_object_or_404(Meeting, pk=pk)
    needle = (request.POST.get("organisation") or "").strip()
    org = (Organisation.objects.filter(Q(name__iexact=needle) | Q(acronym__iexact=needle) | Q(name_en_fr__iexact=needle))
           .order_by("pk").first()) if needle else None
    if org is None:
        messages.error(request, _("No organisation has this name or acronym."))
        return redirect("participation:meeting-detail", pk=meeting.pk)
    services.invitation_create(by=request.user, meeting=meeting, organisation=org)
    messages.success(request, _("%(org)s is invited.") % {"org": org.display_name})
    return redirect("participation:meeting-detail", pk=meeting.pk)

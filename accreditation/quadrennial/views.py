"""Pages: the NGO's reports, the report itself (filing, checking, the
Committee's decision), the Secretariat dashboard, the Committee's queue and
the lifecycle lists of each session."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accreditation.filters import LifecycleListFilter, QuadrennialDashboardFilter
from accreditation.models import Organisation, Session
from portal.confirm import confirmation
from portal.forms import add_service_errors
from portal.models import AuditEntry
from portal.params import parse_query
from portal.rules import is_committee, is_ngo, is_staff_officer

from . import selectors, services
from .forms import AnswersForm, DecisionForm, QuestionsForm, ReasonForm, ReportForm
from .models import LifecycleEntry, QuadrennialReport
from .rules import can_change_report
from .workflow import LIFECYCLE_ENTRY, REPORT

PAGE_SIZE = 50


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


# ------------------------------------------------------------------ NGO

@login_required
def my_reports(request):
    if not is_ngo(request.user):
        raise PermissionDenied
    organisations = list(Organisation.objects.filter(memberships__user=request.user).order_by("name"))
    reports = list(QuadrennialReport.objects.filter(organisation__in=organisations)
                   .order_by("organisation_id", "-period_start"))
    today = timezone.localdate()
    rows = []
    for org in organisations:
        mine = [r for r in reports if r.organisation_id == org.pk]
        by_start = {r.period_start: r for r in mine}
        obligations = [(p, by_start.get(p.first_year)) for p in selectors.obligations(org, on=today)]
        listed = {p.first_year for p, _r in obligations}
        rows.append({"organisation": org, "obligations": obligations, "owes": selectors.owes_reports(org),
                     "earlier": [r for r in mine if r.period_start not in listed]})
    return render(request, "quadrennial/my_reports.html", {"rows": rows, "today": today, "workflow": REPORT})


@login_required
@require_POST
def report_open(request, organisation_id, period_start):
    org = get_object_or_404(Organisation.objects.filter(memberships__user=request.user), pk=organisation_id)
    periods = {p.first_year: p for p in selectors.obligations(org)}
    if period_start not in periods:
        raise Http404
    try:
        report = services.report_open(organisation=org, period=periods[period_start], by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("quadrennial:mine")
    return redirect(report)


@login_required
def report_detail(request, pk):
    report = get_object_or_404(selectors.reports_for_user(request.user), pk=pk)
    user = request.user
    member = bool(can_change_report(user, report))
    form = ReportForm(instance=report) if member and report.state in services.EDITABLE_STATES else None
    answers_form = AnswersForm(initial={"answers": report.answers}) if member and report.state == "deferred" else None
    can = {t.name for t in REPORT.available(report, user)}
    reason_form, questions_form = ReasonForm(), QuestionsForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("save", "submit") and form is not None:
                form = ReportForm(request.POST, instance=report)
                data = {name: request.POST.get(name, "") for name in QuadrennialReport.SECTIONS}
                if action == "save":
                    services.report_save(report=report, by=user, data=data)
                    messages.success(request, _("Draft saved."))
                else:
                    services.report_submit(report=report, by=user, data=data)
                    messages.success(request, _("Your report has been filed. The Secretariat will check it."))
                return redirect(report)
            if action == "answer" and answers_form is not None:
                answers_form = AnswersForm(request.POST)
                if answers_form.is_valid():
                    services.report_answer(report=report, by=user, answers=answers_form.cleaned_data["answers"])
                    messages.success(request, _("Your answers have been sent to the Committee."))
                    return redirect(report)
            elif action in ("check", "return") and action in can:
                reason_form = ReasonForm(request.POST)
                if reason_form.is_valid():
                    fn = services.report_check if action == "check" else services.report_return
                    kwargs = {"note": reason_form.cleaned_data["reason"]} if action == "check" else {
                        "reason": reason_form.cleaned_data["reason"]}
                    fn(report=report, by=user, **kwargs)
                    messages.success(request, _("The report is checked and goes to the Committee.") if action == "check"
                                     else _("The report is returned to the organisation for corrections."))
                    return redirect(report)
            elif action in ("take_note", "defer") and action in can:
                questions_form = QuestionsForm(request.POST)
                if questions_form.is_valid():
                    if action == "take_note":
                        services.report_take_note(report=report, by=user)
                        messages.success(request, _("The Committee has taken note of the report."))
                    else:
                        services.report_defer(report=report, by=user,
                                              questions=questions_form.cleaned_data["questions"])
                        messages.success(request, _("The report is deferred; the organisation has been asked "
                                                    "the Committee's questions."))
                    return redirect(report)
            else:
                raise PermissionDenied
        except ValidationError as exc:
            target = {"save": form, "submit": form, "answer": answers_form, "check": reason_form,
                      "return": reason_form, "take_note": questions_form, "defer": questions_form}.get(action)
            if target is not None:
                add_service_errors(target, exc)
            else:
                messages.error(request, " ".join(exc.messages))
    staff_view = bool(is_staff_officer(user) or is_committee(user))
    history = []
    if staff_view:
        history = list(AuditEntry.objects.filter(content_type__app_label="quadrennial",
                                                 content_type__model="quadrennialreport",
                                                 object_id=str(report.pk)).select_related("actor")
                       .order_by("created_at")[:100])
    return render(request, "quadrennial/report.html", {
        "report": report, "form": form, "answers_form": answers_form, "reason_form": reason_form,
        "questions_form": questions_form, "can": can, "member": member, "staff_view": staff_view,
        "state_label": REPORT.label(report.state) if staff_view else REPORT.public_label(report.state),
        "history": history, "sections": [(name, QuadrennialReport._meta.get_field(name).verbose_name,
                                          getattr(report, name)) for name in QuadrennialReport.SECTIONS],
    })


# ------------------------------------------------------------ Secretariat

LIST_TITLES = {
    "due": _("Reports due this year"),
    "overdue": _("Overdue reports"),
    "review": _("Reports under review"),
    "suspended": _("Suspended organisations"),
    "reinstated": _("Reinstated organisations"),
    "withdrawn": _("Organisations whose status was withdrawn"),
}


@login_required
def secretariat_dashboard(request):
    _require(request, "quadrennial.manage_lifecycle")
    today = timezone.localdate()
    kind = parse_query(QuadrennialDashboardFilter, request)["list"] or "overdue"
    qs, periods = selectors.dashboard_list(kind, on=today)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    reports = {}
    if periods:
        reports = selectors.reports_by_org_period([o.pk for o in rows], periods)
    items = [{"obj": obj, "period": periods.get(obj.pk) if periods else None,
              "report": reports.get(obj.pk) if periods else None} for obj in rows]
    counts = selectors.dashboard_counts(on=today)
    return render(request, "quadrennial/secretariat.html", {
        "counts": counts, "kind": kind, "page": page, "items": items, "today": today,
        "titles": [(k, LIST_TITLES[k], counts[k]) for k in selectors.DASHBOARD_LISTS],
        "title": LIST_TITLES[kind], "workflow": REPORT,
        "beat_admin_url": reverse("admin:django_celery_beat_periodictask_changelist") + "?q=quadrennial",
    })


# -------------------------------------------------------------- Committee

@login_required
def committee_reports(request):
    _require(request, "quadrennial.view_all_reports")
    if is_committee(request.user):
        qs = selectors.committee_queue(request.user)
    else:
        qs = (QuadrennialReport.objects.filter(state__in=selectors.AWAITING_COMMITTEE_STATES)
              .select_related("organisation", "organisation__country"))
    qs = qs.order_by("due_on", "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "quadrennial/committee.html", {"page": page, "workflow": REPORT})


@login_required
def sessions(request):
    _require(request, "quadrennial.view_lifecycle")
    qs = Session.objects.select_related("committee").annotate(
        n_entries=Count("lifecycle_entries"),
        n_pending=Count("lifecycle_entries", filter=Q(lifecycle_entries__state="pending")),
        n_published=Count("lifecycle_entries", filter=Q(lifecycle_entries__state="published")),
    ).order_by("-starts_on")
    if is_committee(request.user):
        qs = qs.filter(committee__members=request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "quadrennial/sessions.html", {"page": page})


def _confirm_lifecycle_publish(request, session):
    pending = session.lifecycle_entries.filter(state="pending")
    agreed = dict(pending.filter(decision=LifecycleEntry.Decision.AGREE).values_list("kind")
                  .annotate(n=Count("pk")).values_list("kind", "n"))
    total = pending.count()
    lines = [ngettext("%(n)s organisation's status is suspended for one year.",
                      "%(n)s organisations' status is suspended for one year.", agreed.get("suspend", 0))
             % {"n": agreed.get("suspend", 0)},
             ngettext("%(n)s organisation's status is reinstated.", "%(n)s organisations' status is reinstated.",
                      agreed.get("reinstate", 0)) % {"n": agreed.get("reinstate", 0)},
             ngettext("%(n)s organisation's status is withdrawn: it may reapply only after three years.",
                      "%(n)s organisations' status is withdrawn: they may reapply only after three years.",
                      agreed.get("withdraw", 0)) % {"n": agreed.get("withdraw", 0)},
             _("Decisions not agreed are published too and change nothing."),
             _("Each organisation concerned is told by e-mail.")]
    return confirmation(
        request, title=_("Publish the lifecycle decisions of %(session)s?") % {"session": session},
        count=total, count_label=ngettext("%(n)s decision will be published.", "%(n)s decisions will be published.",
                                          total) % {"n": total},
        consequences=lines, confirm_label=_("Yes, publish and carry them out"),
        cancel_url=reverse("quadrennial:session", args=[session.pk]), reauthenticate=True)


@login_required
def session_lists(request, pk):
    _require(request, "quadrennial.view_lifecycle")
    qs = Session.objects.select_related("committee")
    if is_committee(request.user):
        qs = qs.filter(committee__members=request.user)
    session = get_object_or_404(qs, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "build":
                counts = services.lifecycle_lists_build(session=session, by=request.user)
                messages.success(request, _("Lists prepared: %(s)d to suspend, %(r)d to reinstate, %(w)d to "
                                            "withdraw.") % {"s": counts["suspend"], "r": counts["reinstate"],
                                                            "w": counts["withdraw"]})
            elif action == "publish":
                page = (_confirm_lifecycle_publish(request, session)
                        if request.user.has_perm("quadrennial.manage_lifecycle") else None)
                if page:
                    return page
                done = services.lifecycle_publish(session=session, by=request.user)
                messages.success(request, _("Decisions published: %(s)d suspended, %(r)d reinstated, %(w)d "
                                            "withdrawn.") % {"s": done["suspend"], "r": done["reinstate"],
                                                             "w": done["withdraw"]})
                if done["turned"] or done["dropped"]:
                    messages.info(request, _("Re-checked at publication: %(t)d withdrawal(s) turned into "
                                             "reinstatement, %(d)d entry(ies) dropped (the reason is on each "
                                             "entry).") % {"t": done["turned"], "d": done["dropped"]})
                for why in done["refused"]:
                    messages.warning(request, why)
            else:
                raise PermissionDenied
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("quadrennial:session", pk=session.pk)
    kind = parse_query(LifecycleListFilter, request)["list"] or "suspend"
    counts = dict(session.lifecycle_entries.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    pending = session.lifecycle_entries.filter(state="pending").count()
    entries = (session.lifecycle_entries.filter(kind=kind)
               .select_related("organisation", "organisation__country", "report", "decided_by")
               .order_by("organisation__name", "pk"))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    is_member = session.committee.members.filter(pk=request.user.pk).exists()
    return render(request, "quadrennial/session_lists.html", {
        "session": session, "kind": kind, "page": page, "pending": pending, "workflow": LIFECYCLE_ENTRY,
        "kinds": [(k, label, counts.get(k, 0)) for k, label in LifecycleEntry.Kind.choices],
        "can_manage": request.user.has_perm("quadrennial.manage_lifecycle"),
        "can_decide": bool(is_committee(request.user)) and is_member, "decision_choices": LifecycleEntry.Decision.choices,
    })


@login_required
@require_POST
def entry_decide(request, pk):
    if not is_committee(request.user):
        raise PermissionDenied
    entry = get_object_or_404(LifecycleEntry.objects.filter(session__committee__members=request.user), pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.lifecycle_record(entry=entry, by=request.user, decision=form.cleaned_data["decision"],
                                      note=form.cleaned_data["note"])
            messages.success(request, _("Decision recorded. It will be published with the session's decisions."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect(reverse("quadrennial:session", args=[entry.session_id]) + f"?list={entry.kind}")

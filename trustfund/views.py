
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import exports
from portal.confirm import confirmation
from portal.forms import add_service_errors
from portal.params import parse_query

from . import services
from .exports import DonorReportExport, report_charts
from .filters import ApplicationFilter, YearFilter
from .forms import (
    ApplicationForm,
    ApproveForm,
    AwardForm,
    CallForm,
    ContributionForm,
    DisburseForm,
    EvaluationForm,
    FundMergeForm,
    InitiativeForm,
    PledgeForm,
    ReasonForm,
    ReportExportForm,
    ReviewForm,
)
from .ledger import fund_balance
from .models import BoardReview, FourEyesApproval, Fund, GrantCall, LedgerEntry
from .rules import sees_personal_data
from .selectors import (
    applications_for,
    calls_list,
    contributions_for,
    fund_report,
    funds_with_balances,
    initiatives_list,
)
from .workflow import CAPACITY_INITIATIVE, GRANT_APPLICATION


def _need(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _year(request):
    return parse_query(YearFilter, request)["year"] or timezone.localdate().year


# ---- funds and money ----

@login_required
def fund_list(request):
    _need(request, "trustfund.view_fund")
    return render(request, "trustfund/fund_list.html", {"funds": funds_with_balances()})


@login_required
def fund_detail(request, code):
    _need(request, "trustfund.view_ledger")
    fund = get_object_or_404(Fund, code=code)
    entries = LedgerEntry.objects.filter(fund=fund).select_related("created_by", "contribution__donor")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    can_merge = request.user.has_perm("trustfund.manage_fund") and not fund.merged_into_id
    targets = FundMergeForm(fund=fund).fields["target"].queryset if can_merge else Fund.objects.none()
    return render(request, "trustfund/fund_detail.html",
                  {"fund": fund, "balance": fund_balance(fund), "page": page, "merge_targets": targets})


@login_required
@require_POST
def fund_merge(request, code):
    """Merge this (meeting-specific) fund into another: asks first, then moves
    its available money by a ledger transfer and closes it."""
    _need(request, "trustfund.manage_fund")
    fund = get_object_or_404(Fund, code=code)
    back = reverse("trustfund:fund", args=[fund.code])
    form = FundMergeForm(request.POST, fund=fund)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["target"]))
        return redirect(back)
    target = form.cleaned_data["target"]
    balance = fund_balance(fund)
    page = confirmation(
        request,
        title=_("Merge %(fund)s into %(into)s?") % {"fund": fund.name, "into": target.name},
        consequences=[
            _("%(amount)s USD available in %(fund)s moves to %(into)s by a ledger transfer, recorded in both "
              "ledgers.") % {"amount": balance.available, "fund": fund.name, "into": target.name},
            _("%(fund)s is closed: no new contributions or calls.") % {"fund": fund.name},
        ],
        confirm_label=_("Yes, merge the funds"), cancel_url=back)
    if page:
        return page
    try:
        amount = services.fund_merge(source=fund, target=target, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(back)
    messages.success(request, _("%(fund)s is merged into %(into)s; %(amount)s USD moved.")
                     % {"fund": fund.name, "into": target.name, "amount": amount})
    return redirect("trustfund:fund", code=target.code)


@login_required
def contribution_list(request):
    _need(request, "trustfund.view_fund")
    page = Paginator(contributions_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "trustfund/contribution_list.html", {"page": page})


@login_required
def contribution_new(request):
    _need(request, "trustfund.record_contribution")
    form = ContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_record(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contribution is recorded and available for grants."))
            return redirect("trustfund:contributions")
    return render(request, "trustfund/form.html", {"form": form, "title": _("Record money received")})


@login_required
def pledge_new(request):
    _need(request, "trustfund.record_pledge")
    form = PledgeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_record(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The pledge is recorded. It becomes available when the money is received."))
            return redirect("trustfund:funds")
    return render(request, "trustfund/form.html", {"form": form, "title": _("Record a pledge")})


# ---- calls and applications ----

@login_required
def call_list(request):
    _need(request, "trustfund.view_calls")
    page = Paginator(calls_list(), 50).get_page(request.GET.get("page"))
    return render(request, "trustfund/call_list.html", {"page": page, "today": timezone.localdate()})


@login_required
def call_new(request):
    _need(request, "trustfund.manage_fund")
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The call is published."))
            return redirect("trustfund:call", pk=call.pk)
    return render(request, "trustfund/form.html", {"form": form, "title": _("New call for travel grants")})


@login_required
def call_detail(request, pk):
    _need(request, "trustfund.view_calls")
    call = get_object_or_404(GrantCall.objects.select_related("fund", "meeting"), pk=pk)
    apps = applications_for(request.user).filter(call=call).prefetch_related("reviews")
    return render(request, "trustfund/call_detail.html", {
        "call": call, "applications": apps, "today": timezone.localdate(),
        "is_open": call.is_open(timezone.localdate()), "can_apply": request.user.has_perm("trustfund.apply"),
        "sees_personal": sees_personal_data(request.user),
    })


@login_required
def application_new(request, pk):
    _need(request, "trustfund.apply")
    call = get_object_or_404(GrantCall.objects.select_related("fund", "meeting"), pk=pk)
    form = ApplicationForm(request.POST or None, user=request.user, call=call)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            app = services.application_submit(call=call, organisation=d["designation"].organisation, by=request.user,
                                              **d)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your application is submitted. The board will review it."))
            return redirect("trustfund:application", pk=app.pk)
    return render(request, "trustfund/application_form.html", {"form": form, "call": call})


@login_required
def application_list(request):
    _need(request, "trustfund.view_applications")
    qs = applications_for(request.user)
    state = parse_query(ApplicationFilter, request)["state"]
    if state:
        qs = qs.filter(state=state)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    staff_view = sees_personal_data(request.user)
    states = [(st.value, st.label if staff_view else st.public_label) for st in GRANT_APPLICATION.states.values()]
    return render(request, "trustfund/application_list.html", {
        "page": page, "state": state, "states": states, "sees_personal": staff_view})


def _application_or_404(request, pk):
    app = applications_for(request.user).filter(pk=pk).first()
    if app is None:
        raise Http404
    return app


def _detail_context(request, app, **forms):
    user = request.user
    reviews = list(app.reviews.select_related("member").order_by("member__last_name"))
    my_review = next((r for r in reviews if r.member_id == user.pk), None)
    ctx = {
        "app": app, "state": GRANT_APPLICATION.state_of(app), "reviews": reviews,
        "sees_personal": sees_personal_data(user),
        "my_review": my_review,
        "transitions": {t.name for t in GRANT_APPLICATION.available(app, user)},
        "can_review": user.has_perm("trustfund.review_application", app) and app.state in ("submitted",
                                                                                           "waitlisted"),
        "can_pay": user.has_perm("trustfund.award_application", app) and app.state in ("awarded", "attended"),
        "payments": app.ledger_entries.order_by("created_at"),
        "available": fund_balance(app.call.fund).available if user.has_perm("trustfund.award_application") else None,
        "review_form": ReviewForm.for_review(my_review), "award_form": AwardForm(), "reason_form": ReasonForm(),
        "disburse_form": DisburseForm(), "evaluation_form": EvaluationForm(),
        "mean_score": (sum(r.score for r in reviews) / len(reviews)) if reviews else None,
        "recommendations": BoardReview.Recommendation,
        "approvals": list(app.approvals.filter(state=FourEyesApproval.State.PENDING).select_related("proposed_by")),
        "can_approve": user.has_perm("trustfund.award_application", app),
        "four_eyes_usd": services.four_eyes_threshold(),
    }
    ctx.update(forms)
    return ctx


@login_required
def application_detail(request, pk):
    _need(request, "trustfund.view_applications")
    app = _application_or_404(request, pk)
    return render(request, "trustfund/application_detail.html", _detail_context(request, app))


def _confirm_award(request, app):
    amount = app.requested_usd if not request.POST.get("amount_usd") else request.POST.get("amount_usd")
    available = fund_balance(app.call.fund).available
    return confirmation(
        request,
        title=_("Award a travel grant to %(name)s?") % {"name": app.representative.full_name},
        consequences=[
            _("%(amount)s USD of the %(fund)s is committed to this grant (%(available)s USD available now).")
            % {"amount": amount, "fund": app.call.fund, "available": available},
            _("%(org)s is told by e-mail that the grant is awarded.") % {"org": app.organisation},
            _("Only a cancellation or the traveller's refusal releases the money again."),
        ],
        confirm_label=_("Yes, award the grant"), cancel_url=reverse("trustfund:application", args=[app.pk]),
        reauthenticate=True)


def _confirm_cancel(request, app):
    return confirmation(
        request,
        title=_("Cancel the travel grant of %(name)s?") % {"name": app.representative.full_name},
        consequences=[
            _("The grant is cancelled; what is still committed of its %(amount)s USD goes back to the fund.")
            % {"amount": app.awarded_usd},
            _("Payments already made stay recorded."),
        ],
        confirm_label=_("Yes, cancel the grant"), cancel_url=reverse("trustfund:application", args=[app.pk]))


@login_required
@require_POST
def application_action(request, pk, action):
    _need(request, "trustfund.view_applications")
    app = _application_or_404(request, pk)
    user, post = request.user, request.POST
    done = {
        "review": _("Your review is saved. You can change it until the application is decided."),
        "award": _("The grant is awarded and the money committed; the organisation is told by e-mail."),
        "waitlist": _("The application is on the waiting list."),
        "reject": _("The application is not funded; the organisation is told by e-mail."),
        "withdraw": _("The application is withdrawn."), "decline": _("The grant is declined; the money is released."),
        "cancel": _("The grant is cancelled; the money is released."), "pay": _("The payment is recorded."),
        "attendance": _("Attendance is confirmed."), "evaluation": _("Thank you: your evaluation is filed."),
        "confirm-approval": _("Confirmed and carried out."), "withdraw-approval": _("The proposal is withdrawn."),
    }
    proposed = _("Proposed. Above %(limit)s USD a second person must confirm it before it is carried out.") % {
        "limit": services.four_eyes_threshold()}
    if action not in done:
        raise Http404
    try:
        if action == "review":
            form = ReviewForm(post)
            if not form.is_valid():
                return render(request, "trustfund/application_detail.html",
                              _detail_context(request, app, review_form=form), status=400)
            d = form.cleaned_data
            services.application_review(application=app, by=user, score=d["score"],
                                         recommendation=d["recommendation"],
                                         recommended_usd=d["recommended_usd"], comment=d["comment"])
        elif action == "award":
            page = _confirm_award(request, app) if GRANT_APPLICATION.can_fire(app, "award", user) else None
            if page:
                return page
            app = services.application_award(application=app, by=user, amount_usd=post.get("amount_usd") or None)
            if app.state != "awarded":
                done[action] = proposed
        elif action == "waitlist":
            services.application_waitlist(application=app, by=user)
        elif action == "reject":
            services.application_reject(application=app, by=user, reason=post.get("reason", ""))
        elif action == "withdraw":
            services.application_withdraw(application=app, by=user)
        elif action == "decline":
            services.application_decline(application=app, by=user, reason=post.get("reason", ""))
        elif action == "cancel":
            if not (post.get("reason") or "").strip():
                raise ValidationError(_("Give the reason for cancelling the grant."))
            page = _confirm_cancel(request, app) if GRANT_APPLICATION.can_fire(app, "cancel", user) else None
            if page:
                return page
            services.application_cancel(application=app, by=user, reason=post.get("reason", ""))
        elif action == "pay":
            if services.application_disburse(application=app, by=user, purpose=post.get("purpose", ""),
                                             amount_usd=post.get("amount_usd", "")) is None:
                done[action] = proposed
        elif action in ("confirm-approval", "withdraw-approval"):
            approval = get_object_or_404(app.approvals, pk=post.get("approval") if (post.get("approval") or "")
                                         .isdecimal() else None, state=FourEyesApproval.State.PENDING)
            if action == "withdraw-approval":
                services.approval_withdraw(approval=approval, by=user)
            else:
                page = confirmation(
                    request, title=_("Confirm %(kind)s of %(amount)s USD?") % {
                        "kind": approval.get_kind_display().lower(), "amount": approval.amount_usd},
                    consequences=[_("Proposed by %(name)s. Confirming carries it out now.") % {
                        "name": approval.proposed_by.display_name}],
                    confirm_label=_("Yes, confirm"), cancel_url=reverse("trustfund:application", args=[app.pk]))
                if page:
                    return page
                services.approval_confirm(approval=approval, by=user)
        elif action == "attendance":
            services.application_confirm_attendance(application=app, by=user)
        elif action == "evaluation":
            services.application_file_evaluation(application=app, by=user, text=post.get("evaluation", ""))
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, done[action])
    return redirect("trustfund:application", pk=app.pk)


# ---- donor reports ----

def _report_context(request, code):
    _need(request, "trustfund.view_report")
    fund = get_object_or_404(Fund, code=code)
    year = _year(request)
    report = fund_report(fund, year=year)
    charts = report_charts(fund, report, year)
    years = range(timezone.localdate().year, timezone.localdate().year - 6, -1)
    sections = [("meeting", _("Expenditure by meeting"), report.by_meeting),
                ("region", _("Expenditure by region of the beneficiary organisation"), report.by_region),
                ("gender", _("Expenditure by gender of the traveller"), report.by_gender)]
    return {"fund": fund, "report": report, "year": year, "years": years, "charts": charts,
            "sections": sections, "funds": Fund.objects.all()}


@login_required
def report(request, code):
    return render(request, "trustfund/report.html", _report_context(request, code))


def _report_export(request, code, fmt):
    """The donor report as a stored file (prepared in the background per state)."""
    fund = get_object_or_404(Fund, code=code)
    form = ReportExportForm(request.GET)
    if not form.is_valid():
        return exports.bad_request(form)
    variant = {"year": form.cleaned_data["year"] or timezone.localdate().year}
    return exports.respond(request, DonorReportExport.name, fund, fmt, variant=variant,
                           language=form.language(request))


@login_required
def report_pdf(request, code):
    _need(request, "trustfund.view_report")
    return _report_export(request, code, "pdf")


@login_required
def report_csv(request, code):
    _need(request, "trustfund.view_report")
    return _report_export(request, code, "csv")


# ---- country capacity fund ----

@login_required
def initiative_list(request):
    _need(request, "trustfund.view_initiatives")
    form = InitiativeForm(request.POST or None)
    if request.method == "POST":
        _need(request, "trustfund.propose_initiative")
        if form.is_valid():
            try:
                services.initiative_propose(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The initiative is proposed to the working group."))
                return redirect("trustfund:initiatives")
    page = Paginator(initiatives_list(), 50).get_page(request.GET.get("page"))
    rows = [(i, CAPACITY_INITIATIVE.state_of(i), {t.name for t in CAPACITY_INITIATIVE.available(i, request.user)})
            for i in page]
    return render(request, "trustfund/initiative_list.html", {
        "page": page, "rows": rows, "form": form, "approve_form": ApproveForm(),
        "can_propose": request.user.has_perm("trustfund.propose_initiative")})


@login_required
@require_POST
def initiative_action(request, pk, action):
    _need(request, "trustfund.view_initiatives")
    ini = get_object_or_404(initiatives_list(), pk=pk)
    try:
        if action == "approve":
            services.initiative_approve(initiative=ini, by=request.user,
                                        amount_usd=request.POST.get("amount_usd") or None,
                                        reason=request.POST.get("reason", ""))
        elif action == "reject":
            services.initiative_reject(initiative=ini, by=request.user, reason=request.POST.get("reason", ""))
        elif action == "pay":
            services.initiative_pay(initiative=ini, by=request.user)
        else:
            raise Http404
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, {"approve": _("The initiative is approved and its money committed."),
                                   "reject": _("The initiative is not approved."),
                                   "pay": _("The payment to the initiative is recorded.")}[action])
    return redirect("trustfund:initiatives")

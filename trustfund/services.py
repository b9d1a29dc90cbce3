"""Every write of the trust fund: keyword-only, permission- and state-checked,
one transaction with its audit row (portal.audit / Workflow.fire).

Money moves only through `_post`, which appends a LedgerEntry. Any service
that commits or pays money first locks the fund row (select_for_update), so
two awards never both see the same available balance.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import notifications
from portal.audit import audit

from .eligibility import check_eligibility
from .ledger import balance_of as _balance_of
from .ledger import fund_balance, outstanding_commitment
from .models import (
    CENT,
    BoardReview,
    CapacityInitiative,
    Contribution,
    Donor,
    FourEyesApproval,
    Fund,
    GrantApplication,
    GrantCall,
    LedgerEntry,
    Pledge,
)
from .workflow import CAPACITY_INITIATIVE, FUNDED_STATES, GRANT_APPLICATION

K = LedgerEntry.Kind


def _today(on):
    return on or timezone.localdate()


def _require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


MAX_AMOUNT = Decimal(10) ** 12  # US dollars; more is a typing mistake (and beyond the columns' digits)


def _money(value, field) -> Decimal:
    try:
        value = Decimal(value)
    except (TypeError, ArithmeticError, ValueError) as exc:
        raise ValidationError({field: _("Enter an amount in US dollars.")}) from exc
    if not value.is_finite() or value <= 0:
        raise ValidationError({field: _("The amount must be more than zero.")})
    if value >= MAX_AMOUNT:
        raise ValidationError({field: _("The amount is too large.")})
    return value.quantize(CENT)


def _lock_fund(fund) -> Fund:
    return Fund.objects.select_for_update().get(pk=fund.pk)


def _refuse_merged(fund):
    if fund.merged_into_id:
        raise ValidationError({"fund": _("%(fund)s is merged into %(into)s: use that fund.")
                                       % {"fund": fund.name, "into": fund.merged_into.name}})


def _post(*, fund, kind, amount, on, by, application=None, initiative=None, contribution=None, purpose="",
          memo=""):
    return LedgerEntry.objects.create(fund=fund, kind=kind, amount_usd=amount, occurred_on=on, created_by=by,
                                      application=application, initiative=initiative, contribution=contribution,
                                      purpose=purpose, memo=memo[:300])


# ---- donors and money in ----

def _donor_allowed(user, donor):
    if user.has_perm("trustfund.manage_fund"):
        return True
    return donor.users.filter(pk=user.pk).exists()


def pledge_record(*, donor: Donor, fund: Fund, amount_usd, pledged_on: datetime.date, by, note="") -> Pledge:
    _require(by, "trustfund.record_pledge")
    if not _donor_allowed(by, donor):
        raise PermissionDenied(_("You may record pledges only for your own government or organisation."))
    amount = _money(amount_usd, "amount_usd")
    with transaction.atomic():
        pledge = Pledge.objects.create(donor=donor, fund=fund, amount_usd=amount, pledged_on=pledged_on,
                                       note=note, recorded_by=by)
        audit(actor=by, action="trustfund.pledge", obj=pledge, data={"amount_usd": str(amount)})
    return pledge


def contribution_record(*, donor: Donor, fund: Fund, amount, currency: str, rate_to_usd, received_on, by,
                        pledge: Pledge | None = None) -> Contribution:
    """Money received: converted to USD at the rate on the day of receipt and
    posted to the ledger as a contribution (the only money that can be committed)."""
    _require(by, "trustfund.record_contribution")
    amount = _money(amount, "amount")
    try:
        rate = Decimal(rate_to_usd)
    except (TypeError, ArithmeticError, ValueError) as exc:
        raise ValidationError({"rate_to_usd": _("Enter the rate to US dollars.")}) from exc
    if not rate.is_finite() or rate <= 0:
        raise ValidationError({"rate_to_usd": _("The rate must be more than zero.")})
    currency = (currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ValidationError({"currency": _("Enter a three-letter ISO currency code, e.g. USD.")})
    if currency == "USD" and rate != 1:
        raise ValidationError({"rate_to_usd": _("A payment in US dollars has the rate 1.")})
    if pledge is not None and (pledge.donor_id != donor.pk or pledge.fund_id != fund.pk):
        raise ValidationError({"pledge": _("The pledge belongs to another donor or fund.")})
    amount_usd = (amount * rate).quantize(CENT)
    if amount_usd <= 0:
        raise ValidationError({"amount": _("The amount in US dollars rounds to zero.")})
    with transaction.atomic():
        fund = _lock_fund(fund)
        _refuse_merged(fund)
        c = Contribution.objects.create(donor=donor, fund=fund, pledge=pledge, amount=amount, currency=currency,
                                        rate_to_usd=rate, amount_usd=amount_usd, received_on=received_on,
                                        recorded_by=by)
        _post(fund=fund, kind=K.CONTRIBUTION, amount=amount_usd, on=received_on, by=by, contribution=c,
              memo=str(donor))
        audit(actor=by, action="trustfund.contribution", obj=c,
              data={"amount": str(amount), "currency": currency, "rate": str(rate), "amount_usd": str(amount_usd)})
    return c


# ---- calls ----

def call_create(*, fund: Fund, meeting, title: str, opens_on, closes_on, budget_ceiling_usd, dsa_rate_usd,
                by, venue_city: str = "") -> GrantCall:
    _require(by, "trustfund.manage_fund")
    if fund.kind != Fund.Kind.PARTICIPATION:
        raise ValidationError({"fund": _("Travel grants are paid from the participation trust fund.")})
    _refuse_merged(fund)
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The call must close after it opens.")})
    if closes_on > meeting.starts_on:
        raise ValidationError({"closes_on": _("The call must close before the meeting starts.")})
    with transaction.atomic():
        call = GrantCall.objects.create(
            fund=fund, meeting=meeting, title=title, opens_on=opens_on, closes_on=closes_on,
            budget_ceiling_usd=_money(budget_ceiling_usd, "budget_ceiling_usd"),
            dsa_rate_usd=_money(dsa_rate_usd, "dsa_rate_usd"), venue_city=venue_city or meeting.venue,
        )
        audit(actor=by, action="trustfund.call_create", obj=call)
    return call


# ---- applications ----

def application_submit(*, call: GrantCall, organisation, designation, origin_city: str, origin_country,
                       fare_usd, days: int, terminal_usd, justification: str, passport_name: str, nationality,
                       by, on: datetime.date | None = None) -> GrantApplication:
    on = _today(on)
    _require(by, "trustfund.apply")
    if not organisation.memberships.filter(user=by).exists():
        raise PermissionDenied(_("You may apply only for your own organisation."))
    errors = {}
    fare = Decimal(fare_usd or 0).quantize(CENT)
    terminal = Decimal(terminal_usd or 0).quantize(CENT)
    if fare < 0:
        errors["fare_usd"] = _("The fare cannot be negative.")
    if terminal < 0:
        errors["terminal_usd"] = _("Terminal expenses cannot be negative.")
    meeting_days = (call.meeting.ends_on - call.meeting.starts_on).days + 1
    if not days or days < 1 or days > meeting_days + 2:
        errors["days"] = _("Days at the venue: between 1 and %(n)s (the meeting plus one travel day each way).") % {
            "n": meeting_days + 2}
    for field, value in (("justification", justification), ("passport_name", passport_name),
                         ("origin_city", origin_city)):
        if not (value or "").strip():
            errors[field] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Serialise applications of one organisation to one call (the nominee cap).
        type(organisation).objects.select_for_update().get(pk=organisation.pk)
        refusals = check_eligibility(call=call, organisation=organisation, designation=designation, on=on)
        if refusals:
            raise ValidationError([r.reason for r in refusals], code="ineligible")
        rep = designation.representative
        allowance = (call.dsa_rate_usd * days).quantize(CENT)
        gender = rep.gender if rep.gender in GrantApplication.Gender.values else GrantApplication.Gender.UNDISCLOSED
        try:
            with transaction.atomic():
                app = GrantApplication.objects.create(
                    call=call, organisation=organisation, designation=designation, representative=rep,
                    gender=gender, origin_city=origin_city.strip(), origin_country=origin_country, fare_usd=fare,
                    days=days, dsa_rate_usd=call.dsa_rate_usd, terminal_usd=terminal,
                    requested_usd=fare + allowance + terminal, justification=justification.strip(),
                    passport_name=passport_name.strip(), nationality=nationality, submitted_by=by,
                )
        except IntegrityError:
            raise ValidationError(_("This nominee already has an application in this call."),
                                  code="duplicate") from None
        audit(actor=by, action="grant_application.submit", obj=app, to_state=app.state,
              data={"requested_usd": str(app.requested_usd)})
    return app


def application_review(*, application: GrantApplication, by, score: int, recommendation: str,
                       recommended_usd=None, comment: str = "") -> BoardReview:
    _require(by, "trustfund.review_application", application)
    if application.state not in ("submitted", "waitlisted"):
        raise ValidationError(_("Only applications awaiting a decision can be reviewed."))
    try:
        score = int(score)
    except (TypeError, ValueError, OverflowError):
        score = 0
    errors = {}
    if not 1 <= score <= 5:
        errors["score"] = _("Score from 1 to 5.")
    if recommendation not in BoardReview.Recommendation.values:
        errors["recommendation"] = _("Choose a recommendation.")
    amount = None
    if recommendation == BoardReview.Recommendation.PARTIAL:
        if recommended_usd in (None, ""):
            errors["recommended_usd"] = _("Give the amount for a partial grant.")
        else:
            amount = _money(recommended_usd, "recommended_usd")
            if amount > application.requested_usd:
                errors["recommended_usd"] = _("A partial grant is less than the amount requested.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        review, created = BoardReview.objects.update_or_create(
            application=application, member=by,
            defaults={"score": score, "recommendation": recommendation, "recommended_usd": amount,
                      "comment": comment},
        )
        audit(actor=by, action="grant_application.review", obj=application,
              data={"score": score, "recommendation": recommendation, "updated": not created})
    return review


# ---- separation of duties ----

def _not_a_reviewer(by, application):
    """Whoever recorded a board review of an application cannot award it
    (nor confirm its award), whatever their role or account."""
    if BoardReview.objects.filter(application_id=application.pk, member_id=by.pk).exists():
        raise PermissionDenied(_("You reviewed this application for the board: another person awards it."))


def four_eyes_threshold() -> Decimal:
    return Decimal(settings.TRUSTFUND_FOUR_EYES_USD)


def _four_eyes(app, *, kind, amount, by, purpose="") -> bool:
    """Above the threshold an award or a payment takes two people. The
    first call records the proposal (and returns False: nothing is carried
    out); a call by a different person for the same amount confirms it
    (returns True: the caller carries it out in the same transaction)."""
    if amount <= four_eyes_threshold():
        return True
    pending = (FourEyesApproval.objects.select_for_update()
               .filter(application=app, kind=kind, purpose=purpose, state=FourEyesApproval.State.PENDING).first())
    if pending is None:
        if kind == FourEyesApproval.Kind.AWARD and app.state not in GRANT_APPLICATION.transitions["award"].sources:
            raise ValidationError(_("Only applications awaiting a decision can be awarded."), code="invalid_state")
        approval = FourEyesApproval.objects.create(application=app, kind=kind, purpose=purpose, amount_usd=amount,
                                                   proposed_by=by)
        audit(actor=by, action=f"grant_application.{kind}_proposed", obj=app, to_state="awaiting_second_person",
              data={"amount_usd": str(amount), "approval": approval.pk, "purpose": purpose})
        return False
    if pending.proposed_by_id == by.pk:
        raise ValidationError(_("You proposed this; a second person must confirm it."), code="four_eyes")
    if pending.amount_usd != amount:
        raise ValidationError({"amount_usd": _("%(amount)s USD was proposed: confirm that amount, or withdraw the "
                                               "proposal first.") % {"amount": pending.amount_usd}},
                              code="four_eyes_amount")
    pending.state, pending.decided_by, pending.decided_at = FourEyesApproval.State.CONFIRMED, by, timezone.now()
    pending.save(update_fields=["state", "decided_by", "decided_at"])
    audit(actor=by, action=f"grant_application.{kind}_confirmed", obj=app, to_state="confirmed",
          data={"amount_usd": str(amount), "approval": pending.pk, "proposed_by": pending.proposed_by_id,
                "purpose": purpose})
    return True


def approval_confirm(*, approval: FourEyesApproval, by, on=None):
    """The second person confirms a proposed award or payment: it is
    carried out now (with every check run again)."""
    if approval.kind == FourEyesApproval.Kind.AWARD:
        return application_award(application=approval.application, by=by, amount_usd=approval.amount_usd, on=on)
    return application_disburse(application=approval.application, by=by, purpose=approval.purpose,
                                amount_usd=approval.amount_usd, on=on)


def approval_withdraw(*, approval: FourEyesApproval, by, reason: str = "") -> FourEyesApproval:
    """Withdraw a proposal (the proposer or another fund manager)."""
    _require(by, "trustfund.award_application", approval.application)
    with transaction.atomic():
        approval = FourEyesApproval.objects.select_for_update().get(pk=approval.pk)
        if approval.state != FourEyesApproval.State.PENDING:
            raise ValidationError(_("This proposal is no longer awaiting a second person."))
        approval.state, approval.decided_by, approval.decided_at = (FourEyesApproval.State.WITHDRAWN, by,
                                                                    timezone.now())
        approval.save(update_fields=["state", "decided_by", "decided_at"])
        audit(actor=by, action=f"grant_application.{approval.kind}_withdrawn", obj=approval.application,
              reason=reason, data={"approval": approval.pk, "amount_usd": str(approval.amount_usd)})
    return approval


def _lock_application(application) -> GrantApplication:
    return GrantApplication.objects.select_for_update().select_related("call", "call__fund").get(pk=application.pk)


def application_award(*, application: GrantApplication, by, amount_usd=None,
                      on: datetime.date | None = None) -> GrantApplication:
    """Award a full (amount omitted) or partial grant. Locks the fund row
    first, then commits received money: the award is refused when the fund's
    available balance, the call's budget ceiling or the one-funded-nominee
    rule would be exceeded."""
    on = _today(on)
    _require(by, "trustfund.award_application", application)
    _not_a_reviewer(by, application)
    with transaction.atomic():
        fund = _lock_fund(application.call.fund)
        app = _lock_application(application)
        amount = app.requested_usd if amount_usd in (None, "") else _money(amount_usd, "amount_usd")
        if amount > app.requested_usd:
            raise ValidationError({"amount_usd": _("The grant cannot exceed the amount requested (%(req)s USD).")
                                   % {"req": app.requested_usd}})
        call = app.call
        funded = call.applications.filter(organisation_id=app.organisation_id, state__in=FUNDED_STATES).count()
        if funded >= call.max_funded_per_organisation:
            raise ValidationError(_("The organisation already has a funded nominee in this call."),
                                  code="funded_cap")
        b = _balance_of(LedgerEntry.objects.filter(application__call=call))
        committed_to_call = b.commitments - b.releases
        if committed_to_call + amount > call.budget_ceiling_usd:
            raise ValidationError(_("The call's budget ceiling (%(ceiling)s USD) would be exceeded.")
                                  % {"ceiling": call.budget_ceiling_usd}, code="ceiling")
        available = fund_balance(fund).available
        if amount > available:
            raise ValidationError(_("Not enough money received: %(available)s USD available, %(amount)s USD "
                                    "needed. Put the application on the waiting list or award less.")
                                  % {"available": available, "amount": amount}, code="insufficient_funds")
        if not _four_eyes(app, kind=FourEyesApproval.Kind.AWARD, amount=amount, by=by):
            return app  # proposed: a second person confirms it
        app.awarded_usd = amount
        GRANT_APPLICATION.fire(app, "award", by=by, update_fields=("awarded_usd",),
                               data={"awarded_usd": str(amount), "full": amount == app.requested_usd})
        _post(fund=fund, kind=K.COMMITMENT, amount=amount, on=on, by=by, application=app)
        notifications.grant_decided(app, outcome="awarded")
    return app


_TOLD = {"reject": "refused", "waitlist": "waitlisted"}


def _simple(application, name, *, by, reason=""):
    with transaction.atomic():
        app = _lock_application(application)
        GRANT_APPLICATION.fire(app, name, by=by, reason=reason)
        if name in _TOLD:
            notifications.grant_decided(app, outcome=_TOLD[name])
    return app


def application_waitlist(*, application, by):
    return _simple(application, "waitlist", by=by)


def application_reject(*, application, by, reason):
    return _simple(application, "reject", by=by, reason=reason)


def application_withdraw(*, application, by):
    return _simple(application, "withdraw", by=by)


def _end_grant(application, name, *, by, reason, on):
    on = _today(on)
    with transaction.atomic():
        fund = _lock_fund(application.call.fund)
        app = _lock_application(application)
        GRANT_APPLICATION.fire(app, name, by=by, reason=reason)
        left = outstanding_commitment(application=app)
        if left > 0:
            _post(fund=fund, kind=K.RELEASE, amount=left, on=on, by=by, application=app, memo=name)
    return app


def application_decline(*, application, by, reason, on=None):
    """The traveller declines the grant: what is still committed is released."""
    return _end_grant(application, "decline", by=by, reason=reason, on=on)


def application_cancel(*, application, by, reason, on=None):
    """The fund manager cancels the grant: what is still committed is released."""
    return _end_grant(application, "cancel", by=by, reason=reason, on=on)


PURPOSES = {"ticket": "ticket_issued_on", "allowance": "allowance_paid_on"}


def application_disburse(*, application, by, purpose: str, amount_usd, on=None) -> LedgerEntry | None:
    """Pay the ticket or the allowance against the grant's outstanding
    commitment. Above the four-eyes threshold the first call only proposes
    the payment (None is returned); a second person's call pays it."""
    on = _today(on)
    _require(by, "trustfund.award_application", application)
    if purpose not in PURPOSES:
        raise ValidationError({"purpose": _("Choose ticket or allowance.")})
    amount = _money(amount_usd, "amount_usd")
    with transaction.atomic():
        fund = _lock_fund(application.call.fund)
        app = _lock_application(application)
        if app.state not in ("awarded", "attended"):
            raise ValidationError(_("Payments are made on awarded grants only."))
        if getattr(app, PURPOSES[purpose]):
            raise ValidationError({"purpose": _("This has already been paid.")})
        left = outstanding_commitment(application=app)
        if amount > left:
            raise ValidationError({"amount_usd": _("Only %(left)s USD of the grant remains to be paid.")
                                   % {"left": left}})
        if not _four_eyes(app, kind=FourEyesApproval.Kind.DISBURSEMENT, amount=amount, by=by, purpose=purpose):
            return None  # proposed: a second person confirms it
        entry = _post(fund=fund, kind=K.DISBURSEMENT, amount=amount, on=on, by=by, application=app,
                      purpose=purpose)
        setattr(app, PURPOSES[purpose], on)
        app.save(update_fields=[PURPOSES[purpose], "updated_at"])
        audit(actor=by, action=f"grant_application.pay_{purpose}", obj=app, data={"amount_usd": str(amount)})
    return entry


def application_refund(*, application, by, amount_usd, on=None, memo="") -> LedgerEntry:
    """Money a traveller returns (e.g. an unused ticket)."""
    on = _today(on)
    _require(by, "trustfund.award_application", application)
    amount = _money(amount_usd, "amount_usd")
    with transaction.atomic():
        fund = _lock_fund(application.call.fund)
        app = _lock_application(application)
        paid = sum((e.amount_usd if e.kind == K.DISBURSEMENT else -e.amount_usd)
                   for e in app.ledger_entries.filter(kind__in=[K.DISBURSEMENT, K.REFUND]))
        if amount > paid:
            raise ValidationError({"amount_usd": _("Only %(paid)s USD was paid on this grant.") % {"paid": paid}})
        entry = _post(fund=fund, kind=K.REFUND, amount=amount, on=on, by=by, application=app, memo=memo)
        audit(actor=by, action="grant_application.refund", obj=app, data={"amount_usd": str(amount)})
    return entry


def application_confirm_attendance(*, application, by, on=None):
    on = _today(on)
    with transaction.atomic():
        app = _lock_application(application)
        if on < app.call.meeting.starts_on:
            raise ValidationError(_("Attendance is confirmed once the meeting has started."))
        app.attendance_confirmed_on = on
        GRANT_APPLICATION.fire(app, "confirm_attendance", by=by, update_fields=("attendance_confirmed_on",))
    return app


def application_file_evaluation(*, application, by, text: str, on=None):
    on = _today(on)
    if len((text or "").strip()) < 20:
        raise ValidationError({"evaluation": _("Tell us in a few sentences what the meeting achieved for you.")})
    with transaction.atomic():
        app = _lock_application(application)
        app.evaluation = text.strip()
        app.evaluation_filed_on = on
        GRANT_APPLICATION.fire(app, "file_evaluation", by=by, update_fields=("evaluation", "evaluation_filed_on"))
    return app


# ---- country capacity fund ----

def initiative_propose(*, fund: Fund, country, country_team: str, title: str, description: str, requested_usd,
                       by) -> CapacityInitiative:
    _require(by, "trustfund.propose_initiative")
    if fund.kind != Fund.Kind.CAPACITY:
        raise ValidationError({"fund": _("Seed money comes from the country-level capacity fund.")})
    amount = _money(requested_usd, "requested_usd")
    if not title.strip() or not description.strip() or not country_team.strip():
        raise ValidationError(_("Give the country team, a title and a description."))
    with transaction.atomic():
        ini = CapacityInitiative.objects.create(fund=fund, country=country, country_team=country_team.strip(),
                                                proposer=by, title=title.strip(), description=description.strip(),
                                                requested_usd=amount)
        audit(actor=by, action="capacity_initiative.propose", obj=ini, to_state=ini.state)
    return ini


def initiative_approve(*, initiative, by, amount_usd=None, on=None, reason=""):
    on = _today(on)
    _require(by, "trustfund.decide_initiative", initiative)
    with transaction.atomic():
        fund = _lock_fund(initiative.fund)
        ini = CapacityInitiative.objects.select_for_update().get(pk=initiative.pk)
        amount = ini.requested_usd if amount_usd in (None, "") else _money(amount_usd, "amount_usd")
        if amount > ini.requested_usd:
            raise ValidationError({"amount_usd": _("The approval cannot exceed the amount requested.")})
        available = fund_balance(fund).available
        if amount > available:
            raise ValidationError(_("Not enough money received: %(available)s USD available.")
                                  % {"available": available}, code="insufficient_funds")
        ini.approved_usd = amount
        ini.decision_reason = reason
        CAPACITY_INITIATIVE.fire(ini, "approve", by=by, reason=reason,
                                 update_fields=("approved_usd", "decision_reason"))
        _post(fund=fund, kind=K.COMMITMENT, amount=amount, on=on, by=by, initiative=ini)
    return ini


def initiative_reject(*, initiative, by, reason):
    _require(by, "trustfund.decide_initiative", initiative)
    with transaction.atomic():
        ini = CapacityInitiative.objects.select_for_update().get(pk=initiative.pk)
        ini.decision_reason = reason
        CAPACITY_INITIATIVE.fire(ini, "reject", by=by, reason=reason, update_fields=("decision_reason",))
    return ini


def _approved_by(initiative) -> int | None:
    """Who approved the initiative (from its audit trail)."""
    from portal.models import AuditEntry

    return (AuditEntry.objects.for_object(initiative).filter(action="capacity_initiative.approve")
            .order_by("-pk").values_list("actor_id", flat=True).first())


def initiative_pay(*, initiative, by, on=None):
    _require(by, "trustfund.manage_fund")
    on = _today(on)
    with transaction.atomic():
        fund = _lock_fund(initiative.fund)
        ini = CapacityInitiative.objects.select_for_update().get(pk=initiative.pk)
        left = outstanding_commitment(initiative=ini)
        if left > settings.TRUSTFUND_FOUR_EYES_USD and _approved_by(ini) == by.pk:
            # Above the threshold, seed money leaves on two people's word: who approved it does not pay it.
            raise PermissionDenied(_("You approved this initiative: a different person pays out %(amount)s USD.")
                                   % {"amount": left})
        CAPACITY_INITIATIVE.fire(ini, "pay", by=by)
        if left > 0:
            _post(fund=fund, kind=K.DISBURSEMENT, amount=left, on=on, by=by, initiative=ini, purpose="seed")
    return ini


# ---- merging meeting-specific funds into the one fund (¶22) ----

def fund_merge(*, source: Fund, target: Fund, by, on: datetime.date | None = None) -> Decimal:
    """Merge a meeting-specific fund into the one trust fund: its available
    money moves by a ledger transfer (out of one, into the other), and it is
    closed. Refused while any of its money is still committed to a grant.
    Returns the amount moved."""
    _require(by, "trustfund.manage_fund")
    on = _today(on)
    if source.pk == target.pk:
        raise ValidationError({"target": _("A fund cannot be merged into itself.")})
    with transaction.atomic():
        first, second = sorted([source.pk, target.pk])
        locked = {f.pk: f for f in Fund.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk")}
        source, target = locked[source.pk], locked[target.pk]
        if source.merged_into_id:
            raise ValidationError(_("%(fund)s is already merged.") % {"fund": source.name})
        if target.merged_into_id:
            raise ValidationError({"target": _("%(fund)s is itself merged into another fund.")
                                             % {"fund": target.name}})
        if source.kind != target.kind:
            raise ValidationError({"target": _("Only a fund of the same kind can take in this fund's money.")})
        balance = fund_balance(source)
        if balance.committed:
            raise ValidationError(_("%(amount)s USD of %(fund)s is still committed to grants: settle or release "
                                    "them before merging.") % {"amount": balance.committed, "fund": source.name})
        amount = balance.available
        if amount:
            memo = _("Merged into %(fund)s") % {"fund": target.name}
            _post(fund=source, kind=K.TRANSFER_OUT, amount=amount, on=on, by=by, memo=memo)
            _post(fund=target, kind=K.TRANSFER_IN, amount=amount, on=on, by=by,
                  memo=_("Merged from %(fund)s") % {"fund": source.name})
        source.merged_into = target
        source.merged_on = on
        source.save(update_fields=["merged_into", "merged_on"])
        audit(actor=by, action="fund.merge", obj=source,
              data={"into": target.pk, "amount_usd": str(amount), "on": on.isoformat()})
    return amount

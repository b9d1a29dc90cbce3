"""Trust funds (¶22 participation, ¶47 country capacity), their donors and
money, travel grants and capacity initiatives.

Money is US dollars as Decimal (two places). Every movement of money is an
append-only LedgerEntry; balances are derived from the ledger (see
`trustfund.ledger`), never stored.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.i18n import ByLanguage
from portal.models import AppendOnlyError

USD = dict(max_digits=14, decimal_places=2)
CENT = Decimal("0.01")


class Fund(models.Model):
    class Kind(models.TextChoices):
        PARTICIPATION = "participation", _("Participation trust fund (travel grants)")
        CAPACITY = "capacity", _("Country-level capacity fund")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    mandate = models.CharField(_("mandate"), max_length=200, blank=True,
                               help_text=_("e.g. A/59/354 ¶22"))
    managed_by = models.CharField(_("managed by"), max_length=200, blank=True)
    guided_by = models.CharField(_("guided by"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    working_group = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="fund_working_groups",
                                           verbose_name=_("working group members"))
    # ¶22 funds NGOs from developing countries (headquartered there); working
    # there is a rule a fund may add, off unless decided.
    admits_working_in_developing_countries = models.BooleanField(
        _("also admits organisations working in a developing country"), default=False)
    # A meeting-specific fund merged into the one fund (¶22): closed, its
    # money moved by a ledger transfer.
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="merged_funds")
    merged_on = models.DateField(_("merged on"), null=True, blank=True)

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["kind", ByLanguage("name", translated=True)]

    def __str__(self):
        return self.name


class Donor(models.Model):
    class Kind(models.TextChoices):
        MEMBER_STATE = "member_state", _("Member State")
        FOUNDATION = "foundation", _("Foundation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey("portal.Country", verbose_name=_("country"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="donors", blank=True,
                                   verbose_name=_("users"))

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """A Member State is named as its country, in the reader's language."""
        return donor_name(self.name, self.kind, self.country_id)


def donor_name(name, kind, country_id):
    if kind == Donor.Kind.MEMBER_STATE and country_id:
        from portal.i18n import country_name

        return country_name(country_id)
    return name


class Pledge(models.Model):
    """A promise of money. Pledges are never spent: commitments use money received."""

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("donor"))
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("fund"))
    amount_usd = models.DecimalField(_("amount pledged (USD)"), validators=[MinValueValidator(CENT)], **USD)
    pledged_on = models.DateField(_("pledged on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-pledged_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_usd__gt=0), name="tf_pledge_positive",
                                              violation_error_message=_("A pledge is an amount above zero."))]

    def __str__(self):
        return f"{self.donor} → {self.fund}: {self.amount_usd} USD"


class Contribution(models.Model):
    """Money actually received, in its currency, with the rate to USD at receipt."""

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="contributions",
                              verbose_name=_("donor"))
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("fund"))
    pledge = models.ForeignKey(Pledge, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="contributions", verbose_name=_("against pledge"))
    amount = models.DecimalField(_("amount received"), validators=[MinValueValidator(CENT)], **USD)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    rate_to_usd = models.DecimalField(_("rate to USD at receipt"), max_digits=14, decimal_places=6,
                                      validators=[MinValueValidator(Decimal("0.000001"))])
    amount_usd = models.DecimalField(_("amount received (USD)"), **USD)
    received_on = models.DateField(_("received on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contribution received")
        verbose_name_plural = _("contributions received")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0, amount_usd__gt=0, rate_to_usd__gt=0),
                                   name="tf_contribution_positive",
                                   violation_error_message=_("The amount received, its amount in US dollars and the exchange rate must all be above zero.")),
        ]

    def __str__(self):
        return f"{self.donor}: {self.amount} {self.currency} ({self.amount_usd} USD)"


class LedgerQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Ledger entries are append-only.")

    def delete(self):
        raise AppendOnlyError("Ledger entries are append-only.")


# What a disbursement paid for (LedgerEntry.purpose), in words.
PURPOSE_LABELS = {
    "ticket": _("economy return ticket"),
    "allowance": _("daily subsistence allowance"),
    "seed": _("seed money"),
}


class LedgerEntry(models.Model):
    """One movement of money on a fund; append-only. Amounts are positive:
    the kind says which way the money moves (see trustfund.ledger)."""

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("Contribution received")
        COMMITMENT = "commitment", _("Commitment")
        RELEASE = "release", _("Release of a commitment")
        DISBURSEMENT = "disbursement", _("Disbursement")
        REFUND = "refund", _("Refund to the fund")
        TRANSFER_IN = "transfer_in", _("Transfer in from a merged fund")
        TRANSFER_OUT = "transfer_out", _("Transfer out to the fund it merged into")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="ledger", verbose_name=_("fund"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount_usd = models.DecimalField(_("amount (USD)"), **USD)
    occurred_on = models.DateField(_("date"))
    contribution = models.ForeignKey(Contribution, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="ledger_entries")
    application = models.ForeignKey("GrantApplication", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="ledger_entries")
    initiative = models.ForeignKey("CapacityInitiative", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="ledger_entries")
    purpose = models.CharField(_("purpose"), max_length=30, blank=True,
                               help_text=_("for disbursements: ticket, allowance, seed money"))
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["fund", "kind"])]
        constraints = [models.CheckConstraint(condition=models.Q(amount_usd__gt=0), name="tf_ledger_positive",
                                              violation_error_message=_("A ledger movement is an amount above zero."))]

    def __str__(self):
        return f"{self.fund} — {self.get_kind_display()} — {self.amount_usd} USD"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Ledger entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Ledger entries are append-only.")

    @property
    def purpose_label(self) -> str:
        return str(PURPOSE_LABELS.get(self.purpose, self.purpose))


class GrantCall(models.Model):
    """A call for travel-grant applications for one meeting."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="calls", verbose_name=_("fund"))
    meeting = models.ForeignKey("participation.Meeting", on_delete=models.PROTECT, related_name="grant_calls",
                                verbose_name=_("meeting"))
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    budget_ceiling_usd = models.DecimalField(_("budget ceiling (USD)"), validators=[MinValueValidator(CENT)], **USD)
    venue_city = models.CharField(_("venue city"), max_length=120)
    dsa_rate_usd = models.DecimalField(_("daily subsistence allowance at the venue (USD)"),
                                       validators=[MinValueValidator(CENT)], **USD)
    max_nominees_per_organisation = models.PositiveSmallIntegerField(_("nominees per organisation"), default=2)
    max_funded_per_organisation = models.PositiveSmallIntegerField(_("funded per organisation"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("grant call")
        verbose_name_plural = _("grant calls")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")), name="tf_call_window",
                                   violation_error_message=_("The call must close on or after the day it opens.")),
        ]

    def __str__(self):
        return self.title

    def is_open(self, on) -> bool:
        return self.opens_on <= on <= self.closes_on


class GrantApplication(models.Model):
    class Gender(models.TextChoices):
        # as the participation person record (Representative.gender) has it
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Another gender")
        UNDISCLOSED = "undisclosed", _("Prefers not to say")

    call = models.ForeignKey(GrantCall, on_delete=models.PROTECT, related_name="applications",
                             verbose_name=_("call"))
    organisation = models.ForeignKey("accreditation.Organisation", on_delete=models.PROTECT,
                                     related_name="grant_applications", verbose_name=_("organisation"))
    designation = models.ForeignKey("participation.Designation", on_delete=models.PROTECT,
                                    related_name="grant_applications", verbose_name=_("designation"))
    representative = models.ForeignKey("participation.Representative", on_delete=models.PROTECT,
                                       related_name="grant_applications", verbose_name=_("nominee"))
    # Copied from the person record at submission, for the donor report's breakdown.
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, default=Gender.UNDISCLOSED)
    state = models.CharField(_("state"), max_length=20, default="submitted")
    origin_city = models.CharField(_("travelling from (city)"), max_length=120)
    origin_country = models.ForeignKey("portal.Country", on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("travelling from (country)"))
    fare_usd = models.DecimalField(_("economy return fare (USD)"), validators=[MinValueValidator(Decimal(0))], **USD)
    days = models.PositiveSmallIntegerField(_("days at the venue"), validators=[MinValueValidator(1),
                                                                                 MaxValueValidator(60)])
    dsa_rate_usd = models.DecimalField(_("daily subsistence allowance (USD)"), **USD)
    terminal_usd = models.DecimalField(_("terminal expenses (USD)"), validators=[MinValueValidator(Decimal(0))],
                                       **USD)
    requested_usd = models.DecimalField(_("total requested (USD)"), **USD)
    justification = models.TextField(_("justification"))
    passport_name = models.CharField(_("name as in passport"), max_length=200)
    nationality = models.ForeignKey("portal.Country", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("nationality"))
    awarded_usd = models.DecimalField(_("amount awarded (USD)"), null=True, blank=True, **USD)
    ticket_issued_on = models.DateField(_("ticket issued on"), null=True, blank=True)
    allowance_paid_on = models.DateField(_("allowance paid on"), null=True, blank=True)
    attendance_confirmed_on = models.DateField(_("attendance confirmed on"), null=True, blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    evaluation_filed_on = models.DateField(_("evaluation filed on"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("travel-grant application")
        verbose_name_plural = _("travel-grant applications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["call", "state"])]
        constraints = [
            # One live application per nominee per call: after a withdrawal or cancellation the
            # organisation may apply again for the same person (the states are LIVE_STATES).
            models.UniqueConstraint(
                fields=["call", "representative"],
                condition=models.Q(state__in=["submitted", "waitlisted", "awarded", "attended", "completed"]),
                name="tf_one_live_application_per_nominee_per_call",
                violation_error_message=_("This nominee already has a live application in this call.")),
        ]

    def __str__(self):
        return _("Travel grant #%(pk)s") % {"pk": self.pk}

    @property
    def state_label(self) -> str:
        from .workflow import GRANT_APPLICATION

        return GRANT_APPLICATION.label(self.state)

    @property
    def public_state_label(self) -> str:
        from .workflow import GRANT_APPLICATION

        return GRANT_APPLICATION.public_label(self.state)

    @property
    def allowance_usd(self) -> Decimal:
        return (self.dsa_rate_usd * self.days).quantize(CENT)


class BoardReview(models.Model):
    class Recommendation(models.TextChoices):
        FULL = "full", _("Fund in full")
        PARTIAL = "partial", _("Fund in part")
        WAITLIST = "waitlist", _("Waiting list")
        NO = "no", _("Do not fund")

    application = models.ForeignKey(GrantApplication, on_delete=models.CASCADE, related_name="reviews")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("board member"))
    score = models.PositiveSmallIntegerField(_("score (1–5)"), validators=[MinValueValidator(1),
                                                                          MaxValueValidator(5)])
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Recommendation.choices)
    recommended_usd = models.DecimalField(_("recommended amount (USD)"), null=True, blank=True, **USD)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("board review")
        verbose_name_plural = _("board reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "member"], name="tf_one_review_per_member",
                                    violation_error_message=_("You have already reviewed this application: change your review instead.")),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="tf_review_score_range",
                                   violation_error_message=_("Score from 1 to 5.")),
        ]

    def __str__(self):
        return f"{self.application_id}/{self.member_id}: {self.score}"


class CapacityInitiative(models.Model):
    """A country team's proposal for seed money from the capacity fund (¶47)."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("fund"))
    country = models.ForeignKey("portal.Country", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("country"))
    country_team = models.CharField(_("country team"), max_length=200)
    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("proposed by"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    requested_usd = models.DecimalField(_("seed money requested (USD)"), validators=[MinValueValidator(CENT)],
                                        **USD)
    approved_usd = models.DecimalField(_("approved (USD)"), null=True, blank=True, **USD)
    state = models.CharField(_("state"), max_length=20, default="proposed")
    decision_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("capacity initiative")
        verbose_name_plural = _("capacity initiatives")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class FourEyesApproval(models.Model):
    """An award or a payment above settings.TRUSTFUND_FOUR_EYES_USD: one
    person proposes it, a different person confirms it (and only then is it
    carried out). Kept as data, each step audited."""

    class Kind(models.TextChoices):
        AWARD = "award", _("Award")
        DISBURSEMENT = "disbursement", _("Payment")

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting a second person")
        CONFIRMED = "confirmed", _("Confirmed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    application = models.ForeignKey(GrantApplication, on_delete=models.CASCADE, related_name="approvals",
                                    verbose_name=_("application"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    purpose = models.CharField(_("payment for"), max_length=20, blank=True)
    amount_usd = models.DecimalField(_("amount (USD)"), **USD)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("confirmed or withdrawn by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("four-eyes approval")
        verbose_name_plural = _("four-eyes approvals")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind", "purpose"], condition=models.Q(state="pending"),
                                    name="tf_one_pending_approval",
                                    violation_error_message=_("This is already awaiting a second person.")),
            models.CheckConstraint(
                condition=~models.Q(state="confirmed") | (models.Q(decided_by__isnull=False)
                                                         & ~models.Q(decided_by=models.F("proposed_by"))),
                name="tf_four_eyes_two_people",
                violation_error_message=_("The person who proposed it cannot confirm it.")),
        ]

    def __str__(self):
        return f"{self.application_id} {self.kind} {self.amount_usd} ({self.state})"

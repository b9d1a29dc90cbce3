from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.models import Designation, Meeting
from portal.forms import ExportForm
from portal.models import Country

from .models import BoardReview, Donor, Fund, Pledge

MONEY = dict(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
DATE = forms.DateInput(attrs={"type": "date"})


class ApplicationForm(forms.Form):
    designation = forms.ModelChoiceField(label=_("Nominee (designated representative)"),
                                         queryset=Designation.objects.none())
    origin_city = forms.CharField(label=_("Travelling from (city)"), max_length=120)
    origin_country = forms.ModelChoiceField(label=_("Travelling from (country)"), queryset=Country.objects.all())
    fare_usd = forms.DecimalField(label=_("Economy return fare (USD)"), max_digits=14, decimal_places=2,
                                  min_value=Decimal("0"))
    days = forms.IntegerField(label=_("Days at the venue"), min_value=1, max_value=60)
    terminal_usd = forms.DecimalField(label=_("Terminal expenses (USD)"), max_digits=14, decimal_places=2,
                                      min_value=Decimal("0"), initial=Decimal("0"))
    justification = forms.CharField(label=_("Why this meeting matters for your organisation"),
                                    widget=forms.Textarea(attrs={"rows": 4}))
    passport_name = forms.CharField(label=_("Name as in passport"), max_length=200,
                                    help_text=_("Seen only by the fund's staff and board."))
    nationality = forms.ModelChoiceField(label=_("Nationality"), queryset=Country.objects.all())

    def __init__(self, *args, user, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["designation"].queryset = (
            Designation.objects.filter(organisation__memberships__user=user, revoked_at__isnull=True,
                                       year=call.meeting.starts_on.year)
            .select_related("representative", "organisation").order_by("organisation__name", "id"))
        self.fields["designation"].label_from_instance = (
            lambda d: f"{d.representative.full_name} — {d.organisation}")


CHOOSE = ("", _("— choose —"))


class ReviewForm(forms.Form):
    """Starts empty: the member chooses a score and a recommendation."""

    score = forms.TypedChoiceField(label=_("Score"), coerce=int,
                                   choices=[CHOOSE, *[(i, str(i)) for i in range(5, 0, -1)]],
                                   help_text=_("5 is the strongest case for funding."),
                                   error_messages={"required": _("Choose a score.")})
    recommendation = forms.ChoiceField(label=_("Recommendation"),
                                       choices=[CHOOSE, *BoardReview.Recommendation.choices],
                                       error_messages={"required": _("Choose a recommendation.")})
    recommended_usd = forms.DecimalField(label=_("Amount for a partial grant (USD)"), required=False, **MONEY)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    @classmethod
    def for_review(cls, review):
        """Changing a saved review opens it pre-filled."""
        if review is None:
            return cls()
        return cls(initial={"score": review.score, "recommendation": review.recommendation,
                            "recommended_usd": review.recommended_usd, "comment": review.comment})


class AwardForm(forms.Form):
    amount_usd = forms.DecimalField(label=_("Amount to award (USD)"), required=False, **MONEY,
                                    help_text=_("Leave empty for a full grant."))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DisburseForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Payment"), choices=[("ticket", _("Ticket issued")),
                                                             ("allowance", _("Allowance paid"))])
    amount_usd = forms.DecimalField(label=_("Amount (USD)"), **MONEY)


class EvaluationForm(forms.Form):
    evaluation = forms.CharField(label=_("Your evaluation of the meeting"), widget=forms.Textarea(attrs={"rows": 5}),
                                 min_length=20)


class ContributionForm(forms.Form):
    donor = forms.ModelChoiceField(label=_("Donor"), queryset=Donor.objects.all())
    fund = forms.ModelChoiceField(label=_("Fund"), queryset=Fund.objects.all())
    pledge = forms.ModelChoiceField(label=_("Against pledge"), queryset=Pledge.objects.select_related("donor"),
                                    required=False)
    amount = forms.DecimalField(label=_("Amount received"), **MONEY)
    currency = forms.CharField(label=_("Currency (ISO code)"), max_length=3, initial="USD")
    rate_to_usd = forms.DecimalField(label=_("Rate to USD at receipt"), max_digits=14, decimal_places=6,
                                     min_value=Decimal("0.000001"), initial=Decimal("1"))
    received_on = forms.DateField(label=_("Received on"), widget=DATE)


class PledgeForm(forms.Form):
    donor = forms.ModelChoiceField(label=_("Donor"), queryset=Donor.objects.none())
    fund = forms.ModelChoiceField(label=_("Fund"), queryset=Fund.objects.all())
    amount_usd = forms.DecimalField(label=_("Amount pledged (USD)"), **MONEY)
    pledged_on = forms.DateField(label=_("Pledged on"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Donor.objects.all()
        if not user.has_perm("trustfund.manage_fund"):
            qs = qs.filter(users=user)
        self.fields["donor"].queryset = qs


class CallForm(forms.Form):
    fund = forms.ModelChoiceField(label=_("Fund"), queryset=Fund.objects.filter(kind=Fund.Kind.PARTICIPATION))
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.order_by("-starts_on"))
    title = forms.CharField(label=_("Title"), max_length=200)
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE)
    budget_ceiling_usd = forms.DecimalField(label=_("Budget ceiling (USD)"), **MONEY)
    dsa_rate_usd = forms.DecimalField(label=_("Daily subsistence allowance at the venue (USD)"), **MONEY)
    venue_city = forms.CharField(label=_("Venue city"), max_length=120, required=False)


class InitiativeForm(forms.Form):
    fund = forms.ModelChoiceField(label=_("Fund"), queryset=Fund.objects.filter(kind=Fund.Kind.CAPACITY))
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
    country_team = forms.CharField(label=_("Country team"), max_length=200)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))
    requested_usd = forms.DecimalField(label=_("Seed money requested (USD)"), **MONEY)


class ApproveForm(forms.Form):
    amount_usd = forms.DecimalField(label=_("Amount approved (USD)"), required=False, **MONEY,
                                    help_text=_("Leave empty to approve the amount requested."))
    reason = forms.CharField(label=_("Note"), required=False)


class ReportExportForm(ExportForm):
    """The donor report's export link: the year (this year by default) and the language."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class FundMergeForm(forms.Form):
    """The fund another (meeting-specific) one merges into: open funds of the same kind."""

    target = forms.ModelChoiceField(queryset=Fund.objects.none(), label=_("Merge into"),
                                    error_messages={"required": _("Choose the fund to merge into."),
                                                    "invalid_choice": _("Choose the fund to merge into.")})

    def __init__(self, *args, fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (Fund.objects.filter(kind=fund.kind, merged_into__isnull=True)
                                          .exclude(pk=fund.pk))

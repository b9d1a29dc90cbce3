from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import ExportForm
from portal.models import Country

from .models import (
    ELECTED_KINDS,
    PRIVATE_SECTOR_KINDS,
    ApplicationDocument,
    AreaOfExpertise,
    Body,
    CriterionResult,
    Decision,
    EntityKind,
    FundingSource,
    Network,
    Organisation,
    OrganisationChange,
    Recommendation,
)
from .questionnaire import questions_for

DATE = forms.DateInput(attrs={"type": "date"})


class OrganisationForm(forms.ModelForm):
    areas = forms.ModelMultipleChoiceField(AreaOfExpertise.objects.all(), required=False,
                                           widget=forms.CheckboxSelectMultiple, label=_("Areas of expertise"))
    countries_of_activity = forms.ModelMultipleChoiceField(Country.objects.all(), required=False,
                                                           label=_("Countries of activity"))
    networks = forms.ModelMultipleChoiceField(Network.objects.all(), required=False, label=_("Networks"))
    languages_text = forms.CharField(label=_("Working languages"), required=False,
                                     help_text=_("Separate languages with commas."))
    confirm_not_duplicate = forms.BooleanField(
        label=_("None of the organisations listed above is mine: register a new one"), required=False)

    class Meta:
        model = Organisation
        fields = ["entity_kind", "represents", "business_sector", "name", "name_en_fr", "acronym", "org_type",
                  "hq_address", "hq_city", "country",
                  "established_on", "registered_on", "scope", "website", "email", "phone", "contact_name",
                  "contact_title", "membership_size", "affiliations"]
        widgets = {"established_on": DATE, "registered_on": DATE, "hq_address": forms.Textarea(attrs={"rows": 2}),
                   "affiliations": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].required = True
        self.fields["hq_address"].required = True
        self.fields["registered_on"].required = False
        if "entity_kind" in self.fields:
            self.fields["entity_kind"].required = False
            self.fields["entity_kind"].initial = EntityKind.NGO
        self.fields["registered_on"].help_text = _("Required for NGOs (at least two years before applying).")
        self.fields["hq_address"].help_text = _("The street address of the headquarters; a P.O. box is refused.")

    def clean(self):
        """Each kind of entity gives what it needs: NGOs their date of
        registration, parliaments and local authorities whom they represent,
        the private sector its sector."""
        d = super().clean()
        kind = d.get("entity_kind") or (self.instance.entity_kind if self.instance.pk else "") or EntityKind.NGO
        if kind == EntityKind.NGO and "registered_on" in self.fields and not d.get("registered_on"):
            self.add_error("registered_on", _("Give the date your organisation was registered with a government."))
        if kind in ELECTED_KINDS and not (d.get("represents") or "").strip():
            self.add_error("represents", _("Say which chamber, city or region you represent."))
        if kind in PRIVATE_SECTOR_KINDS and not (d.get("business_sector") or "").strip():
            self.add_error("business_sector", _("Say in which sector you do business or give."))
        return d

    def org_fields(self):
        d = self.cleaned_data
        fields = {k: d[k] for k in self.Meta.fields if d.get(k) not in (None, "")}
        fields["languages"] = [x.strip() for x in d.get("languages_text", "").split(",") if x.strip()]
        return fields


class OrganisationProfileForm(OrganisationForm):
    """The registered profile, kept up to date by the organisation. Its name
    changes only through the change-of-name workflow."""

    class Meta(OrganisationForm.Meta):
        # The kind of entity is chosen at registration and not changed here.
        fields = [f for f in OrganisationForm.Meta.fields if f not in ("name", "name_en_fr", "entity_kind")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["confirm_not_duplicate"]
        if self.instance.pk:
            self.fields["languages_text"].initial = ", ".join(self.instance.languages or [])

    def org_fields(self):
        d = self.cleaned_data
        fields = {k: d.get(k) for k in self.Meta.fields}
        fields = {k: ("" if v is None and k not in _NULLABLE else v) for k, v in fields.items()}
        fields["languages"] = [x.strip() for x in d.get("languages_text", "").split(",") if x.strip()]
        return fields


_NULLABLE = {"country", "established_on", "registered_on", "membership_size"}


class FundingSourceForm(forms.Form):
    name = forms.CharField(label=_("Source of funding"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=FundingSource.Kind.choices, required=False)
    share = forms.DecimalField(label=_("Share of income (%)"), min_value=0, max_value=100, decimal_places=2,
                               required=False)


FundingFormSet = forms.formset_factory(FundingSourceForm, extra=3, max_num=10)


class ApplicationCreateForm(forms.Form):
    organisation = forms.ModelChoiceField(Organisation.objects.none(), label=_("Organisation"))
    track = forms.ChoiceField(label=_("Track"), choices=Body.Track.choices, widget=forms.RadioSelect,
                              initial=Body.Track.INTERGOVERNMENTAL)
    bodies = forms.ModelMultipleChoiceField(Body.objects.none(),
                                            widget=forms.CheckboxSelectMultiple,
                                            label=_("Bodies you seek access to"))
    requested_category = forms.ChoiceField(label=_("Category of consultative status sought"), required=False,
                                           choices=[("", "—"), ("general", _("General")),
                                                    ("special", _("Special")), ("roster", _("Roster"))],
                                           help_text=_("For accreditation to intergovernmental bodies only."))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["bodies"].queryset = Body.objects.accepting_applications()
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()


class AnswersForm(forms.Form):
    def __init__(self, *args, track, initial_answers, **kwargs):
        super().__init__(*args, **kwargs)
        for q in questions_for(track):
            self.fields[q.code] = forms.CharField(
                label=q.label, help_text=_("%(help)s At most %(n)s characters.") % {"help": q.help, "n": q.max_chars},
                required=False, initial=initial_answers.get(q.code, ""),
                widget=forms.Textarea(attrs={"rows": 4, "maxlength": q.max_chars}))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=ApplicationDocument.Kind.choices)
    file = forms.FileField(label=_("File (PDF)"), widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))


class MultiplePdfInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by the service's PDF validator."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePdfInput(attrs={"accept": "application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


class AnswerRequestForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    attachments = MultipleFileField(
        label=_("Attach documents (PDF, optional)"), required=False,
        help_text=_("Up to 5 PDF files, each at most %(mb)s MB: for example the accounts or statutes you were "
                    "asked for.") % {"mb": settings.MAX_UPLOAD_SIZE // (1024 * 1024)})


class RequestInformationForm(forms.Form):
    question = forms.CharField(label=_("What the organisation must provide"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=_("Answer due by"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"].initial = timezone.localdate() + timezone.timedelta(days=30)


class CriteriaForm(forms.Form):
    def __init__(self, *args, criteria, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            r = results.get(c.pk)
            self.fields[f"result_{c.pk}"] = forms.ChoiceField(
                label=c.title, choices=[("", "—"), *CriterionResult.Result.choices], required=False,
                initial=r.result if r else "")
            self.fields[f"note_{c.pk}"] = forms.CharField(label=_("Note on “%(c)s”") % {"c": c.title},
                                                          required=False, initial=r.note if r else "")


class RecommendationForm(forms.Form):
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class DpiDecisionForm(forms.Form):
    associate = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "yes",
                                       choices=[("yes", _("Associate with DPI")), ("no", _("Decline"))])
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class QuestionForm(forms.Form):
    question = forms.CharField(label=_("Question to the organisation"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=_("Answer due by"), required=False, widget=DATE,
                             help_text=_("Leave empty for the latest date before the next session."))


CHOOSE = ("", _("— choose —"))


class DecisionForm(forms.Form):
    """Starts empty: no decision stands in for one nobody made."""

    outcome = forms.ChoiceField(label=_("Decision"), choices=[CHOOSE, *Decision.Outcome.choices],
                                error_messages={"required": _("Choose a decision.")})
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Required to defer, close or reject."))

    @classmethod
    def for_decision(cls, decision, *args, **kwargs):
        """The form for changing a saved decision, pre-filled with it."""
        if decision is not None and not args:
            kwargs.setdefault("initial", {"outcome": decision.outcome, "reason": decision.reason})
        return cls(*args, **kwargs)


class AdoptionForm(forms.Form):
    on = forms.DateField(label=_("Adopted on"), widget=DATE)
    reference = forms.CharField(label=_("Decision reference"), max_length=100, required=False)
    override_reason = forms.CharField(
        label=_("Set the date rules aside (administrator): reason"), max_length=500, required=False,
        help_text=_("Only if the date of adoption must break the rules; the reason is kept in the audit log."))

    def __init__(self, *args, can_override=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_override:
            del self.fields["override_reason"]


class PublishDecisionsForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Set the date rule aside (administrator): reason"), max_length=500, required=False,
        help_text=_("Only if the decisions must be published before the session has met; the reason is kept in "
                    "the audit log."))

    def __init__(self, *args, can_override=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_override:
            del self.fields["override_reason"]


class ChangeRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Change"), choices=OrganisationChange.Kind.choices)
    new_name = forms.CharField(label=_("New name"), required=False, max_length=300)
    new_category = forms.ChoiceField(label=_("Category sought"), required=False,
                                     choices=[("", "—"), ("general", _("General")), ("special", _("Special")),
                                              ("roster", _("Roster"))])
    merged_into = forms.ModelChoiceField(Organisation.objects.filter(profile_state="approved"), required=False,
                                         label=_("Merges into"))
    explanation = forms.CharField(label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ListExportForm(ExportForm):
    """The consolidated list's export link: the web page's filters, the
    decisions so far or not, and the language."""

    q = forms.CharField(required=False, max_length=200)
    region = forms.CharField(required=False, max_length=100)
    recommendation = forms.ChoiceField(required=False, choices=[("", "")] + list(Recommendation.choices))
    carried_over = forms.ChoiceField(required=False, choices=[("", ""), ("yes", _("yes")), ("no", _("no"))])
    decision = forms.ChoiceField(required=False, choices=[("", ""), ("none", _("undecided"))])
    decisions = forms.BooleanField(required=False)

    def variant(self):
        d = self.cleaned_data
        variant = {k: d[k] for k in ("q", "region", "recommendation", "carried_over", "decision") if d[k]}
        if d["decisions"]:
            variant["decisions"] = "1"
        return variant

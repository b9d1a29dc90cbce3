from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accreditation.models import Network, Organisation, OrganisationMembership, StatusState
from portal.params import IdField, ParamForm, StrictIntegerField

from .models import Consultation, Designation, Gender, Meeting, MeetingKind, Representative


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingFilterForm(forms.Form):
    when = forms.ChoiceField(label=_("Show"), required=False,
                             choices=[("upcoming", _("Upcoming and current")), ("past", _("Past"))])
    kind = forms.ModelChoiceField(label=_("Kind"), required=False, queryset=MeetingKind.objects.all(),
                                  to_field_name="code", empty_label=_("All kinds"))

    def clean_kind(self):
        kind = self.cleaned_data.get("kind")
        return kind.code if kind else ""


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "body", "title", "description", "related_meeting", "starts_on", "ends_on", "venue",
                  "is_online", "registration_opens_at", "registration_closes_at", "per_organisation_cap",
                  "capacity", "invitation_only", "keeps_records", "convener", "agenda", "agenda_agreed_with",
                  "admits_dpi_associated", "areas", "speaking_minutes"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "registration_opens_at": DateTimeInput(),
            "registration_closes_at": DateTimeInput(),
        }

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind and kind.single_convener and not (data.get("convener") or "").strip():
            self.add_error("convener", _("Name the Council member convening this meeting."))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The meeting cannot end before it starts (%(start)s).")
                           % {"start": date_format(starts, "DATE_FORMAT")})
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        elif closes and ends and timezone.localtime(closes).date() > ends:
            self.add_error("registration_closes_at", _("Registration must close by the end of the meeting "
                                                       "(%(end)s).") % {"end": date_format(ends, "DATE_FORMAT")})
        return data


class DesignationForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    role = forms.ChoiceField(label=_("Designated as"), choices=Designation.Role.choices)
    same_as = forms.ModelChoiceField(
        label=_("Same person as (designated before)"), required=False, queryset=Representative.objects.none(),
        help_text=_("Choose the person if your organisation designated them before; otherwise give the name "
                    "below (the same name and e-mail is recognised as the same person)."))
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNDISCLOSED)
    email = forms.EmailField(label=_("E-mail"), required=False)
    title = forms.CharField(label=_("Title or function"), max_length=200, required=False)
    account = forms.EmailField(
        label=_("Portal account (e-mail)"), required=False,
        help_text=_("If the representative has a portal account in your organisation, they can register "
                    "themselves for meetings."))

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["year"].initial = timezone.localdate().year
        self.fields["same_as"].queryset = Representative.objects.filter(organisation=organisation).order_by(
            "last_name", "first_name", "pk")
        self.fields["same_as"].label_from_instance = (
            lambda r: f"{r.full_name} ({r.email})" if r.email else r.full_name)

    def clean(self):
        data = super().clean()
        if not data.get("same_as"):
            for name in ("first_name", "last_name"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, _("Give the representative's first and last name, or choose the person "
                                           "designated before."))
        return data

    def clean_account(self):
        email = self.cleaned_data.get("account")
        if not email:
            return None
        membership = (OrganisationMembership.objects.select_related("user")
                      .filter(organisation=self.organisation, user__email__iexact=email).first())
        if membership is None:
            raise forms.ValidationError(_("No member of your organisation has this e-mail address."))
        return membership.user


class RegistrationForm(forms.Form):
    designation = forms.ModelChoiceField(label=_("Representative"), queryset=Designation.objects.none())

    def __init__(self, *args, designations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["designation"].queryset = designations
        self.fields["designation"].label_from_instance = (
            lambda d: f"{d.representative.full_name} — {d.get_role_display()} ({d.year})")


class StatementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Text of the statement"), widget=forms.Textarea(attrs={"rows": 14}))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")
    cosponsors = forms.ModelMultipleChoiceField(
        label=_("Co-sponsors (joint statement)"), required=False, queryset=Organisation.objects.none(),
        help_text=_("Organisations in consultative status that join this statement. They may not submit their own."))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cosponsors"].queryset = (Organisation.objects.filter(status_state=StatusState.ACTIVE)
                                              .exclude(pk=organisation.pk).order_by("name"))


class SpeakingRequestForm(forms.Form):
    speaker = forms.ModelChoiceField(label=_("Speaker"), queryset=Representative.objects.none())
    topic = forms.CharField(label=_("Topic"), max_length=300)
    network = forms.ModelChoiceField(label=_("Network or constituency represented"), required=False,
                                     queryset=Network.objects.all())

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = Representative.objects.filter(organisation=organisation)


class ConsultationForm(forms.ModelForm):
    options = forms.CharField(label=_("Options (one per line, for a poll)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))

    class Meta:
        model = Consultation
        fields = ["title", "question", "kind", "meeting", "opens_at", "closes_at", "open_to_public"]
        widgets = {"opens_at": DateTimeInput(), "closes_at": DateTimeInput()}


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Pass code"), max_length=64,
                           help_text=_("Scan the QR code on the pass or type the code printed under it."))

    def clean_code(self):
        value = self.cleaned_data["code"].strip()
        # A scanner may deliver the whole check-in URL: keep the code at its end.
        return value.rstrip("/").rsplit("/", 1)[-1].rsplit("=", 1)[-1].upper()


class ConsultationAnswerForm(ParamForm):
    """An answer posted to a consultation: the chosen option of a poll, or the text."""

    option = IdField()
    text = forms.CharField(required=False, max_length=10000, strip=False)


class RegistrationFilter(ParamForm):
    state = forms.ChoiceField(required=False)

    def __init__(self, *args, **kwargs):
        from .workflow import REGISTRATION

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", ""), *((s, s) for s in REGISTRATION.states)]


class SpeakersArrangeForm(ParamForm):
    """The speakers-list builder: a place, minutes and a decline box per request."""

    def __init__(self, *args, requests=(), **kwargs):
        super().__init__(*args, **kwargs)
        for r in requests:
            self.fields[f"position-{r.pk}"] = StrictIntegerField(required=False, min_value=0, max_value=10000)
            self.fields[f"minutes-{r.pk}"] = StrictIntegerField(required=False, min_value=1, max_value=30)
            self.fields[f"decline-{r.pk}"] = forms.BooleanField(required=False)

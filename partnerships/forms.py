import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from accreditation.models import AreaOfExpertise, Organisation

from .models import CommitteeMeeting, CommitteeMember, Engagement, InquiryTopic, Unit


class DateInput(forms.DateInput):
    input_type = "date"


class NewOrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name in its original language"), max_length=300)
    name_en_fr = forms.CharField(label=_("Name in English or French"), max_length=300, required=False)
    acronym = forms.CharField(label=_("Acronym"), max_length=50, required=False)
    hq_city = forms.CharField(label=_("City"), max_length=120, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("E-mail"), required=False)
    areas = forms.ModelMultipleChoiceField(label=_("Areas of expertise"), queryset=AreaOfExpertise.objects.all(),
                                           required=False)
    note = forms.CharField(label=_("Note for the roster"), max_length=300, required=False)
    confirm_not_duplicate = forms.BooleanField(
        label=_("I have checked the possible duplicates: this is a different organisation"), required=False)


class EngagementForm(forms.ModelForm):
    class Meta:
        model = Engagement
        fields = ["kind", "title", "held_on", "location", "organisations", "other_participants",
                  "participant_count", "outcomes"]
        widgets = {"held_on": DateInput(), "outcomes": forms.Textarea(attrs={"rows": 4}),
                   "other_participants": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The roster first: the organisations a focal point works with.
        self.fields["organisations"].queryset = Organisation.objects.filter(roster_entries__team=team) \
            if team is not None else Organisation.objects.none()
        self.fields["organisations"].required = False
        self.fields["organisations"].help_text = _("Organisations from the country's roster.")


class CommitteeMemberForm(forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = ["name", "sector", "affiliation", "term_starts_on", "term_ends_on"]
        widgets = {"term_starts_on": DateInput(), "term_ends_on": DateInput()}


class CommitteeMeetingForm(forms.ModelForm):
    class Meta:
        model = CommitteeMeeting
        fields = ["held_on", "title", "minutes", "recommendations"]
        widgets = {"held_on": DateInput(), "minutes": forms.Textarea(attrs={"rows": 4}),
                   "recommendations": forms.Textarea(attrs={"rows": 3})}


class InquiryForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none())
    topic = forms.ChoiceField(label=_("Topic"), choices=InquiryTopic.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000)
    # A fresh token each time the form is shown: sending the same form twice makes one inquiry.
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_token"].initial = uuid.uuid4()
        qs = Organisation.objects.filter(memberships__user=user)
        self.fields["organisation"].queryset = qs
        if len(qs) == 1:
            self.fields["organisation"].initial = qs[0].pk


class InquiryActionForm(forms.Form):
    transition = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=10000)


class TrackerForm(forms.Form):
    transition = forms.ChoiceField(label=_("Change status"), required=False)
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.all(), required=False)
    note = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    evidence_url = forms.CharField(label=_("Evidence (link)"), max_length=300, required=False,
                                   help_text=_("A link to the feature or the decision that shows the status."))

    def __init__(self, *args, transitions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transition"].choices = [("", _("— no change —")), *[(t.name, t.label) for t in transitions]]

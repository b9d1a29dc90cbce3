from django import forms
from django.utils.translation import gettext_lazy as _

from .conf import conf
from .models import LifecycleEntry, QuadrennialReport


class ReportForm(forms.ModelForm):
    class Meta:
        model = QuadrennialReport
        fields = list(QuadrennialReport.SECTIONS)
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in QuadrennialReport.SECTIONS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits = conf("WORD_LIMITS")
        for name, field in self.fields.items():
            if limits.get(name):
                field.help_text = _("At most %(limit)s words.") % {"limit": limits[name]}
                field.widget.attrs["data-word-limit"] = limits[name]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class QuestionsForm(forms.Form):
    questions = forms.CharField(label=_("Questions to the organisation"), widget=forms.Textarea(attrs={"rows": 4}),
                                required=False)


class AnswersForm(forms.Form):
    answers = forms.CharField(label=_("Your answers to the Committee's questions"),
                              widget=forms.Textarea(attrs={"rows": 8}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=LifecycleEntry.Decision.choices,
                                 widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _


class SignupForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    username = forms.RegexField(
        label=_("Username"), max_length=150, regex=r"^[\w.@+-]+\Z",
        help_text=_("Letters, digits and @/./+/-/_ only."),
    )
    email = forms.EmailField(label=_("E-mail address"))
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                password_validation.validate_password(p1)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ProfileForm(forms.Form):
    """The person's own settings: the language of their e-mails (and of the pages)."""

    preferred_language = forms.ChoiceField(
        label=_("Language of my e-mails"), choices=settings.LANGUAGES,
        help_text=_("Reminders, notices and answers from the portal are written in this language."))


class ApiTokenForm(forms.Form):
    """A new personal API token: its name and what it may do."""

    name = forms.CharField(label=_("Token name"), max_length=100,
                           help_text=_("The system that will use it, e.g. “Our membership database”."))
    scope = forms.ChoiceField(label=_("What it may do"), choices=[
        ("read", _("Read only")), ("write", _("Read and write"))], initial="read")


def add_service_errors(form, exc):
    """Show a service's ValidationError on the form: field errors on their
    fields, the rest at the top. Nothing the user typed is lost."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ExportForm(forms.Form):
    """Parameters every export link accepts: the language of the document
    (any of the six; the reader's own by default)."""

    lang = forms.ChoiceField(label=_("Language"), required=False, choices=settings.LANGUAGES)

    def language(self, request):
        return self.cleaned_data.get("lang") or request.LANGUAGE_CODE


class OutboxPasswordResetForm(PasswordResetForm):
    """Password reset through the outbox: the request only queues the e-mail
    (a worker sends it), and the link is built from SITE_URL, never from the
    request's Host header."""

    def save(self, **kwargs):
        site = urlsplit(settings.SITE_URL)
        kwargs.update(domain_override=site.netloc, use_https=site.scheme == "https", request=None,
                      extra_email_context={**(kwargs.get("extra_email_context") or {}),
                                           "site_url": settings.SITE_URL.rstrip("/")})
        with transaction.atomic():
            super().save(**kwargs)
            if not any(self.get_users(self.cleaned_data["email"])):
                self._same_work_as_for_an_account(**kwargs)

    def _same_work_as_for_an_account(self, **kwargs):
        """No account for the address: render the e-mail anyway (and send
        nothing), so the answer takes about as long as for a real account."""
        from django.contrib.auth import get_user_model
        from django.template.loader import render_to_string

        placeholder = get_user_model()(username="placeholder", email=self.cleaned_data["email"])
        context = {"email": placeholder.email, "domain": kwargs["domain_override"], "site_name": "", "uid": "x",
                   "user": placeholder, "token": "x", "protocol": "https" if kwargs["use_https"] else "http",
                   **(kwargs.get("extra_email_context") or {})}
        render_to_string(kwargs.get("subject_template_name", "registration/password_reset_subject.txt"), context)
        render_to_string(kwargs.get("email_template_name", "registration/password_reset_email.html"), context)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        from . import outbox

        user = context["user"]
        outbox.enqueue_email(to=[to_email], subject_template=subject_template_name, body_template=email_template_name,
                             html_template=html_email_template_name or "", context=context,
                             language=user.preferred_language, from_email=from_email or "",
                             key=f"password-reset:{user.pk}:{context['token']}")

"""Two-step login: a time-based code (TOTP, any authenticator app) after the
password, with single-use recovery codes (django-otp's totp and static
devices).

- Mandatory for the roles in settings.TWO_FACTOR_REQUIRED_ROLES and for
  anyone with access to the admin site; optional for the others (NGOs).
- A session is verified once a code was given in it (django-otp's session
  key). Until then `TwoFactorMiddleware` lets through only the login steps:
  a person with an authenticator is sent to the code step, a person whose
  role needs one and who has none to the setup page; the API answers 403.
- Re-authentication: `needs_reauthentication(request)` is true when the
  password or a code was last given more than
  settings.REAUTHENTICATE_AFTER_MINUTES ago; `portal.confirm.confirmation(...,
  reauthenticate=True)` then asks for one before far-reaching actions
  (awards, adoption, publishing decisions and lists).
"""

from __future__ import annotations

import base64
import re
import time
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import DEVICE_ID_SESSION_KEY, match_token
from django_otp import login as otp_login

from . import services
from .forms import add_service_errors
from .security import AUTH_AT_KEY, safe_next

# Paths a half-logged-in person may reach (the login steps, public helpers).
OPEN_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/accounts/two-factor/", "/accounts/password_reset/",
                 "/accounts/reset/", "/accounts/signup/", "/accounts/verify/", "/i18n/", "/healthz", "/livez",
                 "/favicon.ico", "/static/", "/media/")
SETUP_PATH = "/accounts/two-factor/setup/"


def requires_two_factor(user) -> bool:
    return bool(user.is_authenticated and (user.role in settings.TWO_FACTOR_REQUIRED_ROLES
                                           or user.is_staff or user.is_superuser))


def confirmed_devices(user):
    from django_otp import devices_for_user

    return list(devices_for_user(user, confirmed=True))


def has_authenticator(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


NOT_NEEDED_KEY = "portal_two_factor_not_needed"


def is_verified(request) -> bool:
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def note_at_login(request, user) -> None:
    """At login: a person with no authenticator whose role does not need one
    owes no code in this session (no query on each request)."""
    if not requires_two_factor(user) and not has_authenticator(user):
        request.session[NOT_NEEDED_KEY] = True
    else:
        request.session.pop(NOT_NEEDED_KEY, None)


def mark_authenticated_now(request) -> None:
    request.session[AUTH_AT_KEY] = int(time.time())


def needs_reauthentication(request) -> bool:
    last = request.session.get(AUTH_AT_KEY)
    return last is None or time.time() - int(last) > settings.REAUTHENTICATE_AFTER_MINUTES * 60


def next_step_url(request, user, next_url: str) -> str | None:
    """Where a person who just gave the right password goes before `next_url`:
    the code step, the setup page, or nowhere (None)."""
    if has_authenticator(user):
        return f"{reverse('two-factor-verify')}?{urlencode({'next': next_url})}"
    if requires_two_factor(user):
        return f"{reverse('two-factor-setup')}?{urlencode({'next': next_url})}"
    return None


class TwoFactorMiddleware:
    """No page, admin page or API call for a session that still owes its code
    (or, for a role that needs one, its authenticator)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (session is not None and session.get("_auth_user_id") and not is_verified(request)
                and not session.get(NOT_NEEDED_KEY) and not request.path.startswith(OPEN_PREFIXES)):
            user = request.user
            if user.is_authenticated:
                step = None
                if has_authenticator(user):
                    step = "two-factor-verify"
                elif requires_two_factor(user):
                    step = "two-factor-setup"
                if step:
                    if request.path.startswith("/api/"):
                        return JsonResponse({"detail": _("Finish logging in with your two-step code first.")},
                                            status=403)
                    target = request.get_full_path() if request.method == "GET" else reverse("dashboard")
                    return redirect(f"{reverse(step)}?{urlencode({'next': target})}")
        return self.get_response(request)


# ------------------------------------------------------------------ forms

class CodeForm(forms.Form):
    token = forms.CharField(label=gettext_lazy("Code"), max_length=16, strip=True,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                          "autofocus": True}),
                            help_text=gettext_lazy("The 6-digit code your authenticator app shows now, "
                                                   "or one of your recovery codes."))


TOTP_CODE = re.compile(r"[0-9]{6}", re.ASCII)


class SetupForm(forms.Form):
    token = forms.CharField(label=gettext_lazy("Code from the app"), max_length=10, strip=True,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not TOTP_CODE.fullmatch(token):
            raise forms.ValidationError(gettext_lazy("This code is not right. Enter the code your app shows now."))
        return token


class ReauthForm(forms.Form):
    reauth_secret = forms.CharField(
        label=gettext_lazy("Your password or the code from your authenticator app"), max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}))

    def is_code(self) -> bool:
        """Six digits are a code (passwords are never all digits: NumericPasswordValidator)."""
        return bool(TOTP_CODE.fullmatch(self.cleaned_data["reauth_secret"].strip()))


# ------------------------------------------------------------------ views

def _next(request):
    return safe_next(request, request.POST.get("next") or request.GET.get("next"), reverse("dashboard"))


@login_required
def verify(request):
    """The second step of logging in: a code from the app or a recovery code."""
    next_url = _next(request)
    if is_verified(request):
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = "".join(form.cleaned_data["token"].split())
        device = match_token(request.user, token)
        if device is not None:
            otp_login(request, device)
            mark_authenticated_now(request)
            if device.__class__.__name__ == "StaticDevice":
                left = device.token_set.count()
                messages.warning(request, _("You used a recovery code; %(n)s are left. Make new ones on the "
                                            "two-step login page if you run short.") % {"n": left})
            return redirect(next_url)
        form.add_error("token", _("This code is not right, or it was used already. Wait for the next code and "
                                  "try again."))
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": next_url}, status=status)


def _qr_svg(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return img.to_string(encoding="unicode")


@login_required
def setup(request):
    """Set up the authenticator app: its key (as a QR code and as text), then a
    code from it to confirm; the recovery codes are shown once."""
    user = request.user
    next_url = _next(request)
    if has_authenticator(user) and request.method == "GET" and "replace" not in request.GET:
        if not is_verified(request):
            return redirect(f"{reverse('two-factor-verify')}?{urlencode({'next': next_url})}")
        from django_otp.plugins.otp_static.models import StaticToken

        return render(request, "registration/two_factor_manage.html", {
            "recovery_left": StaticToken.objects.filter(device__user=user).count(),
            "optional": not requires_two_factor(user)})
    if has_authenticator(user) and not is_verified(request):
        raise PermissionDenied
    device = services.two_factor_begin(user=user)
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.two_factor_confirm(user=user, device=device, token=form.cleaned_data["token"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            otp_login(request, device)
            mark_authenticated_now(request)
            return render(request, "registration/two_factor_codes.html", {"codes": codes, "next": next_url})
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "registration/two_factor_setup.html", {
        "form": form, "next": next_url, "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "qr": _qr_svg(device.config_url), "required": requires_two_factor(user)},
        status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def recovery_codes(request):
    if not is_verified(request):
        raise PermissionDenied
    try:
        codes = services.recovery_codes_renew(user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("two-factor-setup")
    return render(request, "registration/two_factor_codes.html", {"codes": codes, "next": reverse("dashboard")})


@login_required
@require_POST
def disable(request):
    from .confirm import confirmation

    if not is_verified(request):
        raise PermissionDenied
    page = confirmation(request, title=_("Turn off two-step login?"),
                        consequences=[_("Logging in will need only your password again."),
                                      _("Your recovery codes stop working.")],
                        confirm_label=_("Yes, turn it off"), cancel_url=reverse("two-factor-setup"),
                        reauthenticate=True)
    if page:
        return page
    services.two_factor_disable(user=request.user, by=request.user)
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    note_at_login(request, request.user)
    messages.success(request, _("Two-step login is off."))
    return redirect("profile")


# ------------------------------------------------------------------ re-authentication

def reauthenticate(request):
    """None when the session gave its password or a code recently enough (or
    gives one now, in the posted field `reauth_secret`); otherwise the page
    that asks for one, carrying the posted fields forward."""
    if not needs_reauthentication(request):
        return None
    form = ReauthForm(request.POST if "reauth_secret" in request.POST else None)
    if form.is_bound and form.is_valid():
        secret = form.cleaned_data["reauth_secret"]
        user = request.user
        ok = False
        if form.is_code():
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            ok = device is not None and device.verify_token(secret.strip())
        else:
            ok = authenticate(request, username=user.get_username(), password=secret) == user
        if ok:
            mark_authenticated_now(request)
            return None
        form.add_error("reauth_secret", _("This is not right. Enter your password or the current code."))
    fields = [(key, value) for key in request.POST for value in request.POST.getlist(key)
              if key not in ("csrfmiddlewaretoken", "reauth_secret", "confirmed")]
    return render(request, "registration/reauthenticate.html",
                  {"form": form, "fields": fields, "action_url": request.get_full_path()},
                  status=400 if form.is_bound else 200)


def api_needs_reauthentication(request) -> bool:
    """For API calls made with the browser's session (not with a token)."""
    from rest_framework.authentication import SessionAuthentication

    return (isinstance(getattr(request, "successful_authenticator", None), SessionAuthentication)
            and needs_reauthentication(request))

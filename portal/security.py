"""Login throttling and lockout, idle sessions, safe redirects and the
security headers of every response (README: Security).

- django-axes counts failed logins per account and per address (settings
  AXES_*): the login form, the admin's login and the API's tokens.
  When an account is locked out its owner is told by e-mail (through the
  outbox, in the same transaction as the audit row).
- Sessions end after a period without requests: shorter for staff.
- `safe_next(request, url)`: a redirect target only when it is on this site.
- Every response carries a Permissions-Policy; private pages, documents and
  the API are never stored by browsers or proxies (`Cache-Control: no-store`).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .roles import STAFF_ROLES

LAST_SEEN_KEY = "portal_last_seen"
AUTH_AT_KEY = "portal_auth_at"  # when the password or a code was last given (re-authentication)


# ------------------------------------------------------------------ lockout

def client_address(request) -> str:
    """The client's address: behind PROXY_COUNT reverse proxies, the entry
    they appended to X-Forwarded-For (what the client wrote itself is ignored)."""
    meta = getattr(request, "META", {}) or {}
    count = getattr(settings, "PROXY_COUNT", 0)
    if count:
        hops = [h.strip() for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= count:
            return hops[-count]
    return meta.get("REMOTE_ADDR", "") or ""


def axes_username(request, credentials) -> str:
    """The account a login attempt names: an e-mail address counts for its
    account's username, so switching between the two gains no attempts."""
    name = (credentials or {}).get("username") or ""
    if not name and request is not None:
        name = request.POST.get("username", "") if hasattr(request, "POST") else ""
    # No account has a longer name; the lockout records keep at most 255 characters.
    name = name.strip()[:254]
    if "@" in name:
        user = get_user_model().objects.filter(email__iexact=name).only("username").first()
        if user is not None:
            return user.username
    return name.lower() if "@" in name else name


def _lockout_handler(request, username, ip_address, **kwargs):
    """An account got locked out: tell its owner (once per lockout period)."""
    if not username:
        return
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None or not user.email:
        return
    from .services import account_lockout_alert

    account_lockout_alert(user=user, ip_address=ip_address or "")


def _connect_lockout_signal():
    from axes.signals import user_locked_out

    user_locked_out.connect(_lockout_handler, dispatch_uid="portal-lockout-alert")


_connect_lockout_signal()


# ------------------------------------------------------------------ idle sessions

def idle_timeout_seconds(user) -> int:
    staff = user.role in STAFF_ROLES or user.is_staff or user.is_superuser
    minutes = settings.SESSION_IDLE_TIMEOUT_STAFF_MINUTES if staff else settings.SESSION_IDLE_TIMEOUT_MINUTES
    return int(minutes * 60)


@receiver(user_logged_in, dispatch_uid="portal-session-clock")
def _start_session_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        from .twofactor import note_at_login

        now = int(time.time())
        request.session[LAST_SEEN_KEY] = now
        request.session[AUTH_AT_KEY] = now
        note_at_login(request, user)


class SessionIdleTimeoutMiddleware:
    """Log out a session idle longer than its role's limit; the next page is
    the login form, which says why. The clock is written at most once a
    minute (no session write on every request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            now = int(time.time())
            last = session.get(LAST_SEEN_KEY)
            user = request.user
            if user.is_authenticated:
                if last is not None and now - int(last) > idle_timeout_seconds(user):
                    logout(request)
                    messages.info(request, _("You were logged out after a period without activity. "
                                             "Log in again."))
                    if request.path.startswith("/api/"):
                        return self.get_response(request)
                    return redirect(f"{reverse('login')}?next={request.get_full_path()}"
                                    if request.method == "GET" else reverse("login"))
                if last is None or now - int(last) >= 60:
                    session[LAST_SEEN_KEY] = now
        return self.get_response(request)


# ------------------------------------------------------------------ redirects

def safe_next(request, url, default=None):
    """`url` when it points into this site, else `default` (a URL or a view name)."""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return default


# ------------------------------------------------------------------ headers

class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; `Cache-Control: no-store` on what
    is private: pages of a logged-in person, documents (attachments, files)
    and the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if request.path.startswith(settings.STATIC_URL):
            return response
        user = getattr(request, "user", None)
        private = (
            request.path.startswith("/api/")
            or response.has_header("Content-Disposition")
            or getattr(response, "streaming", False)
            or (user is not None and user.is_authenticated)
        )
        if private:
            add_never_cache_headers(response)
            response.headers["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


def lockout_window_key(user, now=None) -> str:
    """One alert per account and lockout period."""
    now = now or timezone.now()
    hours = float(settings.AXES_COOLOFF_TIME or 1)
    window = int(now.timestamp() // max(60, int(hours * 3600)))
    return f"account-locked:{user.pk}:{window}"


"""Personal API tokens on the REST API: authentication, read-only scope and
per-token throttling.

A client sends `Authorization: Bearer <secret>` (or `Token <secret>`). The
token's user acts with their own permissions; a read-only token is refused
any unsafe method (403); each token has its own request budget
(settings.API_TOKEN_THROTTLE_RATE)."""

import datetime

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerFieldExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken
from .services import api_token_hash

KEYWORDS = (b"bearer", b"token")
# Recording every use would write on every request: a minute's precision is enough.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class ApiTokenAuthentication(BaseAuthentication):
    """Personal tokens, under the same lockout as passwords: wrong tokens count
    as failed logins of the address; a locked-out address is refused (429)."""

    def authenticate(self, request):
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() not in KEYWORDS:
            return None
        from axes.handlers.proxy import AxesProxyHandler

        from .security import client_address

        django_request = request._request
        # Counted per address: a wrong token names no account.
        credentials = {"username": f"api-token:{client_address(django_request)}"}
        if AxesProxyHandler.is_locked(django_request, credentials):
            raise exceptions.Throttled(detail=_("Too many failed attempts from your address. Try again later."))
        try:
            return self._authenticate(request, auth)
        except exceptions.AuthenticationFailed:
            user_login_failed.send(sender=__name__, credentials=credentials, request=django_request)
            raise

    def _authenticate(self, request, auth):
        if len(auth) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header: give the token after the keyword."))
        try:
            secret = auth[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        token = (ApiToken.objects.select_related("user").filter(key_hash=api_token_hash(secret)).first())
        if token is None or token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is inactive."))
        if request.method not in SAFE_METHODS and not token.allows_writes:
            raise exceptions.PermissionDenied(_("This token is read only: it may not change anything."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token

    def authenticate_header(self, request):
        return "Bearer"


class ApiTokenThrottle(SimpleRateThrottle):
    """Each token has its own budget of requests (other clients are not throttled here)."""

    scope = "api_token"

    def get_rate(self):
        return getattr(settings, "API_TOKEN_THROTTLE_RATE", "1000/hour")

    def allow_request(self, request, view):
        # The rate may change with the settings (tests, operators): read it per request.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "portal.api_auth.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A personal API token, made on your settings page (/accounts/profile/)."}


class WorkflowActionsFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "portal.api.WorkflowActionsField"

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "array", "readOnly": True, "items": {
            "type": "object", "properties": {"name": {"type": "string"}, "label": {"type": "string"}},
            "required": ["name", "label"]},
            "description": "The transitions the caller may fire now, with their labels."}

"""Account services: NGO self sign-up with e-mail verification, and staff
accounts made by administrators."""

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit
from .roles import STAFF_ROLES, Role

VERIFY_SALT = "portal.email-verification"
VERIFY_MAX_AGE = 3 * 24 * 3600


def make_verification_token(user) -> str:
    return signing.dumps({"uid": user.pk, "email": user.email}, salt=VERIFY_SALT)


def user_signup(*, username: str, email: str, password: str, first_name: str = "",
                last_name: str = "", language: str = ""):
    User = get_user_model()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        # The page says the same as for a new account (nothing tells a stranger the address is
        # registered); the owner gets an e-mail explaining how to log in or reset the password.
        queue_signup_attempt_notice(existing)
        return None
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    user = User(username=username, email=email.lower(), first_name=first_name,
                last_name=last_name, role=Role.NGO, is_active=False,
                preferred_language=language)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            audit(actor=user, action="user.signup", obj=user, to_state="unverified")
            queue_verification_email(user)
    except IntegrityError:
        # The same sign-up sent twice at once: the database's unique keys decide, the loser hears why.
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError({"email": _("An account with this e-mail address already exists.")}) from None
        raise ValidationError({"username": _("This username is taken.")}) from None
    return user


def queue_signup_attempt_notice(user) -> None:
    """Someone signed up with the address of an existing account: tell its owner (one e-mail a day)."""
    from django.conf import settings
    from django.urls import reverse

    from . import outbox

    site = settings.SITE_URL.rstrip("/")
    with transaction.atomic():
        outbox.enqueue_email(to=[user.email], subject_template="registration/signup_exists_subject.txt",
                             body_template="registration/signup_exists.txt",
                             context={"user": user, "login": site + reverse("login"),
                                      "reset": site + reverse("password_reset")},
                             language=user.preferred_language,
                             key=f"signup-exists:{user.pk}:{timezone.now().date().isoformat()}")


def queue_verification_email(user) -> None:
    """The link that activates a new account, sent by a worker (SITE_URL, not
    the request's host)."""
    from django.conf import settings
    from django.urls import reverse

    from . import outbox

    link = settings.SITE_URL.rstrip("/") + reverse("verify-email", args=[make_verification_token(user)])
    outbox.enqueue_email(to=[user.email], subject_template="registration/verify_email_subject.txt",
                         body_template="registration/verify_email.txt", context={"user": user, "link": link},
                         language=user.preferred_language, key=f"verify-email:{user.pk}:{user.email}")


def user_verify_email(*, token: str):
    User = get_user_model()
    try:
        payload = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ValidationError(_("This verification link has expired. Sign up again or ask for a new link.")) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("This verification link is not valid.")) from exc
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=payload["uid"], email=payload["email"]).first()
        if user is None:
            raise ValidationError(_("This verification link is not valid."))
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.is_active = True
            user.save(update_fields=["email_verified_at", "is_active"])
            audit(actor=user, action="user.verify_email", obj=user, from_state="unverified", to_state="active")
    return user


def staff_user_create(*, by, username: str, email: str, role: str, password: str | None = None,
                      first_name: str = "", last_name: str = ""):
    if not by.has_role(Role.ADMIN):
        raise PermissionDenied(_("Only administrators create staff accounts."))
    if role not in STAFF_ROLES:
        raise ValidationError({"role": _("Choose a staff role.")})
    User = get_user_model()
    with transaction.atomic():
        user = User(username=username, email=email.lower(), role=role, first_name=first_name,
                    last_name=last_name, is_active=True, email_verified_at=timezone.now(),
                    is_staff=role in (Role.ADMIN, Role.SECRETARIAT), is_superuser=role == Role.ADMIN)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit(actor=by, action="user.create_staff", obj=user, to_state="active", data={"role": role})
    return user


def user_set_preferred_language(*, user, language: str, by):
    """The language the portal writes to this person in (e-mails, reminders)."""
    from django.conf import settings

    if by.pk != user.pk:
        raise PermissionDenied(_("You may change only your own settings."))
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"preferred_language": _("Choose one of the six languages.")})
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = user.preferred_language
        if before != language:
            user.preferred_language = language
            user.save(update_fields=["preferred_language"])
            audit(actor=by, action="user.set_language", obj=user, data={"from": before, "to": language})
    return user


# ------------------------------------------------------------------ strong login


def account_lockout_alert(*, user, ip_address: str = "") -> None:
    """Too many failed logins locked `user`'s account out: its owner is told
    (once per lockout period) and the event is in the audit log."""
    from django.conf import settings

    from . import outbox
    from .models import OutboxMessage
    from .security import lockout_window_key

    key = lockout_window_key(user)
    if OutboxMessage.objects.filter(key=key).exists():
        return  # told already in this lockout period
    with transaction.atomic():
        queued = outbox.enqueue([outbox.email(
            to=[user.email], subject_template="registration/account_locked_subject.txt",
            body_template="registration/account_locked.txt",
            context={"user": user, "ip_address": ip_address, "minutes": int(float(settings.AXES_COOLOFF_TIME) * 60),
                     "reset": settings.SITE_URL.rstrip("/") + "/accounts/password_reset/"},
            language=user.preferred_language, key=key)])
        if queued:
            audit(actor=None, action="user.locked_out", obj=user, data={"ip_address": ip_address})


def two_factor_begin(*, user):
    """The authenticator being set up: one unconfirmed TOTP device (made once, kept until confirmed)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


def two_factor_confirm(*, user, device, token: str) -> list[str]:
    """Confirm the authenticator with a code from it; it replaces any earlier
    one. Returns new recovery codes (shown once)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(token):
            raise ValidationError({"token": _("This code is not right. Enter the code your app shows now.")})
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        audit(actor=user, action="user.two_factor_enabled", obj=user)
    return codes


def recovery_codes_renew(*, user) -> list[str]:
    """New recovery codes; the earlier ones stop working."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("Set up an authenticator app first."))
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit(actor=user, action="user.recovery_codes_renewed", obj=user)
    return codes


def two_factor_disable(*, user, by):
    """Turn two-step login off: only where it is optional (not for staff roles)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .twofactor import requires_two_factor

    if by.pk != user.pk or requires_two_factor(user):
        raise PermissionDenied(_("Two-step login is required for your role."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit(actor=by, action="user.two_factor_disabled", obj=user)


def _new_recovery_codes(user) -> list[str]:
    from django.conf import settings
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Recovery codes"), confirmed=True)
    codes = [StaticToken.random_token() for _i in range(settings.RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


# ----------------------------------------------------------- personal API tokens

API_TOKEN_MAX_ACTIVE = 20


def api_token_hash(secret: str) -> str:
    import hashlib

    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, user, by, name: str, scope: str):
    """Make a token for `user` (only for oneself). Returns (token, secret):
    the secret is shown once and never stored."""
    import secrets

    from .models import ApiToken

    if by.pk != user.pk:
        raise PermissionDenied(_("You may make tokens only for yourself."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the token (e.g. the system that will use it).")})
    if len(name) > 100:
        raise ValidationError({"name": _("Keep the name within 100 characters.")})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Choose read only or read and write.")})
    with transaction.atomic():
        User = get_user_model()
        User.objects.select_for_update().get(pk=user.pk)
        if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= API_TOKEN_MAX_ACTIVE:
            raise ValidationError(_("You have %(n)s active tokens: revoke one before making another.")
                                  % {"n": API_TOKEN_MAX_ACTIVE})
        prefix = secrets.token_hex(4)
        secret = f"ngo_{prefix}_{secrets.token_urlsafe(32)}"
        token = ApiToken.objects.create(user=user, name=name, scope=scope, prefix=prefix,
                                        key_hash=api_token_hash(secret))
        audit(actor=by, action="api_token.create", obj=token, to_state="active",
              data={"name": name, "scope": scope, "prefix": prefix})
    return token, secret


def api_token_revoke(*, token, by):
    from .models import ApiToken

    if by.pk != token.user_id:
        raise PermissionDenied(_("You may revoke only your own tokens."))
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at:
            raise ValidationError(_("This token is already revoked."))
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit(actor=by, action="api_token.revoke", obj=token, from_state="active", to_state="revoked",
              data={"name": token.name, "prefix": token.prefix})
    return token

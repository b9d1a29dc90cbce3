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
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})
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

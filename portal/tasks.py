from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Heartbeat


@shared_task
def heartbeat():
    """Periodic proof that beat and a worker run; /healthz shows it."""
    Heartbeat.objects.update_or_create(name="beat", defaults={"last_seen": timezone.now()})


@shared_task
def send_verification_email(user_id: int):
    from .services import make_verification_token

    user = get_user_model().objects.filter(pk=user_id, email_verified_at__isnull=True).first()
    if user is None:  # already verified, or gone: nothing to send
        return
    link = settings.SITE_URL.rstrip("/") + reverse("verify-email", args=[make_verification_token(user)])
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {"user": user, "link": link}
        subject = render_to_string("registration/verify_email_subject.txt", context).strip()
        body = render_to_string("registration/verify_email.txt", context)
    send_mail(subject, body, None, [user.email])


@shared_task
def ping(value):
    """Round-trip check of the broker and a worker."""
    return value


@shared_task(name="portal.tasks.send_notification")
def send_notification(name: str, object_id: int, data: dict | None = None):
    """Send one message of portal.notifications (ids in, rows re-read)."""
    from .notifications import deliver

    return deliver(name, object_id, data)

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Inquiry
from .workflow import INQUIRY


def _mail(inquiry, template):
    user = inquiry.submitted_by
    link = settings.SITE_URL.rstrip("/") + reverse("partnerships:inquiry-detail", args=[inquiry.pk])
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {"inquiry": inquiry, "user": user, "link": link,
                   "state": INQUIRY.public_label(inquiry.state),
                   "last_message": inquiry.messages.filter(from_staff=True).last()}
        subject = render_to_string(f"partnerships/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"partnerships/email/{template}.txt", context)
        language = translation.get_language()
    EmailMessage(subject, body, None, [user.email], headers={"Content-Language": language}).send()


@shared_task
def send_inquiry_acknowledgement(inquiry_id: int):
    """Acknowledge receipt once (idempotent: a second run sends nothing)."""
    with transaction.atomic():
        inquiry = (Inquiry.objects.select_for_update().select_related("submitted_by", "unit")
                   .filter(pk=inquiry_id, acknowledgement_sent_at__isnull=True).first())
        if inquiry is None:
            return
        _mail(inquiry, "acknowledgement")
        Inquiry.objects.filter(pk=inquiry_id).update(acknowledgement_sent_at=timezone.now())


@shared_task
def send_inquiry_update(inquiry_id: int):
    inquiry = Inquiry.objects.select_related("submitted_by", "unit").filter(pk=inquiry_id).first()
    if inquiry is not None:
        _mail(inquiry, "update")

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .documents import badge_pdf
from .models import Registration


@shared_task
def send_registration_notice(registration_id: int):
    """Tell the representative their registration is confirmed (pass ready) or
    that a place freed for them. Idempotent: each state is announced once."""
    with transaction.atomic():
        reg = (Registration.objects.select_for_update(of=("self",))
               .select_related("meeting", "representative", "representative__user", "organisation")
               .filter(pk=registration_id).first())
        if reg is None or reg.state == reg.notified_state:
            return
        if reg.state not in (Registration.State.CONFIRMED, Registration.State.REQUESTED,
                             Registration.State.APPROVED):
            return
        user = reg.representative.user
        email = reg.representative.email or (user.email if user else "")
        if email:
            lang = (user.preferred_language if user else "") or settings.LANGUAGE_CODE
            with translation.override(lang):
                context = {"registration": reg, "meeting": reg.meeting,
                           "link": settings.SITE_URL.rstrip("/") + reverse("participation:my-registrations")}
                subject = render_to_string("participation/email/notice_subject.txt", context).strip()
                body = render_to_string("participation/email/notice.txt", context)
                message = EmailMessage(subject, body, None, [email],
                                       headers={"Content-Language": translation.get_language()})
                if reg.state == Registration.State.CONFIRMED:
                    # The pass itself travels with the confirmation.
                    check_in = settings.SITE_URL.rstrip("/") + reverse("participation:check-in") + (
                        f"?code={reg.badge_code}")
                    message.attach(f"pass-{reg.badge_code}.pdf", badge_pdf(reg, check_in_url=check_in),
                                   "application/pdf")
            message.send()
        reg.notified_state = reg.state
        reg.save(update_fields=["notified_state"])

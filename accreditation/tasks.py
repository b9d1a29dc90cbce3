"""Celery tasks: ids in, a service call, idempotent."""

from celery import shared_task


@shared_task(name="accreditation.tasks.run_automatic_checks")
def run_automatic_checks(application_id: int):
    from .services import application_run_automatic_checks

    app = application_run_automatic_checks(application_id=application_id)
    return app.state if app else None


@shared_task(name="accreditation.tasks.close_unanswered_applications")
def close_unanswered_applications():
    from .services import close_unanswered_applications as close

    return close()


@shared_task(name="accreditation.tasks.notify_information_request")
def notify_information_request(request_id: int):
    """E-mail the organisation's people a question put to it. Claims the
    request first, so a second run of the task sends nothing."""
    from django.conf import settings
    from django.core.mail import send_mass_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import timezone, translation

    from .models import InformationRequest

    claimed = InformationRequest.objects.filter(pk=request_id, notified_at__isnull=True,
                                                answered_at__isnull=True).update(notified_at=timezone.now())
    if not claimed:
        return 0
    req = InformationRequest.objects.select_related("application__organisation").get(pk=request_id)
    org = req.application.organisation
    link = settings.SITE_URL.rstrip("/") + reverse("accreditation:application", args=[req.application_id])
    messages = []
    for user in org.members.filter(is_active=True).exclude(email=""):
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            context = {"request": req, "organisation": org, "link": link, "user": user,
                       "asked_by": req.get_source_display()}
            subject = render_to_string("accreditation/email/information_request_subject.txt", context).strip()
            body = render_to_string("accreditation/email/information_request.txt", context)
        messages.append((subject, body, None, [user.email]))
    return send_mass_mail(messages, fail_silently=False) if messages else 0

"""Celery tasks: ids in, idempotent."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accreditation.models import OrganisationMembership

from .models import ReportReminder


@shared_task
def quadrennial_reminder_sweep():
    """Daily (django-celery-beat): send the reminders due today."""
    from .services import reminder_sweep

    return reminder_sweep()


def report_link(report_id: int) -> str:
    """Absolute link to the report, built without an HTTP request."""
    return settings.SITE_URL.rstrip("/") + reverse("quadrennial:report", args=[report_id])


@shared_task
def send_reminder_emails(reminder_ids: list[int]):
    """E-mail the given reminders to their organisations' representatives.
    Claims each reminder (emailed_at) before sending, so a task delivered
    twice sends nothing the second time."""
    with transaction.atomic():
        claimed = list(ReportReminder.objects.select_for_update(skip_locked=True)
                       .filter(pk__in=reminder_ids, emailed_at__isnull=True)
                       .select_related("report", "organisation"))
        if not claimed:
            return 0
        ReportReminder.objects.filter(pk__in=[r.pk for r in claimed]).update(emailed_at=timezone.now())
    recipients = {}
    for org_id, email, language in (OrganisationMembership.objects
                                    .filter(organisation_id__in={r.organisation_id for r in claimed},
                                            user__is_active=True)
                                    .values_list("organisation_id", "user__email", "user__preferred_language")):
        recipients.setdefault(org_id, []).append((email, language))
    messages, counts = [], {}
    for reminder in claimed:
        people = list(recipients.get(reminder.organisation_id, []))
        if reminder.organisation.email and reminder.organisation.email not in {e for e, _l in people}:
            people.append((reminder.organisation.email, ""))
        counts[reminder.pk] = len(people)
        context = {"reminder": reminder, "report": reminder.report, "organisation": reminder.organisation,
                   "link": report_link(reminder.report_id), "days_after": -reminder.days}
        by_language = {}
        for email, language in people:
            by_language.setdefault(language or settings.LANGUAGE_CODE, []).append(email)
        for language, emails in by_language.items():  # rendered once per language
            with translation.override(language):
                subject = render_to_string("quadrennial/email/reminder_subject.txt", context).strip()
                body = render_to_string("quadrennial/email/reminder.txt", context)
                html = render_to_string("quadrennial/email/reminder.html", context)
            for email in emails:  # one message per person: addresses stay private
                msg = EmailMultiAlternatives(subject, body, None, [email])
                msg.attach_alternative(html, "text/html")
                messages.append(msg)
    if messages:
        get_connection().send_messages(messages)
    by_count = {}
    for pk, n in counts.items():
        by_count.setdefault(min(n, 32767), []).append(pk)
    for n, pks in by_count.items():  # one query per distinct count, not per reminder
        ReportReminder.objects.filter(pk__in=pks).update(recipients=n)
    return len(messages)

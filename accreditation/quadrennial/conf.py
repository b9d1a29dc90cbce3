"""Quadrennial reporting rules that are configuration, not code.

Override any key with a ``QUADRENNIAL`` dict in the Django settings, e.g.
``QUADRENNIAL = {"REMINDER_DAYS_BEFORE": (120, 30)}``. The daily time of the
reminder sweep itself is django-celery-beat data, edited by staff in the admin.
"""

from django.conf import settings

DEFAULTS = {
    # A report covers the four calendar years after the year status was
    # granted (or the previous report period) and is due on this day of the
    # following year (ECOSOC practice: 1 June).
    "PERIOD_YEARS": 4,
    "DUE_MONTH": 6,
    "DUE_DAY": 1,
    # Reminder steps: days before the due date, and days after it.
    "REMINDER_DAYS_BEFORE": (180, 90, 30, 7),
    "REMINDER_DAYS_AFTER": (1, 30, 90),
    # Word limit of each section of the report (counted with portal.text.count_words).
    "WORD_LIMITS": {
        "aims_and_changes": 500,
        "participation_in_meetings": 500,
        "cooperation_with_un": 500,
        "development_goals": 500,
        "other_activities": 300,
    },
    # Suspension lasts this long before the status is withdrawn.
    "SUSPENSION_MONTHS": 12,
    # Organisations handled per batch by the reminder sweep.
    "SWEEP_BATCH_SIZE": 1000,
}


def conf(key: str):
    return {**DEFAULTS, **getattr(settings, "QUADRENNIAL", {})}[key]

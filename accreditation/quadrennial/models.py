"""Quadrennial reports, the reminders sent about them, and the committee's
lifecycle lists (suspension, reinstatement, withdrawal)."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class QuadrennialReport(models.Model):
    """The report an organisation in general or special status owes for one
    four-year period. The sweep creates it (as a draft) when the first
    reminder is due, or the NGO opens it from its reports page."""

    organisation = models.ForeignKey("accreditation.Organisation", verbose_name=_("organisation"),
                                     on_delete=models.CASCADE, related_name="quadrennial_reports")
    period_start = models.PositiveSmallIntegerField(_("first year covered"))
    period_end = models.PositiveSmallIntegerField(_("last year covered"))
    due_on = models.DateField(_("due on"))
    state = models.CharField(_("state"), max_length=12, default="draft", db_index=True)

    aims_and_changes = models.TextField(_("aims of the organisation and any significant changes"), blank=True)
    participation_in_meetings = models.TextField(
        _("participation in the work of the UN: meetings attended"), blank=True)
    cooperation_with_un = models.TextField(
        _("cooperation with UN bodies, funds, programmes and specialised agencies"), blank=True)
    development_goals = models.TextField(
        _("initiatives in support of the internationally agreed development goals"), blank=True)
    other_activities = models.TextField(_("other relevant activities"), blank=True)

    submitted_on = models.DateField(_("filed on"), null=True, blank=True,
                                    help_text=_("Date the report was first submitted."))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    secretariat_note = models.TextField(_("note from the Secretariat"), blank=True)
    questions = models.TextField(_("questions from the Committee"), blank=True)
    answers = models.TextField(_("answers to the Committee's questions"), blank=True)
    session = models.ForeignKey("accreditation.Session", verbose_name=_("considered at session"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="quadrennial_reports")
    noted_on = models.DateField(_("taken note of on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SECTIONS = ("aims_and_changes", "participation_in_meetings", "cooperation_with_un", "development_goals",
                "other_activities")

    class Meta:
        verbose_name = _("quadrennial report")
        verbose_name_plural = _("quadrennial reports")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "period_start"], name="uniq_quadrennial_period",
                                    violation_error_message=_("The organisation already has a report for this period.")),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="quadrennial_period_ordered",
                                   violation_error_message=_("A reporting period cannot end before it starts.")),
        ]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self):
        return _("Quadrennial report %(start)s–%(end)s of %(org)s") % {
            "start": self.period_start, "end": self.period_end, "org": self.organisation_id}

    def get_absolute_url(self):
        return reverse("quadrennial:report", args=[self.pk])

    @property
    def period_label(self):
        return f"{self.period_start}–{self.period_end}"

    @property
    def is_filed(self) -> bool:
        return self.submitted_on is not None


class ReportReminder(models.Model):
    """One reminder step sent about one report. The unique constraint makes
    the sweep send each step exactly once, however many sweeps run: a sweep
    inserts first (tagged with its own run token), then sends only the rows
    it inserted, after commit."""

    organisation = models.ForeignKey("accreditation.Organisation", on_delete=models.CASCADE,
                                     related_name="quadrennial_reminders")
    report = models.ForeignKey(QuadrennialReport, on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField(_("step"), max_length=20)  # e.g. "before-90", "after-30"
    days = models.SmallIntegerField(_("days before the due date"),
                                    help_text=_("Negative after the due date."))
    due_on = models.DateField(_("due on"))
    run = models.UUIDField(_("sweep run"), default=uuid.uuid4, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("quadrennial report reminder")
        verbose_name_plural = _("quadrennial report reminders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "report", "step"], name="uniq_quadrennial_reminder",
                                    violation_error_message=_("This reminder has already been sent for the report.")),
        ]

    def __str__(self):
        return f"{self.report_id} {self.step}"

    @property
    def is_overdue_notice(self) -> bool:
        return self.days < 0


class LifecycleEntry(models.Model):
    """An organisation on one of a session's lifecycle lists. The committee
    records its decision during the session (pending, changeable); the
    secretariat publishes all decisions together at the end of the session,
    which executes them through accreditation.status."""

    class Kind(models.TextChoices):
        SUSPEND = "suspend", _("Suspension")
        REINSTATE = "reinstate", _("Reinstatement")
        WITHDRAW = "withdraw", _("Withdrawal")

    session = models.ForeignKey("accreditation.Session", verbose_name=_("session"), on_delete=models.PROTECT,
                                related_name="lifecycle_entries")
    organisation = models.ForeignKey("accreditation.Organisation", verbose_name=_("organisation"),
                                     on_delete=models.CASCADE, related_name="lifecycle_entries")
    kind = models.CharField(_("list"), max_length=10, choices=Kind.choices)
    report = models.ForeignKey(QuadrennialReport, verbose_name=_("report concerned"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="lifecycle_entries")
    class Decision(models.TextChoices):
        AGREE = "agree", _("Agreed: carry out")
        DECLINE = "decline", _("Not agreed: no change")

    state = models.CharField(_("state"), max_length=10, default="listed", db_index=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    note = models.TextField(_("committee note"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Why the entry was dropped or turned when it was re-checked at publication.
    recheck_note = models.TextField(_("re-checked at publication"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lifecycle list entry")
        verbose_name_plural = _("lifecycle list entries")
        ordering = ["kind", "organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "organisation", "kind"], name="uniq_lifecycle_entry",
                                    violation_error_message=_("The organisation is already on this list for the session.")),
        ]

    def __str__(self):
        return f"{self.session_id} {self.kind} {self.organisation_id}"

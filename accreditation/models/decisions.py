"""Consolidated lists (frozen versions per session), committee decisions
(pending during the session, published at its end, effective on adoption)
and the small organisation workflows: change of name, reclassification, merger."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..workflow import ORGANISATION_CHANGE


class ConsolidatedList(models.Model):
    session = models.ForeignKey("accreditation.Session", on_delete=models.PROTECT, related_name="consolidated_lists")
    version = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        verbose_name = _("consolidated list")
        verbose_name_plural = _("consolidated lists")
        ordering = ["session__starts_on", "version"]
        constraints = [models.UniqueConstraint(fields=["session", "version"], name="uniq_list_version",
                                               violation_error_message=_("This session already has a consolidated list with this version number."))]

    def __str__(self):
        return f"{self.session} — v{self.version}"

    @property
    def is_published(self):
        return self.published_at is not None


class ConsolidatedListEntry(models.Model):
    """A frozen copy of what the list said about one application."""

    consolidated_list = models.ForeignKey(ConsolidatedList, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey("accreditation.Application", on_delete=models.PROTECT, related_name="list_entries")
    position = models.PositiveIntegerField()
    organisation_name = models.CharField(max_length=300)
    acronym = models.CharField(max_length=50, blank=True)
    country_name = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    requested_category = models.CharField(max_length=10, blank=True)
    carried_over = models.BooleanField(default=False)
    times_deferred = models.PositiveSmallIntegerField(default=0)
    recommendation = models.CharField(max_length=20, blank=True)
    recommendation_reason = models.TextField(blank=True)
    summary = models.JSONField(default=list, blank=True)  # [{"criterion", "result", "note"}]

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["consolidated_list", "application"], name="uniq_list_entry",
                                               violation_error_message=_("This application is already on this version of the list."))]
        indexes = [models.Index(fields=["consolidated_list", "position"], name="list_entry_position")]

    def __str__(self):
        return f"{self.position}. {self.organisation_name}"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        GENERAL = "general", _("Recommend general consultative status")
        SPECIAL = "special", _("Recommend special consultative status")
        ROSTER = "roster", _("Recommend roster status")
        DEFER = "defer", _("Defer")
        CLOSE = "close", _("Close without prejudice")
        REJECT = "reject", _("Reject")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending (recorded during the session)")
        PUBLISHED = "published", _("Published")
        ADOPTED = "adopted", _("Adopted")

    application = models.ForeignKey("accreditation.Application", on_delete=models.PROTECT, related_name="decisions")
    session = models.ForeignKey("accreditation.Session", on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    reason = models.TextField(_("reason"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adoption_reference = models.CharField(_("adoption reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")
        ordering = ["session__starts_on", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "session"], name="uniq_decision_per_session",
                                               violation_error_message=_("A decision on this application is already recorded for this session: change it instead."))]

    def __str__(self):
        return f"{self.application_id}: {self.get_outcome_display()} ({self.state})"


class OrganisationChange(models.Model):
    """A change of name, a reclassification or a merger: each a small workflow."""

    class Kind(models.TextChoices):
        NAME = "name", _("Change of name")
        RECLASSIFICATION = "reclassification", _("Reclassification")
        MERGER = "merger", _("Merger")

    organisation = models.ForeignKey("accreditation.Organisation", on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=20, choices=ORGANISATION_CHANGE.choices, default="requested")
    new_name = models.CharField(_("new name"), max_length=300, blank=True)
    new_category = models.CharField(_("category sought"), max_length=10, blank=True,
                                    choices=[("general", _("General")), ("special", _("Special")),
                                             ("roster", _("Roster"))])
    merged_into = models.ForeignKey("accreditation.Organisation", verbose_name=_("merged into"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    explanation = models.TextField(_("explanation"), blank=True)
    decision_reason = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation change")
        verbose_name_plural = _("organisation changes")
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.organisation}"

"""Intergovernmental bodies, the committees that review applications for
them, and those committees' sessions. All data, editable by staff."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.i18n import ByLanguage


class BodyQuerySet(models.QuerySet):
    def accepting_applications(self, today=None):
        """Bodies that take applications: only from a recorded decision
        (its reference and date), never by default."""
        today = today or timezone.localdate()
        return self.filter(access_decided_on__isnull=False, access_decided_on__lte=today)


class Body(models.Model):
    class Kind(models.TextChoices):
        ECOSOC = "ecosoc", _("Economic and Social Council")
        ECOSOC_SUBSIDIARY = "ecosoc_subsidiary", _("ECOSOC subsidiary body")
        FUNCTIONAL_COMMISSION = "functional_commission", _("Functional commission")
        GA_PLENARY = "ga_plenary", _("General Assembly plenary")
        GA_COMMITTEE = "ga_committee", _("General Assembly main committee")
        SECURITY_COUNCIL = "security_council", _("Security Council")
        CONFERENCE = "conference", _("Conference or special session")
        DPI = "dpi", _("Department of Public Information")

    class Track(models.TextChoices):
        INTERGOVERNMENTAL = "intergovernmental", _("Accreditation to intergovernmental bodies")
        DPI = "dpi", _("Association with the Department of Public Information")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    track = models.CharField(_("track"), max_length=20, choices=Track.choices, default=Track.INTERGOVERNMENTAL)
    parent = models.ForeignKey("self", verbose_name=_("parent body"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    # Which committee reviews applications for access to this body (¶28–30): data, not code.
    deciding_committee = models.ForeignKey("Committee", verbose_name=_("deciding committee"), null=True,
                                           blank=True, on_delete=models.PROTECT, related_name="bodies")
    # The body whose decision governs access to this one and which adopts the
    # reviewing committee's recommendations (ECOSOC for its own family, the
    # General Assembly for its plenary and main committees).
    deciding_body = models.ForeignKey("self", verbose_name=_("deciding body"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="decides_for")
    # Applications are accepted only from a recorded decision (¶25–28): no
    # decision, no applications.
    access_decision = models.CharField(_("decision opening it to applications"), max_length=200, blank=True,
                                       help_text=_("The decision's reference, e.g. a resolution."))
    access_decided_on = models.DateField(_("date of that decision"), null=True, blank=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("intergovernmental body")
        verbose_name_plural = _("intergovernmental bodies")
        ordering = [ByLanguage("name", translated=True)]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(access_decided_on__isnull=True) | ~models.Q(access_decision=""),
                name="body_access_decision_has_reference",
                violation_error_message=_("Give the reference of the decision that opens this body to "
                                          "applications.")),
        ]

    def __str__(self):
        return self.name

    def accepts_applications(self, today=None) -> bool:
        today = today or timezone.localdate()
        return bool(self.access_decision and self.access_decided_on and self.access_decided_on <= today)


class CodeOfConduct(models.Model):
    """A code of conduct adopted by a deciding body (¶34: Member States "may
    explore" one). Applications for that body's family must accept it; where
    no body has adopted one, none is asked for."""

    body = models.ForeignKey(Body, verbose_name=_("adopted by"), on_delete=models.PROTECT,
                             related_name="codes_of_conduct")
    text = models.TextField(_("text"))
    decision = models.CharField(_("decision adopting it"), max_length=200)
    adopted_on = models.DateField(_("adopted on"))

    class Meta:
        verbose_name = _("code of conduct")
        verbose_name_plural = _("codes of conduct")
        ordering = ["-adopted_on", "id"]

    def __str__(self):
        return f"{self.body.name} — {self.decision}"


class Committee(models.Model):
    """A deciding committee (today ECOSOC's 19-member Committee on NGOs) and
    the body that adopts its recommendations."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    adopting_body = models.ForeignKey(Body, verbose_name=_("adopting body"), on_delete=models.PROTECT,
                                      related_name="adopts_for")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True,
                                     related_name="committees")

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = [ByLanguage("name", translated=True)]

    def __str__(self):
        return self.name


class Session(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular session (January–February)")
        RESUMED = "resumed", _("Resumed session (May–June)")

    committee = models.ForeignKey(Committee, verbose_name=_("committee"), on_delete=models.PROTECT,
                                  related_name="sessions")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # Decisions are recorded as pending during the session and published together at its end.
    decisions_published_at = models.DateTimeField(_("decisions published at"), null=True, blank=True)
    decisions_adopted_on = models.DateField(_("decisions adopted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee session")
        verbose_name_plural = _("committee sessions")
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "kind"], name="uniq_session_per_kind",
                                    violation_error_message=_("This committee already has a session of this kind in this year.")),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="session_dates_ordered",
                                   violation_error_message=_("The session cannot end before it starts.")),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        """"Committee on Non-Governmental Organizations — 2027 regular session", in the reader's language."""
        template = SESSION_TITLES.get(self.kind, SESSION_TITLES[self.Kind.REGULAR])
        return template % {"committee": self.committee.name, "year": self.year}


SESSION_TITLES = {
    Session.Kind.REGULAR: _("%(committee)s — %(year)s regular session"),
    Session.Kind.RESUMED: _("%(committee)s — %(year)s resumed session"),
}

"""Criteria set by the intergovernmental bodies (¶31): data, versioned per
deciding body, published on a public page, applied by the Secretariat."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CriteriaSet(models.Model):
    """One published version of a deciding body's criteria. Applications keep
    the version they were pre-screened against."""

    body = models.ForeignKey("accreditation.Body", verbose_name=_("deciding body"), on_delete=models.PROTECT,
                             related_name="criteria_sets")
    version = models.PositiveIntegerField(_("version"))
    published_on = models.DateField(_("published on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("criteria version")
        verbose_name_plural = _("criteria versions")
        ordering = ["body__name", "-version"]
        constraints = [models.UniqueConstraint(fields=["body", "version"], name="uniq_criteria_version",
                                               violation_error_message=_("This body already has criteria with this version number."))]

    def __str__(self):
        return f"{self.body} v{self.version}"


class Criterion(models.Model):
    class Check(models.TextChoices):
        MANUAL = "manual", _("Checked by an officer")
        REGISTERED_TWO_YEARS = "registered_two_years", _("Registered with a government for at least 2 years")
        HQ_NOT_PO_BOX = "hq_not_po_box", _("Established headquarters, not a P.O. box")
        DOCUMENTS_PRESENT = "documents_present", _("Required documents present")
        NON_GOVERNMENTAL_FUNDING = "non_governmental_funding", _("Most funds from non-governmental sources")

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("code"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    check_kind = models.CharField(_("how it is checked"), max_length=30, choices=Check.choices, default=Check.MANUAL)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="uniq_criterion_code",
                                               violation_error_message=_("This set of criteria already has a criterion with this code."))]

    def __str__(self):
        return self.title

    @property
    def is_automatic(self):
        return self.check_kind != self.Check.MANUAL

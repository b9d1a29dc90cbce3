from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Donor(models.Model):
    class Kind(models.TextChoices):
        MEMBER_STATE = "member_state", _("Member State")
        FOUNDATION = "foundation", _("Foundation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="donors", blank=True,
                                   verbose_name=_("users"))

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["name"]

    def __str__(self):
        return self.name

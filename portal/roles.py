"""The roles of the portal's users, one place for their names and homes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NGO = "ngo", _("NGO representative")
    SECRETARIAT = "secretariat", _("Secretariat officer")
    COMMITTEE = "committee", _("Committee member")
    BOARD = "board", _("Fund board member")
    DONOR = "donor", _("Donor")
    FOCAL_POINT = "focalpoint", _("Country focal point")
    ADMIN = "admin", _("Administrator")


# Roles that only administrators create (NGO people sign up themselves).
STAFF_ROLES = {Role.SECRETARIAT, Role.COMMITTEE, Role.BOARD, Role.DONOR, Role.FOCAL_POINT, Role.ADMIN}

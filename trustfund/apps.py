from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrustfundConfig(AppConfig):
    name = "trustfund"
    verbose_name = _("Trust fund")

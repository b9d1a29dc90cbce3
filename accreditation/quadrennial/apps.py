from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuadrennialConfig(AppConfig):
    """Quadrennial reports and the status lifecycle (suspension, reinstatement,
    withdrawal): part of accreditation, its own app label so its tables and
    migrations stand apart."""

    name = "accreditation.quadrennial"
    label = "quadrennial"
    verbose_name = _("Quadrennial reports")

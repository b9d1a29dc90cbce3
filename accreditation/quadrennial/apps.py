from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuadrennialConfig(AppConfig):
    """Quadrennial reports and the status lifecycle (suspension, reinstatement,
    withdrawal): part of accreditation, its own app label so its tables and
    migrations stand apart."""

    name = "accreditation.quadrennial"
    label = "quadrennial"
    verbose_name = _("Quadrennial reports")

    def ready(self):
        from portal.navigation import NAV, NavItem
        from portal.roles import Role
        from portal.views import DASHBOARD_PANELS

        from . import panels, rules  # noqa: F401

        NAV.extend([
            NavItem(_("Quadrennial reports"), "quadrennial:mine", frozenset({Role.NGO}), order=40),
            NavItem(_("Quadrennial reports"), "quadrennial:secretariat", frozenset({Role.SECRETARIAT, Role.ADMIN}),
                    order=40),
            NavItem(_("Quadrennial reports"), "quadrennial:committee", frozenset({Role.COMMITTEE}), order=40),
        ])
        DASHBOARD_PANELS[Role.NGO].append(panels.ngo_panel)
        DASHBOARD_PANELS[Role.SECRETARIAT].append(panels.secretariat_panel)
        DASHBOARD_PANELS[Role.ADMIN].append(panels.secretariat_panel)
        DASHBOARD_PANELS[Role.COMMITTEE].append(panels.committee_panel)

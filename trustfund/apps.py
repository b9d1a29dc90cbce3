from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrustfundConfig(AppConfig):
    name = "trustfund"
    verbose_name = _("Trust fund")

    def ready(self):
        from portal.navigation import NAV, NavItem
        from portal.roles import Role
        from portal.views import DASHBOARD_PANELS

        from . import panels, rules  # noqa: F401

        NAV.extend([
            NavItem(_("Trust funds"), "trustfund:funds",
                    frozenset({Role.SECRETARIAT, Role.ADMIN, Role.BOARD, Role.DONOR}), order=400),
            NavItem(_("Travel grants"), "trustfund:calls",
                    frozenset({Role.NGO, Role.SECRETARIAT, Role.ADMIN, Role.BOARD}), order=410),
            NavItem(_("Grant applications"), "trustfund:applications",
                    frozenset({Role.NGO, Role.SECRETARIAT, Role.ADMIN, Role.BOARD}), order=420),
            NavItem(_("Country initiatives"), "trustfund:initiatives",
                    frozenset({Role.FOCAL_POINT, Role.SECRETARIAT, Role.ADMIN, Role.BOARD}), order=430),
        ])
        DASHBOARD_PANELS[Role.BOARD].append(panels.board_panel)
        DASHBOARD_PANELS[Role.DONOR].append(panels.donor_panel)
        DASHBOARD_PANELS[Role.NGO].append(panels.ngo_panel)
        DASHBOARD_PANELS[Role.SECRETARIAT].append(panels.staff_panel)
        DASHBOARD_PANELS[Role.ADMIN].append(panels.staff_panel)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")

    def ready(self):
        from portal.navigation import NAV, NavItem
        from portal.roles import Role
        from portal.views import DASHBOARD_PANELS

        from . import panels

        NAV.append(NavItem(_("Meetings"), "participation:meeting-list", frozenset(), order=300))
        NAV.append(NavItem(_("Representatives"), "participation:representatives", frozenset({Role.NGO}), order=310))
        NAV.append(NavItem(_("Registrations"), "participation:my-registrations", frozenset({Role.NGO}), order=320))
        NAV.append(NavItem(_("Check-in desk"), "participation:check-in",
                           frozenset({Role.SECRETARIAT, Role.ADMIN}), order=330))
        NAV.append(NavItem(_("Consultations"), "participation:consultation-list", frozenset(), order=340))
        DASHBOARD_PANELS[Role.NGO].append(panels.ngo_panel)
        DASHBOARD_PANELS[Role.SECRETARIAT].append(panels.secretariat_panel)

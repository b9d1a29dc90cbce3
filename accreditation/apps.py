from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "accreditation"
    verbose_name = _("Accreditation")

    def ready(self):
        from portal.navigation import NAV, NavItem
        from portal.roles import Role
        from portal.views import DASHBOARD_PANELS

        from . import panels, rules, tasks  # noqa: F401

        NAV.extend([
            NavItem(_("Criteria"), "accreditation:criteria", frozenset(), order=40),
            NavItem(_("My applications"), "accreditation:my-applications", frozenset({Role.NGO}), order=20),
            NavItem(_("Pre-screening queue"), "accreditation:queue", frozenset({Role.SECRETARIAT, Role.ADMIN}),
                    order=20),
            NavItem(_("Sessions"), "accreditation:sessions",
                    frozenset({Role.SECRETARIAT, Role.ADMIN, Role.COMMITTEE}), order=25),
            NavItem(_("Profiles and changes"), "accreditation:changes", frozenset({Role.SECRETARIAT, Role.ADMIN}),
                    order=30),
        ])
        DASHBOARD_PANELS[Role.NGO].append(panels.ngo_panel)
        DASHBOARD_PANELS[Role.SECRETARIAT].append(panels.secretariat_panel)
        DASHBOARD_PANELS[Role.COMMITTEE].append(panels.committee_panel)

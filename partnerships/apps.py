from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from portal.navigation import NAV, NavItem
        from portal.roles import Role
        from portal.views import DASHBOARD_PANELS

        from . import panels, signals  # noqa: F401
        from .lookups import FullTextMatches, TrigramWordSimilar
        from .models import SearchTextField

        SearchTextField.register_lookup(TrigramWordSimilar)
        SearchTextField.register_lookup(FullTextMatches)

        staff = frozenset({Role.SECRETARIAT, Role.ADMIN})
        NAV.extend([
            NavItem(_("NGO directory"), "partnerships:directory", frozenset(), order=20),
            NavItem(_("Country teams"), "partnerships:team-list", frozenset({Role.FOCAL_POINT, *staff}), order=60),
            NavItem(_("Ask the Partnerships Office"), "partnerships:inquiry-list", frozenset({Role.NGO}), order=70),
            NavItem(_("Inquiries"), "partnerships:inquiry-queue", staff, order=70),
            NavItem(_("Elected representatives"), "partnerships:liaison", staff, order=75),
            NavItem(_("Reform tracker"), "partnerships:tracker", frozenset(), order=80),
        ])
        DASHBOARD_PANELS[Role.FOCAL_POINT].append(panels.focal_point_panel)
        DASHBOARD_PANELS[Role.SECRETARIAT].append(panels.inquiry_queue_panel)
        DASHBOARD_PANELS[Role.ADMIN].append(panels.inquiry_queue_panel)
        DASHBOARD_PANELS[Role.NGO].append(panels.ngo_inquiries_panel)

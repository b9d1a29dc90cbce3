"""Dashboard panels (portal.views.DASHBOARD_PANELS)."""

from portal.rules import is_committee, is_ngo

from . import selectors
from .models import QuadrennialReport


def ngo_panel(request):
    """The NGO's reminder notices, each with a link straight to its report."""
    if not is_ngo(request.user):
        return None
    reminders = selectors.reminders_for_user(request.user)
    if not reminders:
        return None
    # The latest notice per report only.
    seen, latest = set(), []
    for r in reminders:
        if r.report_id not in seen:
            seen.add(r.report_id)
            latest.append(r)
    return {"template": "quadrennial/panels/ngo.html", "reminders": latest}


def secretariat_panel(request):
    if not request.user.has_perm("quadrennial.manage_lifecycle"):
        return None
    return {"template": "quadrennial/panels/secretariat.html", "counts": selectors.dashboard_counts()}


def committee_panel(request):
    if not is_committee(request.user):
        return None
    awaiting = QuadrennialReport.objects.filter(state__in=selectors.AWAITING_COMMITTEE_STATES).count()
    return {"template": "quadrennial/panels/committee.html", "awaiting": awaiting}

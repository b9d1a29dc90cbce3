"""Dashboard panels (portal.views.DASHBOARD_PANELS)."""

from django.utils import timezone

from portal.rules import is_committee, is_ngo

from . import selectors
from .models import QuadrennialReport


def ngo_panel(request):
    """What each of the NGO's organisations really owes, from its reporting
    periods: the report overdue, the one due next (with the days left), and
    whether it is filed; each with a link to the report or to start it."""
    if not is_ngo(request.user):
        return None
    from accreditation.models import Organisation

    today = timezone.localdate()
    organisations = [o for o in Organisation.objects.filter(memberships__user=request.user).order_by("name")
                     if selectors.owes_reports(o)]
    if not organisations:
        return None
    reports = {(r.organisation_id, r.period_start): r for r in QuadrennialReport.objects.filter(
        organisation__in=organisations)}
    rows = []
    for org in organisations:
        for period in selectors.obligations(org, on=today):
            report = reports.get((org.pk, period.first_year))
            filed = bool(report and report.submitted_on)
            rows.append({"organisation": org, "period": period, "report": report, "filed": filed,
                         "overdue": not filed and period.due_on < today, "days": (period.due_on - today).days})
    return {"template": "quadrennial/panels/ngo.html", "rows": rows}


def secretariat_panel(request):
    if not request.user.has_perm("quadrennial.manage_lifecycle"):
        return None
    return {"template": "quadrennial/panels/secretariat.html", "counts": selectors.dashboard_counts()}


def committee_panel(request):
    if not is_committee(request.user):
        return None
    awaiting = selectors.committee_queue(request.user).count()
    return {"template": "quadrennial/panels/committee.html", "awaiting": awaiting}

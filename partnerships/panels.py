"""Dashboard panels (portal.views.DASHBOARD_PANELS)."""

from django.utils import timezone

from . import selectors
from .workflow import INQUIRY, OPEN_INQUIRY_STATES


def focal_point_panel(request):
    teams = list(selectors.teams_for(request.user)[:20])
    return {"template": "partnerships/panels/focal_point.html", "teams": teams}


def inquiry_queue_panel(request):
    qs = selectors.open_inquiries_oldest_first()
    oldest = list(qs[:5])
    now = timezone.now()
    for inquiry in oldest:
        inquiry.age_days = (now - inquiry.created_at).days
        inquiry.state_label = INQUIRY.label(inquiry.state)
    return {"template": "partnerships/panels/inquiry_queue.html", "oldest": oldest, "open_count": qs.count()}


def ngo_inquiries_panel(request):
    inquiries = list(selectors.inquiries_for(request.user)[:5])
    for inquiry in inquiries:
        inquiry.public_state = INQUIRY.public_label(inquiry.state)
        inquiry.is_open = inquiry.state in OPEN_INQUIRY_STATES
    return {"template": "partnerships/panels/ngo_inquiries.html", "inquiries": inquiries}

"""Dashboard panels (portal.views.DASHBOARD_PANELS), each a few queries."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from .models import BoardReview, GrantApplication, GrantCall
from .selectors import applications_for, funds_with_balances


def board_panel(request):
    mine = BoardReview.objects.filter(application=OuterRef("pk"), member=request.user)
    todo = (GrantApplication.objects.filter(state__in=("submitted", "waitlisted"))
            .annotate(reviewed=Exists(mine)).filter(reviewed=False))
    return {"template": "trustfund/panel_board.html", "to_review": todo.count(),
            "funds": funds_with_balances()}


def donor_panel(request):
    return {"template": "trustfund/panel_donor.html", "funds": funds_with_balances(),
            "year": timezone.localdate().year}


def ngo_panel(request):
    today = timezone.localdate()
    apps = list(applications_for(request.user).order_by("-created_at")[:10])
    open_calls = GrantCall.objects.filter(opens_on__lte=today, closes_on__gte=today).count()
    if not apps and not open_calls:
        return None
    return {"template": "trustfund/panel_ngo.html", "applications": apps, "open_calls": open_calls,
            "evaluations_due": [a for a in apps if a.state == "attended"]}


def staff_panel(request):
    counts = GrantApplication.objects.aggregate(
        awaiting=Count("pk", filter=Q(state__in=("submitted", "waitlisted"))),
        unpaid=Count("pk", filter=Q(state="awarded") & (Q(ticket_issued_on__isnull=True)
                                                         | Q(allowance_paid_on__isnull=True))),
        evaluations=Count("pk", filter=Q(state="attended")),
    )
    return {"template": "trustfund/panel_staff.html", "counts": counts, "funds": funds_with_balances()}

"""Dashboard panels (constant number of queries)."""

from django.utils import timezone

from .models import Meeting, Registration, SpeakingRequest, Statement
from .rules import focal_point_organisation_ids, member_organisation_ids


def ngo_panel(request):
    org_ids = member_organisation_ids(request.user)
    if not org_ids:
        return None
    now = timezone.now()
    regs = Registration.objects.filter(organisation_id__in=org_ids)
    return {
        "template": "participation/panels/ngo.html",
        "to_approve": regs.filter(state=Registration.State.REQUESTED,
                                  organisation_id__in=focal_point_organisation_ids(request.user)).count(),
        "confirmed": regs.filter(state=Registration.State.CONFIRMED, meeting__ends_on__gte=now.date()).count(),
        "open_meetings": Meeting.objects.filter(registration_opens_at__lte=now, registration_closes_at__gt=now,
                                                invitation_only=False).count(),
    }


def secretariat_panel(request):
    return {
        "template": "participation/panels/secretariat.html",
        "to_confirm": Registration.objects.filter(state=Registration.State.APPROVED).count(),
        "statements": Statement.objects.filter(state=Statement.State.SUBMITTED).count(),
        "speakers": SpeakingRequest.objects.filter(state=SpeakingRequest.State.REQUESTED).count(),
    }

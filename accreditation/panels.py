"""Dashboard panels for the NGO, the Secretariat and committee members."""

from django.db.models import Count, Q

from .models import Application, ConsolidatedList, InformationRequest, Organisation, Session
from .workflow import PRESCREENING_STATES


def ngo_panel(request):
    user = request.user
    orgs = list(Organisation.objects.filter(memberships__user=user).order_by("name"))
    apps = list(Application.objects.filter(organisation__memberships__user=user)
                .select_related("organisation", "session").order_by("-created_at")[:10])
    asks = list(InformationRequest.objects.filter(application__organisation__memberships__user=user,
                                                  answered_at__isnull=True)
                .select_related("application__organisation").order_by("due_on")[:10])
    return {"template": "accreditation/panels/ngo.html", "organisations": orgs, "applications": apps,
            "open_requests": asks}


def secretariat_panel(request):
    counts = dict(Application.objects.filter(state__in=(*PRESCREENING_STATES, "prescreened", "deferred"))
                  .values_list("state").annotate(n=Count("id")))
    mine = Application.objects.filter(officer=request.user, state__in=PRESCREENING_STATES).count()
    unassigned = Application.objects.filter(officer__isnull=True, state__in=PRESCREENING_STATES).count()
    pending_profiles = Organisation.objects.filter(profile_state="pending").count()
    oldest = (Application.objects.filter(state__in=PRESCREENING_STATES).order_by("submitted_at")
              .values_list("submitted_at", flat=True).first())
    return {"template": "accreditation/panels/secretariat.html", "counts": counts, "mine": mine,
            "unassigned": unassigned, "pending_profiles": pending_profiles, "oldest": oldest}


def committee_panel(request):
    sessions = list(Session.objects.filter(committee__members=request.user).select_related("committee")
                    .annotate(n_decisions=Count("decisions", filter=Q(decisions__state="pending")))
                    .order_by("-starts_on")[:5])
    lists = list(ConsolidatedList.objects.filter(session__committee__members=request.user,
                                                 published_at__isnull=False)
                 .select_related("session__committee").annotate(n=Count("entries"))
                 .order_by("-session__starts_on", "-version")[:5])
    return {"template": "accreditation/panels/committee.html", "sessions": sessions, "lists": lists}

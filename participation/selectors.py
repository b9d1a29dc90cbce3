"""Read queries for participation pages and API: a constant number of
queries whatever the number of rows."""

import datetime
import unicodedata

from django.db.models import Count, Exists, OuterRef, Q

from accreditation.models import Organisation
from portal.rules import is_staff_officer

from .models import Designation, Invitation, Meeting, Registration, Representative, SpeakingRequest, Statement
from .rules import focal_point_organisation_ids, member_organisation_ids


def user_organisations(user):
    ids = member_organisation_ids(user)
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def current_organisation(request):
    """The organisation the NGO user acts for (?org= picks among several)."""
    fp_ids = focal_point_organisation_ids(request.user)
    orgs = sorted(user_organisations(request.user),
                  key=lambda o: (o.pk not in fp_ids, o.status_state != "active", o.name))
    request.participation_organisations = orgs
    wanted = request.GET.get("org") or request.POST.get("org")
    for org in orgs:
        if str(org.pk) == str(wanted):
            return org
    return orgs[0] if orgs else None


def meetings_for(user):
    """Meetings a user may see: by-invitation meetings only for staff and the
    invited organisations."""
    qs = (Meeting.objects.select_related("kind", "body")
          .annotate(confirmed_count=Count("registrations", filter=Q(registrations__state="confirmed"),
                                          distinct=True)))
    if is_staff_officer(user):
        return qs
    org_ids = member_organisation_ids(user)
    invited = Invitation.objects.filter(meeting=OuterRef("pk"), organisation_id__in=org_ids)
    return qs.filter(Q(invitation_only=False) | Exists(invited))


def public_participants(meeting: Meeting):
    """The public list of participating organisations: none for meetings that keep no records."""
    if not meeting.keeps_records:
        return Organisation.objects.none()
    return (Organisation.objects.filter(meeting_registrations__meeting=meeting,
                                        meeting_registrations__state=Registration.State.CONFIRMED)
            .select_related("country").distinct().order_by("name"))


def published_statements(meeting: Meeting | None = None):
    qs = (Statement.objects.filter(state=Statement.State.ACCEPTED, meeting__keeps_records=True)
          .select_related("organisation", "meeting").prefetch_related("cosponsors"))
    if meeting is not None:
        qs = qs.filter(meeting=meeting)
    return qs


def statements_for(user):
    """Statements a user may read: staff all; others the published ones and their own organisations'."""
    qs = (Statement.objects.select_related("organisation", "meeting", "meeting__body")
          .prefetch_related("cosponsors"))
    if is_staff_officer(user):
        return qs
    org_ids = member_organisation_ids(user)
    return qs.filter(Q(state=Statement.State.ACCEPTED, meeting__keeps_records=True)
                     | Q(organisation_id__in=org_ids) | Q(cosponsors__in=org_ids)).distinct()


def registrations_for(user):
    qs = (Registration.objects.select_related("meeting", "meeting__body", "organisation", "representative",
                                              "designation"))
    if is_staff_officer(user):
        return qs
    return qs.filter(organisation_id__in=member_organisation_ids(user))


def published_speakers(meeting: Meeting):
    if not meeting.keeps_records or meeting.speakers_list_published_at is None:
        return SpeakingRequest.objects.none()
    return speakers_of(meeting).filter(state=SpeakingRequest.State.SCHEDULED)


def speakers_of(meeting: Meeting):
    return (SpeakingRequest.objects.filter(meeting=meeting)
            .select_related("organisation", "organisation__country", "speaker", "network")
            .order_by("position", "requested_at", "id"))


def with_times(speakers, minutes_default=3):
    """Attach each scheduled speaker's start (minutes from the opening)."""
    elapsed = 0
    rows = []
    for s in speakers:
        rows.append({"request": s, "starts_after": elapsed})
        elapsed += s.minutes or minutes_default
    return rows


def balance(requests) -> dict:
    """Counts of scheduled speakers by region, network and gender, for the list builder."""
    by_region, by_network, by_gender = {}, {}, {}
    for r in requests:
        if r.state != SpeakingRequest.State.SCHEDULED:
            continue
        region = (r.organisation.country.region if r.organisation.country else "") or "—"
        by_region[region] = by_region.get(region, 0) + 1
        network = r.network.name if r.network else "—"
        by_network[network] = by_network.get(network, 0) + 1
        gender = r.speaker.get_gender_display()
        by_gender[gender] = by_gender.get(gender, 0) + 1
    return {"region": sorted(by_region.items()), "network": sorted(by_network.items()),
            "gender": sorted(by_gender.items())}


def focal_point_queue(user):
    return registrations_for(user).filter(state=Registration.State.REQUESTED,
                                          organisation_id__in=focal_point_organisation_ids(user))


# ------------------------------------------------------------- people across years


def normal_name(first_name: str, last_name: str) -> tuple[str, str]:
    def norm(value):
        return " ".join(unicodedata.normalize("NFKC", value or "").split()).casefold()

    return norm(first_name), norm(last_name)


def find_person(organisation, *, first_name: str, last_name: str, email: str = "") -> Representative | None:
    """The organisation's existing record of this person: same name and same
    e-mail (case, accents' composition and spacing ignored). A person is one
    record across years."""
    wanted = (*normal_name(first_name, last_name), (email or "").strip().casefold())
    for rep in Representative.objects.filter(organisation=organisation).order_by("pk"):
        if (*normal_name(rep.first_name, rep.last_name), (rep.email or "").strip().casefold()) == wanted:
            return rep
    return None


def same_person_ids(representative: Representative) -> list[int]:
    """Every representative record that is this person: the record itself,
    records with the same portal account or the same e-mail (in any
    organisation), and records of the same name in the same organisation."""
    first, last = normal_name(representative.first_name, representative.last_name)
    q = Q(pk=representative.pk)
    if representative.user_id:
        q |= Q(user_id=representative.user_id)
    if (representative.email or "").strip():
        q |= Q(email__iexact=representative.email.strip())
    ids = set(Representative.objects.filter(q).values_list("pk", flat=True))
    ids |= {pk for pk, f, la in Representative.objects.filter(organisation_id=representative.organisation_id)
            .values_list("pk", "first_name", "last_name") if normal_name(f, la) == (first, last)}
    return sorted(ids)


def designation_cover(*, representative_id: int, organisation_id: int, starts_on: datetime.date,
                      ends_on: datetime.date) -> datetime.date | None:
    """The last day, from `starts_on`, up to which the person is designated by
    the organisation without a gap (at most `ends_on`); None when not even on
    `starts_on`. A meeting from 30 December to 2 January needs the
    designations of both years."""
    valid = {d.year: d.valid_until for d in Designation.objects.filter(
        representative_id=representative_id, organisation_id=organisation_id, revoked_at__isnull=True,
        year__gte=starts_on.year, year__lte=ends_on.year)}
    day, last = starts_on, None
    while day <= ends_on:
        until = valid.get(day.year)
        if until is None or until < day:
            break
        last = min(until, ends_on, datetime.date(day.year, 12, 31))
        day = last + datetime.timedelta(days=1)
    return last


def organisation_options(organisation: Organisation, meeting: Meeting, *, today=None) -> dict:
    """What the organisation may still do at this meeting, each with the
    reason when it may not: the pages offer only what is allowed."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .eligibility import check_right
    from .models import Right

    today = today or timezone.localdate()
    ended = meeting.has_ended(today)
    statement = check_right(organisation, meeting, Right.WRITTEN_STATEMENT)
    speak = check_right(organisation, meeting, Right.ORAL_STATEMENT)
    live = Statement.objects.filter(meeting=meeting, state__in=Statement.LIVE)
    has_statement = (live.filter(organisation=organisation).exists()
                     or live.filter(cosponsors=organisation).exists())
    asked = SpeakingRequest.objects.filter(meeting=meeting, organisation=organisation,
                                           state__in=["requested", "scheduled"]).exists()
    statement_reason = (_("The meeting has ended.") if ended else
                        statement.reason if not statement else
                        _("Your organisation already has a statement for this session (one per organisation "
                          "per session).") if has_statement else "")
    speak_reason = (_("The meeting has ended.") if ended else
                    speak.reason if not speak else
                    _("Your organisation has already asked to speak at this meeting.") if asked else "")
    return {"ended": ended, "statement": statement, "can_submit_statement": not statement_reason,
            "statement_reason": statement_reason, "can_ask_to_speak": not speak_reason, "speak_reason": speak_reason,
            "has_statement": has_statement}

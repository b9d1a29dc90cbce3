"""Every write in participation: keyword-only, permission- and state-checked,
one transaction with its audit row (Workflow.fire or portal.audit.audit)."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from accreditation.models import Organisation
from portal import outbox
from portal.audit import audit
from portal.rules import is_staff_officer
from portal.text import count_words

from . import selectors
from .eligibility import check_right, participant_of
from .models import (
    Consultation,
    ConsultationOption,
    ConsultationResponse,
    Designation,
    Invitation,
    Meeting,
    Registration,
    Representative,
    Right,
    SpeakingRequest,
    Statement,
)
from .rules import focal_point_organisation_ids, member_organisation_ids
from .workflow import REGISTRATION, SPEAKING_REQUEST, STATEMENT

# ---------------------------------------------------------------- meetings


def meeting_save(*, by, meeting: Meeting, areas=None) -> Meeting:
    if not is_staff_officer(by):
        raise PermissionDenied(_("Only the Secretariat manages meetings."))
    meeting.full_clean(exclude=["areas"])
    with transaction.atomic():
        created = meeting.pk is None
        meeting.save()
        if areas is not None:
            meeting.areas.set(areas)
        audit(actor=by, action="meeting.create" if created else "meeting.update", obj=meeting)
    return meeting


def invitation_create(*, by, meeting: Meeting, organisation: Organisation) -> Invitation:
    if not is_staff_officer(by):
        raise PermissionDenied(_("Only the Secretariat invites organisations."))
    with transaction.atomic():
        invitation, created = Invitation.objects.get_or_create(meeting=meeting, organisation=organisation,
                                                               defaults={"invited_by": by})
        if created:
            audit(actor=by, action="meeting.invite", obj=meeting, data={"organisation": organisation.pk})
    return invitation


# ---------------------------------------------------------- designations


def _require_focal_point_or_staff(by, organisation):
    if not (is_staff_officer(by) or organisation.pk in focal_point_organisation_ids(by)):
        raise PermissionDenied(_("Only your organisation's focal point designates its representatives."))


def designation_create(*, by, organisation: Organisation, year: int, role: str, first_name: str = "",
                       last_name: str = "", gender: str = "undisclosed", email: str = "", title: str = "",
                       representative: Representative | None = None, user=None, today=None) -> Designation:
    """Designate a representative for a calendar year; the caps per role hold
    under concurrency (the organisation's row is locked)."""
    _require_focal_point_or_staff(by, organisation)
    if role not in Designation.Role.values:
        raise ValidationError({"role": _("Choose a designation.")})
    today = today or timezone.localdate()
    if year < today.year:
        raise ValidationError({"year": _("Designations cannot be made for a past year.")})
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        live = Designation.objects.filter(organisation=organisation, year=year, revoked_at__isnull=True)
        cap = Designation.CAPS[Designation.Role(role)]
        if live.filter(role=role).count() >= cap:
            raise ValidationError({"role": _("Your organisation already has %(cap)s “%(role)s” designated for "
                                             "%(year)s; revoke one first.")
                                   % {"cap": cap, "role": Designation.Role(role).label, "year": year}})
        linked = representative is not None
        if representative is None and user is not None:
            representative = Representative.objects.filter(organisation=organisation, user=user).first()
        if representative is None and first_name.strip() and last_name.strip():
            # A person is one record across years: the same name and e-mail is the same person.
            representative = selectors.find_person(organisation, first_name=first_name, last_name=last_name,
                                                   email=email)
        if representative is None:
            if not (first_name.strip() and last_name.strip()):
                raise ValidationError({"first_name": _("Give the representative's first and last name.")})
            representative = Representative.objects.create(
                organisation=organisation, user=user, first_name=first_name.strip(), last_name=last_name.strip(),
                gender=gender, email=email, title=title)
        elif representative.organisation_id != organisation.pk:
            raise ValidationError({"representative": _("This person does not represent your organisation.")})
        else:
            linked = True
            changed = []
            if user is not None and representative.user_id is None:
                representative.user = user
                changed.append("user")
            if title.strip() and title.strip() != representative.title:
                representative.title = title.strip()
                changed.append("title")
            if changed:
                representative.save(update_fields=changed)
        if live.filter(representative=representative).exists():
            raise ValidationError({"representative": _("%(name)s is already designated by your organisation for "
                                                       "%(year)s.") % {"name": representative.full_name,
                                                                        "year": year}})
        designation = Designation.objects.create(
            organisation=organisation, representative=representative, year=year, role=role,
            valid_until=Designation.end_of_year(year), designated_by=by)
        audit(actor=by, action="designation.create", obj=designation,
              data={"organisation": organisation.pk, "role": role, "year": year,
                    "person": representative.pk, "same_person_as_before": linked})
    return designation


def designation_revoke(*, by, designation: Designation) -> Designation:
    _require_focal_point_or_staff(by, designation.organisation)
    with transaction.atomic():
        designation = Designation.objects.select_for_update().get(pk=designation.pk)
        if designation.revoked_at is None:
            designation.revoked_at = timezone.now()
            designation.save(update_fields=["revoked_at"])
            audit(actor=by, action="designation.revoke", obj=designation)
    return designation


# ---------------------------------------------------------- registrations


def registration_create(*, by, meeting: Meeting, designation: Designation, now=None) -> Registration:
    """A designated representative registers (or the focal point registers
    them). Holds under concurrency: the meeting row is locked while places
    are counted. Over the total capacity the registration joins the waiting
    list; over the organisation's cap it is refused."""
    now = now or timezone.now()
    organisation = designation.organisation
    is_fp = organisation.pk in focal_point_organisation_ids(by)
    is_person = designation.representative.user_id is not None and designation.representative.user_id == by.pk
    if not (is_fp or is_person or is_staff_officer(by)):
        raise PermissionDenied(_("You may register only yourself, or, as focal point, your organisation's "
                                 "representatives."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
        designation = Designation.objects.select_related("representative", "organisation").get(pk=designation.pk)
        if meeting.has_ended(timezone.localtime(now).date()):
            raise ValidationError(_("This meeting ended on %(end)s: registration is closed.")
                                  % {"end": date_format(meeting.ends_on, "DATE_FORMAT")}, code="meeting_ended")
        if not (meeting.registration_opens_at <= now < meeting.registration_closes_at):
            opens = date_format(timezone.localtime(meeting.registration_opens_at), "DATETIME_FORMAT")
            closes = date_format(timezone.localtime(meeting.registration_closes_at), "DATETIME_FORMAT")
            if now < meeting.registration_opens_at:
                msg = _("Registration for this meeting opens on %(opens)s.") % {"opens": opens}
            else:
                msg = _("Registration for this meeting closed on %(closes)s.") % {"closes": closes}
            raise ValidationError(msg, code="registration_closed")
        if not (meeting.starts_on.year <= designation.year <= meeting.ends_on.year) \
                or designation.revoked_at is not None:
            raise ValidationError({"designation": _("This designation is not valid on the meeting's dates "
                                                    "(designations are valid to 31 December of their year).")})
        covered_to = selectors.designation_cover(
            representative_id=designation.representative_id, organisation_id=organisation.pk,
            starts_on=meeting.starts_on, ends_on=meeting.ends_on)
        if covered_to is None or covered_to < meeting.ends_on:
            gap = meeting.starts_on if covered_to is None else covered_to + datetime.timedelta(days=1)
            raise ValidationError({"designation": _(
                "%(name)s must be designated for every day of the meeting (%(start)s to %(end)s), but is not "
                "designated on %(day)s: designate them for %(year)s too.") % {
                "name": designation.representative.full_name, "start": date_format(meeting.starts_on, "DATE_FORMAT"),
                "end": date_format(meeting.ends_on, "DATE_FORMAT"), "day": date_format(gap, "DATE_FORMAT"),
                "year": gap.year}}, code="designation_gap")
        decision = check_right(organisation, meeting, Right.ATTEND)
        if not decision:
            raise ValidationError(decision.reason, code="not_eligible")
        if Registration.objects.filter(meeting=meeting, representative=designation.representative,
                                       state__in=Registration.COUNTS_FOR_ORGANISATION).exists():
            raise ValidationError(_("%(name)s is already registered for this meeting.")
                                  % {"name": designation.representative.full_name}, code="duplicate")
        org_count = Registration.objects.filter(meeting=meeting, organisation=organisation,
                                                state__in=Registration.COUNTS_FOR_ORGANISATION).count()
        if org_count >= meeting.per_organisation_cap:
            raise ValidationError(
                _("Your organisation has reached this meeting's limit of %(cap)s representatives.")
                % {"cap": number_format(meeting.per_organisation_cap)}, code="organisation_cap")
        taken = Registration.objects.filter(meeting=meeting, state__in=Registration.HOLDS_PLACE).count()
        state = Registration.State.REQUESTED if taken < meeting.capacity else Registration.State.WAITLISTED
        registration = Registration.objects.create(
            meeting=meeting, organisation=organisation, representative=designation.representative,
            designation=designation, state=state, registered_by=by, registered_at=now)
        audit(actor=by, action="registration.create", obj=registration, to_state=state,
              data={"meeting": meeting.pk, "organisation": organisation.pk})
        if state == Registration.State.REQUESTED and is_fp:
            REGISTRATION.fire(registration, "approve", by=by)
    return registration


def _notify(registration: Registration):
    """Tell the representative their registration is confirmed (pass ready)
    or that a place freed for them: queued in the outbox with the change, and
    each state announced once (the key)."""
    reg = registration
    if reg.state not in (Registration.State.CONFIRMED, Registration.State.REQUESTED, Registration.State.APPROVED):
        return
    user = reg.representative.user
    email = reg.representative.email or (user.email if user else "")
    if not email:
        return
    context = {"registration": reg, "meeting": reg.meeting,
               "link": settings.SITE_URL.rstrip("/") + reverse("participation:my-registrations")}
    language = (user.preferred_language if user else "") or settings.LANGUAGE_CODE
    # The pass itself travels with the confirmation (rendered by the worker that sends it).
    attachments = ([outbox.attachment("participation.badge", reg.pk, language=language)]
                   if reg.state == Registration.State.CONFIRMED else [])
    outbox.enqueue_email(to=[email], subject_template="participation/email/notice_subject.txt",
                         body_template="participation/email/notice.txt", context=context,
                         language=language, attachments=attachments,
                         key=f"registration-notice:{reg.pk}:{reg.state}",
                         on_sent="participation.services.registration_notice_sent", on_sent_args=[reg.pk, reg.state])


def registration_notice_sent(registration_id: int, state: str) -> None:
    """The outbox calls this once the mail server accepted the notice."""
    Registration.objects.filter(pk=registration_id).update(notified_state=state)


def _lock(registration: Registration) -> Registration:
    Meeting.objects.select_for_update().get(pk=registration.meeting_id)
    return (Registration.objects.select_for_update(of=("self",))
            .select_related("representative", "organisation", "meeting").get(pk=registration.pk))


def registration_approve(*, by, registration: Registration) -> Registration:
    with transaction.atomic():
        registration = _lock(registration)
        REGISTRATION.fire(registration, "approve", by=by)
    return registration


def registration_confirm(*, by, registration: Registration) -> Registration:
    with transaction.atomic():
        registration = _lock(registration)
        registration.badge_code = registration.badge_code or secrets.token_hex(8).upper()
        REGISTRATION.fire(registration, "confirm", by=by, update_fields=("badge_code",))
        _notify(registration)
    return registration


def _fill_from_waitlist(meeting: Meeting, *, by):
    """Give freed places to the waiting list, in order (meeting row locked)."""
    taken = Registration.objects.filter(meeting=meeting, state__in=Registration.HOLDS_PLACE).count()
    free = meeting.capacity - taken
    if free <= 0:
        return []
    promoted = []
    waiting = (Registration.objects.select_for_update().filter(meeting=meeting, state=Registration.State.WAITLISTED)
               .order_by("registered_at", "id")[:free])
    for reg in waiting:
        REGISTRATION.fire(reg, "promote", by=by, check_permission=False,
                          reason=_("A place became free."))
        if reg.registered_by_id and reg.organisation_id in focal_point_organisation_ids(reg.registered_by):
            REGISTRATION.fire(reg, "approve", by=reg.registered_by, check_permission=False)
        promoted.append(reg)
        _notify(reg)
    return promoted


def registration_withdraw(*, by, registration: Registration, reason: str = "") -> Registration:
    with transaction.atomic():
        registration = _lock(registration)
        REGISTRATION.fire(registration, "withdraw", by=by, reason=reason)
        _fill_from_waitlist(registration.meeting, by=by)
    return registration


def registration_refuse(*, by, registration: Registration, reason: str) -> Registration:
    with transaction.atomic():
        registration = _lock(registration)
        registration.reason = (reason or "")[:300]
        REGISTRATION.fire(registration, "refuse", by=by, reason=reason, update_fields=("reason",))
        _fill_from_waitlist(registration.meeting, by=by)
    return registration


def pass_valid_until(registration: Registration) -> datetime.date | None:
    """The pass is valid no longer than the person's designation: to the end
    of the meeting, or to the last day designated without a gap (None when
    not designated on the first day, e.g. the designation was revoked)."""
    meeting = registration.meeting
    return selectors.designation_cover(representative_id=registration.representative_id,
                                       organisation_id=registration.organisation_id,
                                       starts_on=meeting.starts_on, ends_on=meeting.ends_on)


def pass_validity(registration: Registration, today: datetime.date | None = None) -> tuple[bool, str]:
    today = today or timezone.localdate()
    meeting = registration.meeting
    if registration.state != Registration.State.CONFIRMED:
        return False, _("This pass is not valid: the registration is “%(state)s”.") % {
            "state": REGISTRATION.label(registration.state)}
    until = pass_valid_until(registration)
    if until is None:
        return False, _("This pass is not valid: the representative's designation is no longer valid.")
    dates = {"start": date_format(meeting.starts_on, "DATE_FORMAT"), "end": date_format(until, "DATE_FORMAT")}
    if today < meeting.starts_on or today > until:
        return False, _("This pass is valid only from %(start)s to %(end)s.") % dates
    return True, _("Valid from %(start)s to %(end)s.") % dates


def registration_check_in(*, by, registration: Registration, now=None) -> Registration:
    """Mark arrival at the check-in desk; a second scan changes nothing."""
    if not is_staff_officer(by):
        raise PermissionDenied(_("Only the Secretariat's check-in desk marks arrivals."))
    now = now or timezone.now()
    with transaction.atomic():
        registration = _lock(registration)
        valid, message = pass_validity(registration, timezone.localdate(now))
        if not valid:
            raise ValidationError(message, code="invalid_pass")
        if registration.checked_in_at is None:
            registration.checked_in_at = now
            registration.save(update_fields=["checked_in_at"])
            audit(actor=by, action="registration.check_in", obj=registration)
    return registration


# ------------------------------------------------------------- statements


def _live_statement_orgs(meeting: Meeting) -> tuple[set[int], set[int]]:
    live = Statement.objects.filter(meeting=meeting, state__in=Statement.LIVE)
    leads = set(live.values_list("organisation_id", flat=True))
    cosponsors = set(Statement.cosponsors.through.objects.filter(statement__in=live)
                     .values_list("organisation_id", flat=True))
    return leads, cosponsors


def statement_submit(*, by, meeting: Meeting, organisation: Organisation, title: str, text: str,
                     language: str = "en", cosponsors=()) -> Statement:
    """One statement per organisation per session, joint or not; the word
    limit comes from the rights table for the lead organisation."""
    if organisation.pk not in member_organisation_ids(by):
        raise PermissionDenied(_("You may submit statements only for your own organisation."))
    cosponsors = [c for c in cosponsors if c.pk != organisation.pk]
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
        if timezone.localdate() > meeting.ends_on:
            raise ValidationError(_("This meeting has ended; statements are no longer received."))
        decision = check_right(organisation, meeting, Right.WRITTEN_STATEMENT)
        if not decision:
            raise ValidationError(decision.reason, code="not_eligible")
        errors = {}
        for co in cosponsors:
            co_decision = check_right(co, meeting, Right.WRITTEN_STATEMENT)
            if not co_decision:
                errors.setdefault("cosponsors", []).append(
                    _("%(org)s: %(reason)s") % {"org": co.display_name, "reason": co_decision.reason})
        leads, cosponsoring = _live_statement_orgs(meeting)
        if organisation.pk in leads:
            raise ValidationError(_("Your organisation has already submitted a statement for this session "
                                    "(one statement per organisation per session)."), code="one_per_session")
        if organisation.pk in cosponsoring:
            raise ValidationError(_("Your organisation co-sponsors a joint statement for this session and may not "
                                    "also submit its own."), code="cosponsor_has_statement")
        for co in cosponsors:
            if co.pk in leads or co.pk in cosponsoring:
                errors.setdefault("cosponsors", []).append(
                    _("%(org)s already has a statement for this session.") % {"org": co.display_name})
        if not (title or "").strip():
            errors["title"] = [_("Give the statement a title.")]
        words = count_words(text)
        if words == 0:
            errors["text"] = [_("The statement is empty.")]
        elif words > decision.word_limit:
            errors["text"] = [_("The statement has %(words)s words; the limit for your organisation at this "
                                "meeting is %(limit)s words.")
                              % {"words": number_format(words, force_grouping=True),
                                 "limit": number_format(decision.word_limit, force_grouping=True)}]
        if errors:
            raise ValidationError(errors)
        statement = Statement.objects.create(
            meeting=meeting, organisation=organisation, title=title.strip(), text=text, language=language,
            word_count=words, word_limit=decision.word_limit, submitted_by=by)
        statement.cosponsors.set(cosponsors)
        audit(actor=by, action="statement.submit", obj=statement, to_state=statement.state,
              data={"words": words, "limit": decision.word_limit, "cosponsors": [c.pk for c in cosponsors]})
    return statement


def _review(statement, name, *, by, reason=""):
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=statement.meeting_id)
        statement = Statement.objects.select_for_update().get(pk=statement.pk)
        statement.reviewed_at = timezone.now() if name != "withdraw" else statement.reviewed_at
        statement.review_note = reason if name != "withdraw" else statement.review_note
        STATEMENT.fire(statement, name, by=by, reason=reason, update_fields=("reviewed_at", "review_note"))
    return statement


def statement_accept(*, by, statement: Statement, note: str = "") -> Statement:
    return _review(statement, "accept", by=by, reason=note)


def statement_reject(*, by, statement: Statement, reason: str) -> Statement:
    return _review(statement, "reject", by=by, reason=reason)


def statement_withdraw(*, by, statement: Statement) -> Statement:
    return _review(statement, "withdraw", by=by)


# ---------------------------------------------------------- speakers list


def speaking_request_create(*, by, meeting: Meeting, organisation: Organisation, speaker: Representative,
                            topic: str, network=None) -> SpeakingRequest:
    if organisation.pk not in member_organisation_ids(by):
        raise PermissionDenied(_("You may ask to speak only for your own organisation."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
        decision = check_right(organisation, meeting, Right.ORAL_STATEMENT)
        if not decision:
            raise ValidationError(decision.reason, code="not_eligible")
        if speaker.organisation_id != organisation.pk:
            raise ValidationError({"speaker": _("The speaker must be one of your organisation's representatives.")})
        if not (topic or "").strip():
            raise ValidationError({"topic": _("Say what the statement will be about.")})
        if SpeakingRequest.objects.filter(meeting=meeting, organisation=organisation,
                                          state__in=["requested", "scheduled"]).exists():
            raise ValidationError(_("Your organisation has already asked to speak at this meeting."),
                                  code="duplicate")
        request = SpeakingRequest.objects.create(
            meeting=meeting, organisation=organisation, speaker=speaker, topic=topic.strip(), network=network,
            minutes=meeting.speaking_minutes, requested_by=by)
        audit(actor=by, action="speaking_request.create", obj=request, to_state=request.state)
    return request


def speakers_list_arrange(*, by, meeting: Meeting, entries: list[dict]) -> list[SpeakingRequest]:
    """`entries`: [{"id", "position" (None: off the list), "minutes", "decline"}]."""
    if not is_staff_officer(by):
        raise PermissionDenied(_("Only the Secretariat builds the speakers list."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        requests = {r.pk: r for r in SpeakingRequest.objects.select_for_update().filter(meeting=meeting)}
        positions = [e["position"] for e in entries if e.get("position") and not e.get("decline")]
        if len(positions) != len(set(positions)):
            raise ValidationError({"position": _("Two speakers cannot share the same place in the list.")})
        changed = []
        for e in entries:
            r = requests.get(int(e["id"]))
            if r is None:
                raise ValidationError({"id": _("Unknown request to speak.")})
            if e.get("decline"):
                if r.state == "scheduled":
                    SPEAKING_REQUEST.fire(r, "unschedule", by=by)
                if r.state == "requested":
                    SPEAKING_REQUEST.fire(r, "decline", by=by)
            elif e.get("position"):
                minutes = int(e.get("minutes") or meeting.speaking_minutes)
                if minutes < 1 or minutes > 30:
                    raise ValidationError({"minutes": _("Speaking time must be between 1 and 30 minutes.")})
                r.position, r.minutes = int(e["position"]), minutes
                SPEAKING_REQUEST.fire(r, "schedule", by=by, update_fields=("position", "minutes"),
                                      data={"position": r.position, "minutes": minutes})
            elif r.state == "scheduled":
                r.position = None
                SPEAKING_REQUEST.fire(r, "unschedule", by=by, update_fields=("position",))
            changed.append(r)
    return changed


def speaking_request_withdraw(*, by, speaking_request: SpeakingRequest) -> SpeakingRequest:
    with transaction.atomic():
        r = SpeakingRequest.objects.select_for_update().get(pk=speaking_request.pk)
        SPEAKING_REQUEST.fire(r, "withdraw", by=by)
    return r


def speakers_list_publish(*, by, meeting: Meeting) -> Meeting:
    if not is_staff_officer(by):
        raise PermissionDenied(_("Only the Secretariat publishes the speakers list."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not meeting.keeps_records:
            raise ValidationError(_("This meeting keeps no records: its speakers list is not published."))
        if not SpeakingRequest.objects.filter(meeting=meeting, state="scheduled").exists():
            raise ValidationError(_("Put at least one speaker on the list before publishing it."))
        meeting.speakers_list_published_at = timezone.now()
        meeting.save(update_fields=["speakers_list_published_at"])
        audit(actor=by, action="meeting.publish_speakers_list", obj=meeting)
    return meeting


# --------------------------------------------------------- consultations


def consultation_create(*, by, title: str, question: str, kind: str, opens_at, closes_at,
                        open_to_public: bool = False, options=(), meeting=None) -> Consultation:
    if not is_staff_officer(by):
        raise PermissionDenied(_("Only the Secretariat opens consultations."))
    options = [o.strip() for o in options if o and o.strip()]
    if kind == Consultation.Kind.POLL and len(options) < 2:
        raise ValidationError({"options": _("A poll needs at least two options.")})
    with transaction.atomic():
        c = Consultation(title=title, question=question, kind=kind, opens_at=opens_at, closes_at=closes_at,
                         open_to_public=open_to_public, meeting=meeting, created_by=by)
        c.full_clean()
        c.save()
        for i, label in enumerate(options if kind == Consultation.Kind.POLL else []):
            ConsultationOption.objects.create(consultation=c, label=label, position=i)
        audit(actor=by, action="consultation.create", obj=c)
    return c


def respondent_for(consultation: Consultation, user, session_key: str | None):
    """(respondent_key, organisation) or raise PermissionDenied."""
    if user is not None and user.is_authenticated:
        orgs = Organisation.objects.filter(pk__in=member_organisation_ids(user)).order_by("pk")
        for org in orgs:
            if participant_of(org):
                return f"org:{org.pk}", org
        if consultation.open_to_public:
            return f"user:{user.pk}", None
    elif consultation.open_to_public and session_key:
        return f"session:{session_key}", None
    raise PermissionDenied(_("This consultation is open to accredited organisations only."))


def _anonymous_answers_key(consultation, address: str, now) -> str:
    import hashlib

    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    opened = int(consultation.created_at.timestamp()) if consultation.created_at else 0
    return f"consultation-anonymous:{consultation.pk}:{opened}:{digest}:{timezone.localdate(now).isoformat()}"


def consultation_respond(*, by, consultation: Consultation, option_id=None, text: str = "",
                         session_key: str | None = None, address: str = "", now=None) -> ConsultationResponse:
    """One answer per organisation, per account, or per browser for anonymous
    answers to public consultations, which are also limited per network address
    and day (settings.CONSULTATION_ANONYMOUS_ANSWERS_PER_ADDRESS; the page says so)."""
    now = now or timezone.now()
    if not consultation.is_open(now):
        raise ValidationError(_("This consultation is not open for answers."), code="closed")
    key, org = respondent_for(consultation, by, session_key)

    option = None
    if consultation.kind == Consultation.Kind.POLL:
        option = consultation.options.filter(pk=option_id).first() if option_id else None
        if option is None:
            raise ValidationError({"option": _("Choose one of the options.")})
    elif not (text or "").strip():
        raise ValidationError({"text": _("Write your answer.")})
    with transaction.atomic():
        if ConsultationResponse.objects.filter(consultation=consultation, respondent_key=key).exists():
            raise ValidationError(_("You have already answered this consultation."), code="duplicate")
        if key.startswith("session:") and _count_anonymous_answer(
                _anonymous_answers_key(consultation, address, now)) > settings.CONSULTATION_ANONYMOUS_ANSWERS_PER_ADDRESS:
            raise ValidationError(_("Too many anonymous answers came from your network today. Log in with a "
                                    "verified account to answer."), code="rate_limited")
        response = ConsultationResponse.objects.create(
            consultation=consultation, option=option, text=(text or "").strip(), organisation=org,
            user=by if getattr(by, "is_authenticated", False) else None, respondent_key=key)
        audit(actor=by, action="consultation.respond", obj=response, data={"consultation": consultation.pk})
    return response


def _count_anonymous_answer(limit_key: str) -> int:
    """Count one more anonymous answer from an address (atomically); the new count."""
    from django.core.cache import cache

    if cache.add(limit_key, 1, timeout=26 * 3600):
        return 1
    try:
        return cache.incr(limit_key)
    except ValueError:  # expired between the two calls
        cache.set(limit_key, 1, timeout=26 * 3600)
        return 1


"""Every write of the partnerships app: keyword-only, permission-checked,
one transaction with its audit row, Celery work queued on commit."""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation.duplicates import find_possible_duplicates
from portal import outbox
from portal.audit import audit
from portal.text import normalise_name

from .models import (
    AdvisoryCommittee,
    CommitteeMeeting,
    CommitteeMember,
    CountryTeam,
    Engagement,
    Inquiry,
    InquiryMessage,
    RosterEntry,
    RoutingRule,
    Unit,
)
from .workflow import INQUIRY, TRACKER


def _require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


# --- country teams: roster and engagement ----------------------------------

def _already_on_roster(organisation):
    return ValidationError({"organisation": ValidationError(
        _("%(org)s is already on the roster.") % {"org": organisation}, code="duplicate")})


def roster_add(*, team: CountryTeam, organisation, by, note: str = "") -> RosterEntry:
    """Put an existing organisation record on the country's roster."""
    _require(by, "partnerships.manage_team", team)
    with transaction.atomic():
        if RosterEntry.objects.filter(team=team, organisation=organisation).exists():
            raise _already_on_roster(organisation)
        try:
            with transaction.atomic():
                entry = RosterEntry.objects.create(team=team, organisation=organisation, note=note, added_by=by)
        except IntegrityError as exc:
            raise _already_on_roster(organisation) from exc
        audit(actor=by, action="roster.add", obj=entry, data={"team": team.pk, "organisation": organisation.pk})
    return entry


def roster_create_organisation(*, team: CountryTeam, by, fields: dict, areas=(), countries_of_activity=(),
                               note: str = "", confirm_not_duplicate: bool = False) -> RosterEntry:
    """Create a new national NGO record (through the accreditation service,
    the one door for organisation records) and put it on the roster. Possible
    duplicates stop the creation until the focal point confirms, having seen them."""
    _require(by, "partnerships.manage_team", team)
    if not (fields.get("name") or "").strip():
        raise ValidationError({"name": _("The organisation needs a name.")}, code="required")
    duplicates = find_possible_duplicates(name=fields.get("name", ""), website=fields.get("website", ""),
                                          email=fields.get("email", ""), acronym=fields.get("acronym", ""))
    if duplicates and not confirm_not_duplicate:
        names = "; ".join(f"{d.organisation} ({', '.join(d.reasons)})" for d in duplicates)
        raise ValidationError({"name": ValidationError(
            _("Possible duplicates: %(names)s. Add the existing record, or confirm that this is a different "
              "organisation.") % {"names": names}, code="possible_duplicates")})
    from accreditation.services import organisation_create

    fields = {"country": team.country, "org_type": "national", **fields}
    with transaction.atomic():
        organisation = organisation_create(by=by, fields=fields, areas=areas, add_member=False,
                                           countries_of_activity=countries_of_activity or (team.country,))
        entry = RosterEntry.objects.create(team=team, organisation=organisation, note=note, added_by=by)
        audit(actor=by, action="roster.create_organisation", obj=entry,
              data={"team": team.pk, "organisation": organisation.pk,
                    "duplicates_overridden": [d.organisation.pk for d in duplicates]})
    return entry


def roster_remove(*, entry: RosterEntry, by, reason: str = "") -> None:
    _require(by, "partnerships.manage_team", entry.team)
    with transaction.atomic():
        audit(actor=by, action="roster.remove", obj=entry, reason=reason,
              data={"team": entry.team_id, "organisation": entry.organisation_id})
        entry.delete()


def engagement_log(*, team: CountryTeam, by, kind: str, title: str, held_on, outcomes: str, location: str = "",
                   organisations=(), other_participants: str = "", participant_count=None) -> Engagement:
    _require(by, "partnerships.manage_team", team)
    errors = {}
    if kind not in Engagement.Kind.values:
        errors["kind"] = _("Choose a kind of engagement.")
    if not (title or "").strip():
        errors["title"] = _("Give the engagement a title.")
    if not (outcomes or "").strip():
        errors["outcomes"] = _("Record the outcomes.")
    if held_on and held_on > timezone.localdate() + timezone.timedelta(days=366):
        errors["held_on"] = _("The date is too far in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        entry = Engagement.objects.create(team=team, kind=kind, title=title.strip(), held_on=held_on,
                                          location=location, other_participants=other_participants,
                                          participant_count=participant_count, outcomes=outcomes, recorded_by=by)
        entry.organisations.set(organisations)
        audit(actor=by, action="engagement.log", obj=entry, data={"team": team.pk, "kind": kind})
    return entry


# --- advisory committees ----------------------------------------------------

def committee_establish(*, team: CountryTeam, by, name: str, established_on=None, mandate: str = ""):
    _require(by, "partnerships.manage_team", team)
    with transaction.atomic():
        committee, created = AdvisoryCommittee.objects.update_or_create(
            team=team, defaults={"name": name, "established_on": established_on, "mandate": mandate})
        audit(actor=by, action="advisory_committee.establish" if created else "advisory_committee.update",
              obj=committee)
    return committee


def committee_member_add(*, committee: AdvisoryCommittee, by, name: str, sector: str, term_starts_on,
                         term_ends_on, affiliation: str = "", organisation=None) -> CommitteeMember:
    _require(by, "partnerships.manage_team", committee.team)
    errors = {}
    if sector not in CommitteeMember.Sector.values:
        errors["sector"] = _("Choose a sector.")
    if term_starts_on and term_ends_on and term_ends_on < term_starts_on:
        errors["term_ends_on"] = _("The term must end after it starts.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        member = CommitteeMember.objects.create(committee=committee, name=name, sector=sector,
                                                affiliation=affiliation, organisation=organisation,
                                                term_starts_on=term_starts_on, term_ends_on=term_ends_on)
        audit(actor=by, action="advisory_committee.add_member", obj=member, data={"committee": committee.pk})
    return member


def committee_meeting_record(*, committee: AdvisoryCommittee, by, held_on, title: str, minutes: str,
                             recommendations: str = "") -> CommitteeMeeting:
    _require(by, "partnerships.manage_team", committee.team)
    if not (minutes or "").strip():
        raise ValidationError({"minutes": _("Record the minutes.")})
    with transaction.atomic():
        meeting = CommitteeMeeting.objects.create(committee=committee, held_on=held_on, title=title,
                                                  minutes=minutes, recommendations=recommendations)
        audit(actor=by, action="advisory_committee.record_meeting", obj=meeting, data={"committee": committee.pk})
    return meeting


# --- the single entry point ----------------------------------------------

def route(*, topic: str, text: str) -> tuple[Unit, RoutingRule | None]:
    """The first matching rule's unit; without one, the NGO liaison unit (or any unit)."""
    normalised = normalise_name(text)
    for rule in RoutingRule.objects.select_related("unit"):
        if rule.topic and rule.topic != topic:
            continue
        if rule.keyword and normalise_name(rule.keyword) not in normalised:
            continue
        return rule.unit, rule
    unit = Unit.objects.filter(code="ngo-liaison").first() or Unit.objects.order_by("pk").first()
    if unit is None:
        raise ValidationError(_("The Partnerships Office has no unit to receive inquiries yet."))
    return unit, None


# Crockford's base 32 without look-alikes (no I, L, O, U): read aloud and typed back without mistakes.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 10  # 50 random bits: a collision is not expected in billions of inquiries
REFERENCE_ATTEMPTS = 5


def _new_reference():
    """INQ-2026-7KX2M9QD4T: the year, then 50 bits from the system's CSPRNG."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"INQ-{timezone.now():%Y}-{code}"


def inquiry_submit(*, organisation, by, topic: str, subject: str, message: str,
                   submission_token=None) -> Inquiry:
    """Receive, route and acknowledge an NGO's inquiry: the NGO sees its
    reference and unit at once, and an e-mail follows on commit.

    `submission_token` (the form's hidden double-submit token) makes the
    submission idempotent: the same token from the same person returns the
    inquiry it already made, even when two requests race (the database's
    unique constraint decides). A reference that collides is drawn again."""
    from accreditation.rules import is_member_of_organisation

    if not (by.has_perm("partnerships.submit_inquiry") and is_member_of_organisation(by, organisation)):
        raise PermissionDenied(_("You may only write on behalf of your own organisation."))
    errors = {}
    if topic not in dict(Inquiry._meta.get_field("topic").choices):
        errors["topic"] = _("Choose a topic.")
    if not (subject or "").strip():
        errors["subject"] = _("Give your inquiry a subject.")
    if not (message or "").strip():
        errors["message"] = _("Write your question.")
    if errors:
        raise ValidationError(errors)
    if submission_token:
        existing = Inquiry.objects.filter(submitted_by=by, submission_token=submission_token).first()
        if existing is not None:
            return existing
    unit, rule = route(topic=topic, text=f"{subject} {message}")
    now = timezone.now()
    with transaction.atomic():
        for attempt in range(REFERENCE_ATTEMPTS):
            reference = _new_reference()
            try:
                with transaction.atomic():  # a savepoint: a lost race or a collision leaves the rest intact
                    inquiry = Inquiry.objects.create(
                        reference=reference, organisation=organisation, submitted_by=by, topic=topic,
                        subject=subject.strip(), message=message.strip(), unit=unit, routed_by_rule=rule,
                        created_at=now, acknowledged_at=now, submission_token=submission_token or None)
                break
            except IntegrityError:
                if submission_token:
                    existing = Inquiry.objects.filter(submission_token=submission_token).first()
                    if existing is not None:
                        if existing.submitted_by_id != by.pk:
                            raise ValidationError(_("This form was already sent; open it again.")) from None
                        return existing
                if attempt == REFERENCE_ATTEMPTS - 1 or not Inquiry.objects.filter(reference=reference).exists():
                    raise
        audit(actor=by, action="inquiry.submit", obj=inquiry, to_state=inquiry.state,
              data={"unit": unit.code, "rule": rule.pk if rule else None})
        _queue_inquiry_mail(inquiry, "acknowledgement", key=f"inquiry-acknowledgement:{inquiry.pk}",
                            on_sent="partnerships.services.inquiry_acknowledgement_sent")
    return inquiry


def _queue_inquiry_mail(inquiry: Inquiry, template: str, *, key: str, on_sent: str = ""):
    """The NGO's e-mail about its inquiry, queued in the outbox with the change."""
    user = inquiry.submitted_by
    if not user.email:
        return
    link = settings.SITE_URL.rstrip("/") + reverse("partnerships:inquiry-detail", args=[inquiry.pk])
    # The state label stays lazy: it is said in the reader's language when rendered.
    context = {"inquiry": inquiry, "user": user, "link": link, "state": INQUIRY.states[inquiry.state].public_label,
               "last_message": inquiry.messages.filter(from_staff=True).last()}
    outbox.enqueue_email(to=[user.email], subject_template=f"partnerships/email/{template}_subject.txt",
                         body_template=f"partnerships/email/{template}.txt", context=context,
                         language=user.preferred_language, key=key, on_sent=on_sent,
                         on_sent_args=[inquiry.pk] if on_sent else [])


def inquiry_acknowledgement_sent(inquiry_id: int) -> None:
    """The outbox calls this once the mail server accepted the acknowledgement."""
    Inquiry.objects.filter(pk=inquiry_id, acknowledgement_sent_at__isnull=True).update(
        acknowledgement_sent_at=timezone.now())


def inquiry_transition(*, inquiry: Inquiry, by, transition: str, text: str = "") -> Inquiry:
    """Move an inquiry along its workflow; the text (question, reply, answer)
    goes into the conversation and, from staff, to the NGO by e-mail."""
    if transition not in INQUIRY.transitions:
        raise ValidationError({"transition": _("Unknown action.")})
    if not by.has_perm("partnerships.view_inquiry", inquiry):
        raise PermissionDenied(_("You may not act on this inquiry."))
    with transaction.atomic():
        locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        from_staff = by.has_perm("partnerships.handle_inquiry")
        if transition == "take":
            locked.assigned_to = by
        INQUIRY.fire(locked, transition, by=by, reason=text, update_fields=("assigned_to", "updated_at"))
        message = None
        if text.strip():
            message = InquiryMessage.objects.create(inquiry=locked, author=by, from_staff=from_staff,
                                                    body=text.strip())
        if from_staff and transition in ("ask", "answer"):
            step = f"message-{message.pk}" if message else f"{transition}-{locked.updated_at.isoformat()}"
            _queue_inquiry_mail(locked, "update", key=f"inquiry-update:{locked.pk}:{step}")
    return locked


# --- the reform tracker ---------------------------------------------------

def tracker_update(*, item, by, transition: str = "", note: str | None = None, unit=None,
                   evidence_url: str | None = None):
    """Change a proposal's or measure's status (through TRACKER), its
    responsible unit, its progress note or the link to its evidence. A status
    never claims more than the evidence: piloted or implemented needs a link."""
    _require(by, "partnerships.manage_tracker")
    with transaction.atomic():
        locked = type(item).objects.select_for_update().get(pk=item.pk)
        changed = []
        if evidence_url is not None and evidence_url.strip() != locked.evidence_url:
            locked.evidence_url = evidence_url.strip()[:300]
            changed.append("evidence_url")
        target = TRACKER.transitions[transition].target if transition in TRACKER.transitions else locked.status
        if target in ("piloted", "implemented") and not locked.evidence_url:
            raise ValidationError({"evidence_url": _("Link the evidence (the feature or the decision) before "
                                                     "calling this piloted or implemented.")})
        if note is not None and note != locked.progress_note:
            locked.progress_note = note
            changed.append("progress_note")
        if unit is not None and unit.pk != locked.unit_id:
            locked.unit = unit
            changed.append("unit")
        if transition:
            if transition not in TRACKER.transitions:
                raise ValidationError({"transition": _("Unknown action.")})
            TRACKER.fire(locked, transition, by=by, reason=note or "", update_fields=(*changed, "updated_at"))
        elif changed:
            locked.save(update_fields=[*changed, "updated_at"])
            audit(actor=by, action="reform_tracker.update", obj=locked, data={"changed": changed})
    return locked

"""Who may do what in a meeting: every check reads the rights table
(ParticipationRight), the meeting's own settings and its invitations."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from accreditation.models import EntityKind, Organisation, StatusState

from .models import Invitation, Meeting, Participant, ParticipationRight, Right


def participant_of(organisation: Organisation) -> str | None:
    """The rights-table participant an organisation counts as: an NGO by its
    status category while in status; another entity by its kind."""
    if organisation.entity_kind == EntityKind.NGO:
        if organisation.status_state == StatusState.ACTIVE and organisation.status_category:
            return organisation.status_category
        return None
    if organisation.profile_state == Organisation.ProfileState.APPROVED:
        return organisation.entity_kind
    return None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    word_limit: int | None = None

    def __bool__(self):
        return self.allowed


def _invited(meeting: Meeting, organisation: Organisation) -> bool:
    return Invitation.objects.filter(meeting=meeting, organisation=organisation).exists()


def check_right(organisation: Organisation, meeting: Meeting, right: str) -> Decision:
    right_label = Right(right).label
    # Where the table gives a right to whomever the convener invites (the
    # Arria formula), an invitation suffices, with or without status (¶13).
    invitee_row = ParticipationRight.objects.filter(body_kind=meeting.body.kind, participant=Participant.INVITEE,
                                                    right=right).first()
    if invitee_row is not None and _invited(meeting, organisation):
        return Decision(True, word_limit=invitee_row.word_limit)
    participant = participant_of(organisation)
    if invitee_row is not None and not ParticipationRight.objects.filter(
            body_kind=meeting.body.kind, participant=participant or "", right=right).exists():
        return Decision(False, _("Taking part here is by invitation of the member convening the meeting, and your "
                                 "organisation is not invited."))
    if participant is None:
        if (right == Right.ATTEND and meeting.admits_dpi_associated and organisation.dpi_associated_on
                and organisation.status_state != StatusState.SUSPENDED):
            if meeting.invitation_only and not _invited(meeting, organisation):
                return Decision(False, _("This meeting is by invitation only, and your organisation is not invited."))
            return Decision(True)
        if organisation.status_state == StatusState.SUSPENDED:
            return Decision(False, _("Your organisation's consultative status is suspended."))
        return Decision(False, _("Only organisations in consultative status (or admitted participants) may take "
                                 "part in this meeting."))
    if meeting.participants and participant not in meeting.participants:
        return Decision(False, _("%(participant)s do not take part in this meeting.")
                        % {"participant": Participant(participant).label})
    row = ParticipationRight.objects.filter(body_kind=meeting.body.kind, participant=participant,
                                            right=right).first()
    if row is None:
        return Decision(False, _("%(participant)s may not “%(right)s” at meetings of this body.")
                        % {"participant": Participant(participant).label, "right": right_label})
    invited = None
    if meeting.invitation_only:
        invited = _invited(meeting, organisation)
        if not invited:
            return Decision(False, _("This meeting is by invitation only, and your organisation is not invited."))
    if row.condition == ParticipationRight.Condition.IN_FIELD:
        org_areas = set(organisation.areas.values_list("pk", flat=True))
        meeting_areas = set(meeting.areas.values_list("pk", flat=True))
        if not org_areas & meeting_areas:
            return Decision(False, _("Roster organisations take part only in meetings in their field, and this "
                                     "meeting is outside your organisation's areas of expertise."))
    if row.condition == ParticipationRight.Condition.BY_INVITATION:
        if invited is None:
            invited = _invited(meeting, organisation)
        if not invited:
            return Decision(False, _("%(participant)s may “%(right)s” here only when invited.")
                            % {"participant": Participant(participant).label, "right": right_label})
    return Decision(True, word_limit=row.word_limit)


def rights_summary(organisation: Organisation, meeting: Meeting) -> list[tuple[str, Decision]]:
    return [(Right(r).label, check_right(organisation, meeting, r)) for r in Right.values]

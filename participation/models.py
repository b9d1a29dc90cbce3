"""Participation in intergovernmental meetings (report ¶7–19, ¶35).

Meeting kinds and the rights table are data. Registrations, statements and
speaking requests move only through the workflows in `workflow.py`.

Stable names read by other apps (the trust fund, issue 6):
- `Meeting`, `Designation` (an organisation's annual designation of a
  `Representative`), `Registration` (a designated representative registered
  for a meeting); `Registration.State.CONFIRMED` is the "registered" state and
  `Registration.objects.confirmed()` the queryset of confirmed registrations.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accreditation.models import Body, EntityKind, StatusCategory
from portal.i18n import ByLanguage


class Right(models.TextChoices):
    ATTEND = "attend", _("Attend")
    WRITTEN_STATEMENT = "written_statement", _("Circulate a written statement")
    ORAL_STATEMENT = "oral_statement", _("Make an oral statement")
    PROPOSE_AGENDA_ITEM = "propose_agenda_item", _("Propose an agenda item")


class Participant(models.TextChoices):
    """Who a right belongs to: an NGO by its status category, or another kind
    of participating entity (¶16–19) by its kind."""

    GENERAL = StatusCategory.GENERAL.value, StatusCategory.GENERAL.label
    SPECIAL = StatusCategory.SPECIAL.value, StatusCategory.SPECIAL.label
    ROSTER = StatusCategory.ROSTER.value, StatusCategory.ROSTER.label
    PARLIAMENT = EntityKind.PARLIAMENT.value, EntityKind.PARLIAMENT.label
    LOCAL_AUTHORITY = EntityKind.LOCAL_AUTHORITY.value, EntityKind.LOCAL_AUTHORITY.label
    LOCAL_AUTHORITY_ASSOCIATION = (EntityKind.LOCAL_AUTHORITY_ASSOCIATION.value,
                                   EntityKind.LOCAL_AUTHORITY_ASSOCIATION.label)
    # Anyone a meeting's convener invites, NGO or expert, with or without
    # status (the Security Council's Arria formula, ¶13 and footnote 3).
    BUSINESS = EntityKind.BUSINESS.value, EntityKind.BUSINESS.label
    BUSINESS_ASSOCIATION = EntityKind.BUSINESS_ASSOCIATION.value, EntityKind.BUSINESS_ASSOCIATION.label
    FOUNDATION = EntityKind.FOUNDATION.value, EntityKind.FOUNDATION.label
    INVITEE = "invitee", _("Invited organisation or expert, with or without status")


class MeetingKind(models.Model):
    """A kind of meeting (data): GA hearing, Arria-formula meeting, ..."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Defaults copied onto each new meeting of this kind (the meeting decides).
    invitation_only = models.BooleanField(_("by invitation only"), default=False)
    keeps_records = models.BooleanField(_("records kept"), default=True)
    single_convener = models.BooleanField(_("convened and chaired by one member"), default=False)
    agenda_agreed_with_ngos = models.BooleanField(_("agenda agreed with NGO representatives"), default=False)
    is_online_consultation = models.BooleanField(_("online consultation"), default=False)
    default_duration_days = models.PositiveSmallIntegerField(_("usual duration (days)"), default=1)

    class Meta:
        verbose_name = _("kind of meeting")
        verbose_name_plural = _("kinds of meeting")
        ordering = [ByLanguage("name", translated=True)]

    def __str__(self):
        return self.name


class ParticipationRight(models.Model):
    """One row of the rights table: in meetings of bodies of `body_kind`, a
    `participant` has `right`, always, only in its field, or only by
    invitation. No row: no right. Written-statement rows carry the word limit."""

    class Condition(models.TextChoices):
        ALWAYS = "always", _("Always")
        IN_FIELD = "in_field", _("Only in meetings in its field")
        BY_INVITATION = "by_invitation", _("Only by invitation")

    body_kind = models.CharField(_("kind of body"), max_length=30, choices=Body.Kind.choices)
    participant = models.CharField(_("participant"), max_length=30, choices=Participant.choices)
    right = models.CharField(_("right"), max_length=30, choices=Right.choices)
    condition = models.CharField(_("condition"), max_length=20, choices=Condition.choices,
                                 default=Condition.ALWAYS)
    word_limit = models.PositiveIntegerField(_("word limit"), null=True, blank=True)

    class Meta:
        verbose_name = _("participation right")
        verbose_name_plural = _("participation rights")
        ordering = ["body_kind", "participant", "right"]
        constraints = [
            models.UniqueConstraint(fields=["body_kind", "participant", "right"], name="uniq_participation_right",
                                    violation_error_message=_("The rights table already has a row for this kind of body, participant and right.")),
            models.CheckConstraint(
                condition=models.Q(right="written_statement", word_limit__gt=0)
                | (~models.Q(right="written_statement") & models.Q(word_limit__isnull=True)),
                name="word_limit_only_for_written_statements",
                violation_error_message=_("Give a word limit above zero for written statements, and none for other rights."),
            ),
        ]

    def __str__(self):
        return f"{self.get_body_kind_display()} · {self.get_participant_display()} · {self.get_right_display()}"


class Meeting(models.Model):
    kind = models.ForeignKey(MeetingKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="meetings")
    body = models.ForeignKey("accreditation.Body", verbose_name=_("body"), on_delete=models.PROTECT,
                             related_name="meetings")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    related_meeting = models.ForeignKey("self", verbose_name=_("held before / in connection with"), null=True,
                                        blank=True, on_delete=models.SET_NULL, related_name="related_meetings")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    per_organisation_cap = models.PositiveSmallIntegerField(_("representatives per organisation"), default=2)
    capacity = models.PositiveIntegerField(_("total capacity"), default=100)
    invitation_only = models.BooleanField(_("by invitation only"), default=False)
    keeps_records = models.BooleanField(_("records kept"), default=True)
    convener = models.CharField(_("convened and chaired by"), max_length=200, blank=True,
                                help_text=_("The Council member convening an Arria-formula meeting."))
    agenda = models.TextField(_("agenda"), blank=True)
    agenda_agreed_with = models.TextField(_("agenda agreed with"), blank=True)
    # Which participants take part (empty: every participant the rights table admits).
    participants = models.JSONField(_("participants admitted"), default=list, blank=True)
    admits_dpi_associated = models.BooleanField(_("admits organisations associated with DPI"), default=False)
    areas = models.ManyToManyField("accreditation.AreaOfExpertise", verbose_name=_("fields"), blank=True,
                                   related_name="meetings")
    speaking_minutes = models.PositiveSmallIntegerField(_("minutes per speaker"), default=3)
    speakers_list_published_at = models.DateTimeField(_("speakers list published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="meeting_dates_ordered",
                                   violation_error_message=_("The meeting cannot end before it starts.")),
            models.CheckConstraint(condition=models.Q(registration_closes_at__gt=models.F("registration_opens_at")),
                                   name="meeting_registration_window_ordered",
                                   violation_error_message=_("Registration must close after it opens.")),
            models.CheckConstraint(condition=models.Q(per_organisation_cap__gte=1) & models.Q(capacity__gte=1),
                                   name="meeting_caps_positive",
                                   violation_error_message=_("Allow at least one representative per organisation and a total capacity of at least one.")),
        ]

    def __str__(self):
        return self.title

    @property
    def no_record(self) -> bool:
        return not self.keeps_records

    def has_ended(self, today=None) -> bool:
        """The meeting's last day is past (in the portal's time zone)."""
        return self.ends_on < (today or timezone.localdate())

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.registration_opens_at <= now < self.registration_closes_at
                and not self.has_ended(timezone.localtime(now).date()))


class Invitation(models.Model):
    """An organisation invited to an invitation-only meeting, or to submit
    where its right holds only by invitation."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey("accreditation.Organisation", on_delete=models.CASCADE,
                                     related_name="meeting_invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["meeting", "organisation"], name="uniq_invitation",
                                               violation_error_message=_("This organisation is already invited to the meeting."))]

    def __str__(self):
        return f"{self.organisation} → {self.meeting}"


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Another gender")
    UNDISCLOSED = "undisclosed", _("Prefers not to say")


class Representative(models.Model):
    """A person who represents an organisation (and may have a portal login)."""

    organisation = models.ForeignKey("accreditation.Organisation", verbose_name=_("organisation"),
                                     on_delete=models.CASCADE, related_name="representatives")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("portal account"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="representations")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, default=Gender.UNDISCLOSED)
    email = models.EmailField(_("e-mail"), blank=True)
    title = models.CharField(_("title or function"), max_length=200, blank=True)
    nationality = models.ForeignKey("portal.Country", verbose_name=_("nationality"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], condition=models.Q(user__isnull=False),
                                    name="uniq_representative_user_per_org",
                                    violation_error_message=_("This portal account already represents the organisation.")),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


class Designation(models.Model):
    """An organisation's annual designation of a representative (UNOG
    practice): one President/CEO, one chief administrative officer, one main
    representative, up to four additional; valid to 31 December."""

    class Role(models.TextChoices):
        PRESIDENT = "president", _("President or chief executive")
        CHIEF_ADMINISTRATIVE_OFFICER = "cao", _("Chief administrative officer")
        MAIN = "main", _("Main representative")
        ADDITIONAL = "additional", _("Additional representative")

    # How many designations of each role an organisation may hold in a year.
    CAPS = {Role.PRESIDENT: 1, Role.CHIEF_ADMINISTRATIVE_OFFICER: 1, Role.MAIN: 1, Role.ADDITIONAL: 4}

    organisation = models.ForeignKey("accreditation.Organisation", verbose_name=_("organisation"),
                                     on_delete=models.CASCADE, related_name="designations")
    representative = models.ForeignKey(Representative, verbose_name=_("representative"), on_delete=models.PROTECT,
                                       related_name="designations")
    year = models.PositiveSmallIntegerField(_("year"))
    role = models.CharField(_("designated as"), max_length=20, choices=Role.choices)
    valid_until = models.DateField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    designated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                      related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        ordering = ["-year", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "role"],
                condition=models.Q(revoked_at__isnull=True) & ~models.Q(role="additional"),
                name="uniq_single_designation_role_per_year",
                violation_error_message=_("Someone already holds this designation for the organisation this year: revoke it first."),
            ),
            models.UniqueConstraint(fields=["representative", "year"], condition=models.Q(revoked_at__isnull=True),
                                    name="uniq_designation_per_person_year",
                                    violation_error_message=_("This person is already designated for the organisation this year.")),
        ]

    def __str__(self):
        return f"{self.representative} · {self.get_role_display()} · {self.year}"

    @staticmethod
    def end_of_year(year: int) -> datetime.date:
        return datetime.date(year, 12, 31)

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.revoked_at is None and day.year == self.year and day <= self.valid_until


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(state=Registration.State.CONFIRMED)

    def holding_places(self):
        return self.filter(state__in=Registration.HOLDS_PLACE)


class Registration(models.Model):
    """A designated representative registered for a meeting. States (see
    workflow.REGISTRATION): requested → approved (focal point) → confirmed
    (secretariat; the pass is issued); waitlisted when the meeting is full;
    withdrawn; refused."""

    class State(models.TextChoices):
        WAITLISTED = "waitlisted", _("On the waiting list")
        REQUESTED = "requested", _("Awaiting focal-point approval")
        APPROVED = "approved", _("Awaiting secretariat confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REFUSED = "refused", _("Refused")

    HOLDS_PLACE = (State.REQUESTED, State.APPROVED, State.CONFIRMED)
    COUNTS_FOR_ORGANISATION = (*HOLDS_PLACE, State.WAITLISTED)

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT,
                                related_name="registrations")
    organisation = models.ForeignKey("accreditation.Organisation", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="meeting_registrations")
    representative = models.ForeignKey(Representative, verbose_name=_("representative"), on_delete=models.PROTECT,
                                       related_name="registrations")
    designation = models.ForeignKey(Designation, verbose_name=_("designation"), on_delete=models.PROTECT,
                                    related_name="registrations")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.REQUESTED,
                             db_index=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                      related_name="+")
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    # Order on the waiting list: the registration time, ties broken by id.
    badge_code = models.CharField(_("pass code"), max_length=32, unique=True, null=True, blank=True)
    checked_in_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # The last state the representative was told about by e-mail (keeps the notice task idempotent).
    notified_state = models.CharField(max_length=20, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "representative"],
                condition=models.Q(state__in=["waitlisted", "requested", "approved", "confirmed"]),
                name="uniq_live_registration_per_person",
                violation_error_message=_("This person is already registered for the meeting."),
            ),
        ]
        indexes = [models.Index(fields=["meeting", "state", "registered_at"])]

    def __str__(self):
        return f"{self.representative} @ {self.meeting}"

    @property
    def public_state_label(self):
        from .workflow import REGISTRATION

        return REGISTRATION.public_label(self.state)


class Statement(models.Model):
    """A written statement for a meeting (one per organisation per session),
    possibly joint with co-sponsors."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Not accepted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    LIVE = (State.SUBMITTED, State.ACCEPTED)

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT,
                                related_name="statements")
    organisation = models.ForeignKey("accreditation.Organisation", verbose_name=_("submitted by"),
                                     on_delete=models.PROTECT, related_name="statements")
    cosponsors = models.ManyToManyField("accreditation.Organisation", verbose_name=_("co-sponsors"), blank=True,
                                        related_name="cosponsored_statements")
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=10, default="en")
    word_count = models.PositiveIntegerField(_("words"))
    word_limit = models.PositiveIntegerField(_("word limit"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUBMITTED,
                             db_index=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("written statement")
        verbose_name_plural = _("written statements")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organisation"],
                                    condition=models.Q(state__in=["submitted", "accepted"]),
                                    name="uniq_live_statement_per_org_meeting",
                                    violation_error_message=_("Your organisation already has a statement for this session (one per organisation per session).")),
        ]

    def __str__(self):
        return self.title

    @property
    def public_state_label(self):
        from .workflow import STATEMENT

        return STATEMENT.public_label(self.state)


class SpeakingRequest(models.Model):
    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SCHEDULED = "scheduled", _("On the speakers list")
        DECLINED = "declined", _("Not retained")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT,
                                related_name="speaking_requests")
    organisation = models.ForeignKey("accreditation.Organisation", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="speaking_requests")
    speaker = models.ForeignKey(Representative, verbose_name=_("speaker"), on_delete=models.PROTECT,
                                related_name="speaking_requests")
    topic = models.CharField(_("topic"), max_length=300)
    network = models.ForeignKey("accreditation.Network", verbose_name=_("network represented"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="speaking_requests")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.REQUESTED,
                             db_index=True)
    position = models.PositiveSmallIntegerField(_("order"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=3)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("request to speak")
        verbose_name_plural = _("requests to speak")
        ordering = ["position", "requested_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organisation"],
                                    condition=models.Q(state__in=["requested", "scheduled"]),
                                    name="uniq_live_speaking_request_per_org",
                                    violation_error_message=_("Your organisation has already asked to speak at this meeting.")),
        ]

    def __str__(self):
        return f"{self.speaker} — {self.topic}"

    @property
    def public_state_label(self):
        from .workflow import SPEAKING_REQUEST

        return SPEAKING_REQUEST.public_label(self.state)


class Consultation(models.Model):
    """An online consultation ("global Internet assembly", ¶35): an open
    question or a poll, open for a period."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Open question")
        POLL = "poll", _("Poll")

    title = models.CharField(_("title"), max_length=300)
    question = models.TextField(_("question"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.QUESTION)
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="consultations")
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    open_to_public = models.BooleanField(_("open to the public"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("online consultation")
        verbose_name_plural = _("online consultations")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")),
                                   name="consultation_period_ordered",
                                   violation_error_message=_("The consultation must close after it opens.")),
        ]

    def __str__(self):
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class ConsultationOption(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.label


class ConsultationResponse(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="responses")
    option = models.ForeignKey(ConsultationOption, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="responses")
    text = models.TextField(_("answer"), blank=True)
    organisation = models.ForeignKey("accreditation.Organisation", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="consultation_responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    # One answer per organisation, per account or per anonymous browser.
    respondent_key = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "respondent_key"], name="uniq_consultation_respondent",
                                    violation_error_message=_("An answer from you is already recorded for this consultation.")),
        ]

    def __str__(self):
        return f"{self.consultation}: {self.respondent_key}"

"""Country level and the Partnerships Office (report ¶36–58).

The public directory reads accreditation.models.Organisation, the one record
of the portal; its search index lives here (DirectoryEntry) because the
organisation table belongs to the accreditation app.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.i18n import ByLanguage


class SearchTextField(models.TextField):
    """Normalised (lower-case, accent-free) text; on PostgreSQL the trigram
    lookups are registered on this field only (see apps.py)."""


class DirectoryEntry(models.Model):
    """The search index of one organisation: its names and acronym,
    normalised with portal.text.normalise_name. Kept current by signals and
    rebuilt in bulk by `manage.py rebuild_directory_index`."""

    organisation = models.OneToOneField("accreditation.Organisation", on_delete=models.CASCADE, primary_key=True,
                                        related_name="directory_entry")
    search_text = SearchTextField(blank=True)
    acronym = models.CharField(max_length=50, blank=True, db_index=True)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("directory index entry")
        verbose_name_plural = _("directory index")

    def __str__(self):
        return self.search_text[:80]


class Agency(models.Model):
    """A UN entity (data): fund or programme, specialised agency, regional
    commission, or the group coordinating them (UNDG)."""

    class Kind(models.TextChoices):
        FUND_PROGRAMME = "fund_programme", _("Fund or programme")
        SPECIALISED_AGENCY = "specialised_agency", _("Specialised agency")
        REGIONAL_COMMISSION = "regional_commission", _("Regional commission")
        COORDINATION = "coordination", _("Coordination body")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.FUND_PROGRAMME)

    class Meta:
        verbose_name = _("UN agency")
        verbose_name_plural = _("UN agencies")
        ordering = [ByLanguage("name", translated=True)]

    def __str__(self):
        return self.name


class CountryTeam(models.Model):
    """A UN country team: the resident coordinator and the UNDG civil-society
    focal point (¶45) who keeps the roster of national NGOs."""

    country = models.OneToOneField("portal.Country", verbose_name=_("country"), on_delete=models.PROTECT,
                                   related_name="country_team")
    resident_coordinator = models.CharField(_("resident coordinator"), max_length=200, blank=True)
    focal_point = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("civil-society focal point"),
                                    null=True, blank=True, on_delete=models.SET_NULL, related_name="country_teams")
    agencies = models.ManyToManyField(Agency, verbose_name=_("agencies"), blank=True, related_name="country_teams")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("country team")
        verbose_name_plural = _("country teams")
        ordering = ["country__name"]

    def __str__(self):
        return str(self.country)


class RosterEntry(models.Model):
    """A national NGO on the country's roster: the portal's own organisation
    record, accredited or not."""

    team = models.ForeignKey(CountryTeam, on_delete=models.CASCADE, related_name="roster")
    organisation = models.ForeignKey("accreditation.Organisation", verbose_name=_("organisation"),
                                     on_delete=models.CASCADE, related_name="roster_entries")
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster")
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint(fields=["team", "organisation"], name="uniq_roster_entry",
                                               violation_error_message=_("This organisation is already on the country team's roster."))]

    def __str__(self):
        return f"{self.team}: {self.organisation}"


class Engagement(models.Model):
    """Seminars, briefings and consultations the focal point holds (¶39–46)."""

    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("Seminar")
        BRIEFING = "briefing", _("Briefing")
        PRSP = "prsp", _("Consultation on the poverty-reduction strategy")
        MDG = "mdg", _("Consultation on the development-goals report")
        OTHER = "other", _("Other engagement")

    team = models.ForeignKey(CountryTeam, on_delete=models.CASCADE, related_name="engagements")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    held_on = models.DateField(_("held on"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    organisations = models.ManyToManyField("accreditation.Organisation", verbose_name=_("participating organisations"),
                                           blank=True, related_name="engagements")
    other_participants = models.TextField(_("other participants"), blank=True,
                                          help_text=_("Agencies, officials, academics: one per line."))
    participant_count = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    outcomes = models.TextField(_("outcomes"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagement log")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on} {self.title}"


class AdvisoryCommittee(models.Model):
    """A national NGO advisory committee (¶46; pilot: Botswana 2003)."""

    team = models.OneToOneField(CountryTeam, on_delete=models.CASCADE, related_name="advisory_committee")
    name = models.CharField(_("name"), max_length=250)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    mandate = models.TextField(_("mandate"), blank=True)

    class Meta:
        verbose_name = _("national NGO advisory committee")
        verbose_name_plural = _("national NGO advisory committees")
        ordering = ["team__country__name"]

    def __str__(self):
        return self.name


class CommitteeMember(models.Model):
    class Sector(models.TextChoices):
        NGO = "ngo", _("Non-governmental organisation")
        ACADEMIA = "academia", _("Academia")
        MEDIA = "media", _("Media")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")

    committee = models.ForeignKey(AdvisoryCommittee, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    affiliation = models.CharField(_("affiliation"), max_length=250, blank=True)
    organisation = models.ForeignKey("accreditation.Organisation", verbose_name=_("organisation"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="advisory_seats")
    term_starts_on = models.DateField(_("term starts on"))
    term_ends_on = models.DateField(_("term ends on"))

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["sector", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(term_ends_on__gte=models.F("term_starts_on")),
                                   name="advisory_term_order",
                                   violation_error_message=_("The term cannot end before it starts.")),
        ]

    def __str__(self):
        return self.name

    def in_term(self, on=None):
        on = on or timezone.localdate()
        return self.term_starts_on <= on <= self.term_ends_on


class CommitteeMeeting(models.Model):
    committee = models.ForeignKey(AdvisoryCommittee, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=250)
    minutes = models.TextField(_("minutes"))
    recommendations = models.TextField(_("recommendations"), blank=True, help_text=_("One per line."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on} {self.title}"

    @property
    def recommendation_list(self):
        return [line.strip() for line in self.recommendations.splitlines() if line.strip()]


class Unit(models.Model):
    """A unit of the Partnerships Office (¶48–50)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("staff"), blank=True,
                                   related_name="partnership_units")

    class Meta:
        verbose_name = _("Partnerships Office unit")
        verbose_name_plural = _("Partnerships Office units")
        ordering = [ByLanguage("name", translated=True)]

    def __str__(self):
        return self.name


class InquiryTopic(models.TextChoices):
    ACCREDITATION = "accreditation", _("Accreditation and consultative status")
    QUADRENNIAL = "quadrennial", _("Quadrennial reports")
    MEETINGS = "meetings", _("Meetings, passes and statements")
    INFORMATION = "information", _("Information and outreach")
    POLICY = "policy", _("NGO policy and the reforms")
    ELECTED = "elected", _("Parliamentarians and local authorities")
    PRIVATE_SECTOR = "private_sector", _("Business, foundations and the private sector")
    COUNTRY = "country", _("Country-level engagement")
    OTHER = "other", _("Something else")


class RoutingRule(models.Model):
    """Routing is data: the first rule (lowest position) whose topic matches
    and whose keyword (if any) appears in the inquiry sends it to its unit.
    A rule with no topic matches every topic."""

    position = models.PositiveIntegerField(_("position"), default=100)
    topic = models.CharField(_("topic"), max_length=20, choices=InquiryTopic.choices, blank=True)
    keyword = models.CharField(_("keyword"), max_length=100, blank=True,
                               help_text=_("Matched without regard to case or accents."))
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="routing_rules")

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.position}: {self.topic or '*'} {self.keyword} → {self.unit}"


class Inquiry(models.Model):
    """An NGO's question to the single entry point (¶51)."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    organisation = models.ForeignKey("accreditation.Organisation", verbose_name=_("organisation"),
                                     on_delete=models.CASCADE, related_name="inquiries")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inquiries")
    topic = models.CharField(_("topic"), max_length=20, choices=InquiryTopic.choices)
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"))
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="inquiries")
    routed_by_rule = models.ForeignKey(RoutingRule, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="assigned_inquiries")
    state = models.CharField(_("state"), max_length=20, default="received", db_index=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledgement_sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The form's double-submit token: the same form sent twice makes one inquiry.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self):
        return f"{self.reference} {self.subject}"


class InquiryMessage(models.Model):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_staff = models.BooleanField(default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.inquiry.reference} #{self.pk}"


class TrackerStatus(models.TextChoices):
    PROPOSED = "proposed", _("Not yet started")
    IN_PROGRESS = "in_progress", _("In progress")
    PILOTED = "piloted", _("Piloted")
    MEMBER_STATES = "member_states", _("Before Member States")
    IMPLEMENTED = "implemented", _("Implemented")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class SecretaryGeneralPosition(models.TextChoices):
    """The Secretary-General's position on a panel proposal, in the report's
    own terms (A/59/354). Blank: the report does not address the proposal."""

    AGREES = "agrees", _("Agrees")
    WILL_ACT = "will_act", _("Will act")
    WILL_REVIEW = "will_review", _("Will review with stakeholders")
    MEMBER_STATES = "member_states", _("For Member States to decide")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class Proposal(models.Model):
    """One of the 30 proposals of the Panel of Eminent Persons (A/58/817)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    # A working title only where the report cites the proposal; none is
    # invented for the proposals it does not address.
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    report_paragraphs = models.CharField(_("paragraphs of A/59/354"), max_length=60, blank=True)
    sg_position = models.CharField(_("position of the Secretary-General"), max_length=20, blank=True,
                                   choices=SecretaryGeneralPosition.choices)
    status = models.CharField(_("status"), max_length=20, choices=TrackerStatus.choices,
                              default=TrackerStatus.PROPOSED)
    evidence_url = models.CharField(_("evidence (link)"), max_length=300, blank=True,
                                    help_text=_("A link to the feature or the decision that shows the status."))
    unit = models.ForeignKey(Unit, verbose_name=_("responsible unit"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="proposals")
    progress_note = models.TextField(_("progress"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("panel proposal")
        verbose_name_plural = _("panel proposals")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(report_paragraphs="", sg_position="")
                           | (~models.Q(report_paragraphs="") & ~models.Q(sg_position=""))),
                name="proposal_cited_with_position",
                violation_error_message=_("A proposal the report cites has its paragraphs and the "
                                          "Secretary-General's position; one it does not cite has neither.")),
            models.CheckConstraint(
                condition=~models.Q(status__in=["implemented", "piloted"]) | ~models.Q(evidence_url=""),
                name="proposal_status_has_evidence",
                violation_error_message=_("Link the evidence before calling a proposal piloted or implemented.")),
        ]

    def __str__(self):
        return f"{self.number}. {self.display_title}"

    @property
    def addressed(self) -> bool:
        return bool(self.report_paragraphs)

    @property
    def display_title(self) -> str:
        return self.title if self.addressed and self.title else str(NOT_ADDRESSED)


NOT_ADDRESSED = _("Not addressed in this report")


class Measure(models.Model):
    """A reform measure the Secretary-General's report proposes (A/59/354)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    report_paragraphs = models.CharField(_("paragraphs of A/59/354"), max_length=60, blank=True)
    proposals = models.ManyToManyField(Proposal, verbose_name=_("panel proposals"), blank=True,
                                       related_name="measures")
    status = models.CharField(_("status"), max_length=20, choices=TrackerStatus.choices,
                              default=TrackerStatus.PROPOSED)
    evidence_url = models.CharField(_("evidence (link)"), max_length=300, blank=True,
                                    help_text=_("A link to the feature or the decision that shows the status."))
    unit = models.ForeignKey(Unit, verbose_name=_("responsible unit"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="measures")
    progress_note = models.TextField(_("progress"), blank=True)
    position = models.PositiveSmallIntegerField(default=100)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reform measure")
        verbose_name_plural = _("reform measures")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["implemented", "piloted"]) | ~models.Q(evidence_url=""),
                name="measure_status_has_evidence",
                violation_error_message=_("Link the evidence before calling a measure piloted or implemented.")),
        ]

    def __str__(self):
        return self.title


class ReformMeasureValue(models.Model):
    """One cell of "Is the reform working?": a measure, one of its
    dimensions (a region, a session, a gender...) and its value, as computed
    by the periodic snapshot from aggregates only, never from personal data.
    A cell under 3 is kept as suppressed, without its value."""

    taken_on = models.DateField(_("taken on"), db_index=True)
    measure = models.SlugField(_("measure"), max_length=40)
    dimension = models.CharField(_("dimension"), max_length=100)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=1, null=True, blank=True)
    suppressed = models.BooleanField(_("withheld (fewer than 3)"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("reform measure value")
        verbose_name_plural = _("reform measure values")
        ordering = ["taken_on", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["taken_on", "measure", "dimension"], name="uniq_reform_measure_cell",
                                    violation_error_message=_("This snapshot already has this cell.")),
            models.CheckConstraint(condition=models.Q(suppressed=False) | models.Q(value__isnull=True),
                                   name="reform_measure_suppressed_has_no_value",
                                   violation_error_message=_("A withheld cell keeps no value.")),
        ]

    def __str__(self):
        return f"{self.taken_on} {self.measure} {self.dimension}"

"""Applications for accreditation (intergovernmental track) or association
with DPI (the separate, simpler track), their documents, requests for
information and pre-screening results."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..workflow import APPLICATION, APPLICATION_OPEN_STATES
from .bodies import Body

# An application counts as in progress from its draft until a decision or withdrawal ends it.
IN_PROGRESS_STATES = ("draft", *APPLICATION_OPEN_STATES)


class Recommendation(models.TextChoices):
    GENERAL = "general", _("Recommend general consultative status")
    SPECIAL = "special", _("Recommend special consultative status")
    ROSTER = "roster", _("Recommend roster status")
    DEFER = "defer", _("Defer")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")


class Application(models.Model):
    Track = Body.Track

    organisation = models.ForeignKey("accreditation.Organisation", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="applications")
    track = models.CharField(_("track"), max_length=20, choices=Body.Track.choices,
                             default=Body.Track.INTERGOVERNMENTAL)
    bodies = models.ManyToManyField(Body, verbose_name=_("bodies sought"), blank=True, related_name="applications")
    requested_category = models.CharField(_("category sought"), max_length=10, blank=True,
                                          choices=[("general", _("General")), ("special", _("Special")),
                                                   ("roster", _("Roster"))])
    state = models.CharField(_("state"), max_length=20, choices=APPLICATION.choices, default="draft", db_index=True)
    answers = models.JSONField(_("questionnaire answers"), default=dict, blank=True)
    code_of_conduct_accepted_at = models.DateTimeField(_("code of conduct accepted at"), null=True, blank=True)
    code_of_conduct_accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                                    on_delete=models.SET_NULL, related_name="+")
    committee = models.ForeignKey("accreditation.Committee", verbose_name=_("committee"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="applications")
    criteria_set = models.ForeignKey("accreditation.CriteriaSet", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="applications")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True, db_index=True)
    session = models.ForeignKey("accreditation.Session", verbose_name=_("committee session"), null=True,
                                blank=True, on_delete=models.PROTECT, related_name="applications")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("officer"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="assigned_applications")
    assigned_at = models.DateTimeField(null=True, blank=True)
    checks_run_at = models.DateTimeField(_("automatic checks run at"), null=True, blank=True)
    recommendation = models.CharField(_("recommendation"), max_length=20, choices=Recommendation.choices,
                                      blank=True)
    recommendation_reason = models.TextField(_("reason for the recommendation"), blank=True)
    times_deferred = models.PositiveSmallIntegerField(_("times deferred"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        # One index per ordering a list uses: the queue (oldest first) and the API (newest first).
        indexes = [models.Index(fields=["state", "submitted_at"]),
                   models.Index(fields=["submitted_at", "id"], name="application_queue_order"),
                   models.Index(fields=["created_at", "id"], name="application_created_order")]
        # One application in progress per organisation and track, held by the database under concurrency.
        constraints = [models.UniqueConstraint(
            fields=["organisation", "track"],
            condition=models.Q(state__in=IN_PROGRESS_STATES),
            name="one_application_in_progress_per_track",
            violation_error_message=_("Your organisation already has an application in this track in progress."))]

    def __str__(self):
        return f"{self.organisation.display_name} — {self.get_track_display()} #{self.pk}"

    @property
    def reference(self) -> str:
        """The reference the NGO quotes: track, year received (or created), number."""
        year = self.received_on.year if self.received_on else self.created_at.year
        return f"{'DPI' if self.track == Body.Track.DPI else 'ACC'}-{year}-{self.pk:05d}"

    @property
    def public_label(self):
        return APPLICATION.public_label(self.state)

    @property
    def state_label(self):
        return APPLICATION.label(self.state)


class ApplicationDocument(models.Model):
    class Kind(models.TextChoices):
        CONSTITUTION = "constitution", _("Constitution or statutes")
        REGISTRATION = "registration", _("Registration certificate")
        FINANCIAL = "financial", _("Latest financial statement")
        ANNUAL_REPORT = "annual_report", _("Annual report")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file (PDF)"), upload_to="accreditation/documents/%Y/")
    original_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="uniq_document_kind",
                                               violation_error_message=_("This document is already uploaded for the application: upload it again to replace it."))]

    def __str__(self):
        return self.get_kind_display()


class InformationRequest(models.Model):
    """Something asked of the NGO — by the Secretariat during pre-screening or
    by a committee member — with the deadline both sides see."""

    class Source(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        COMMITTEE = "committee", _("Committee member")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="requests")
    source = models.CharField(_("asked by"), max_length=20, choices=Source.choices)
    session = models.ForeignKey("accreditation.Session", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="questions")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    question = models.TextField(_("question"))
    due_on = models.DateField(_("answer due by"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    notified_at = models.DateTimeField(_("organisation notified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for information")
        verbose_name_plural = _("requests for information")
        ordering = ["asked_at", "id"]

    def __str__(self):
        return self.question[:80]

    @property
    def is_open(self):
        return self.answered_at is None


class AnswerAttachment(models.Model):
    """A PDF sent with the answer to a request for information or a committee
    question (checked like the application's documents)."""

    MAX_PER_ANSWER = 5

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file (PDF)"), upload_to="accreditation/answers/%Y/")
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment to an answer")
        verbose_name_plural = _("attachments to answers")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name or self.file.name


class CriterionResult(models.Model):
    class Result(models.TextChoices):
        MET = "met", _("Met")
        NOT_MET = "not_met", _("Not met")
        NEEDS_INFORMATION = "needs_info", _("Needs information")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="criterion_results")
    criterion = models.ForeignKey("accreditation.Criterion", on_delete=models.PROTECT, related_name="results")
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    note = models.TextField(_("note"), blank=True)
    automatic = models.BooleanField(_("automatic"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("criterion result")
        verbose_name_plural = _("criterion results")
        ordering = ["criterion__position", "criterion_id"]
        constraints = [models.UniqueConstraint(fields=["application", "criterion"], name="uniq_criterion_result",
                                               violation_error_message=_("This criterion already has a result for the application."))]

    def __str__(self):
        return f"{self.criterion}: {self.get_result_display()}"

import rules
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .i18n import ByLanguage
from .roles import Role


class User(AbstractUser):
    """A person using the portal; what they may do follows from `role`."""

    email = models.EmailField(_("e-mail address"), unique=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.NGO)
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def has_perm(self, perm, obj=None):
        """Business permissions (the rules registered by the apps' rules.py)
        follow the role and memberships only: being a superuser grants none
        of them. Other permissions (the admin site's) keep Django's rule."""
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def has_role(self, *roles):
        return self.is_authenticated and (self.role in roles or self.is_superuser and Role.ADMIN in roles)

    @property
    def display_name(self):
        return self.get_full_name() or self.username


class AppendOnlyError(Exception):
    pass


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit entries are append-only.")

    def delete(self):
        raise AppendOnlyError("Audit entries are append-only.")

    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        )


class AuditEntry(models.Model):
    """One row per action of consequence: who, what, on which object, from
    which state to which, why and when. Append-only (also enforced by a
    trigger on PostgreSQL)."""

    actor = models.ForeignKey(
        User, verbose_name=_("actor"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    action = models.CharField(_("action"), max_length=100)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=300)
    from_state = models.CharField(_("from state"), max_length=50, blank=True)
    to_state = models.CharField(_("to state"), max_length=50, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries are append-only.")


class Heartbeat(models.Model):
    """Last time a periodic job ran; /healthz reports it."""

    name = models.CharField(max_length=100, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self):
        return f"{self.name} @ {self.last_seen:%Y-%m-%d %H:%M:%S}"


class Country(models.Model):
    """A country or area of the UN M49 standard, with the groupings the
    trust fund's eligibility and the directory's filters read (portal/data)."""

    iso2 = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    iso3 = models.CharField(max_length=3, unique=True)
    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.CharField(_("region"), max_length=40, blank=True, db_index=True)
    subregion = models.CharField(_("sub-region"), max_length=60, blank=True)
    developing = models.BooleanField(_("developing country"), default=False)
    ldc = models.BooleanField(_("least developed country"), default=False)
    lldc = models.BooleanField(_("landlocked developing country"), default=False)
    sids = models.BooleanField(_("small island developing State"), default=False)

    class Meta:
        verbose_name = _("country or area")
        verbose_name_plural = _("countries and areas")
        ordering = [ByLanguage("name", translated=True)]

    def __str__(self):
        return self.name


class StoredExport(models.Model):
    """A rendered document (CSV, XLSX, PDF) of one object in one state, one
    language and one variant (filters), kept until a newer state is rendered
    (portal/exports.py). The render task claims the row first."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be prepared")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be prepared")

    exporter = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64, blank=True)
    variant = models.CharField(max_length=500, blank=True)
    version = models.CharField(max_length=64)
    language = models.CharField(max_length=10)
    fmt = models.CharField(max_length=10)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("stored export")
        verbose_name_plural = _("stored exports")
        constraints = [models.UniqueConstraint(
            fields=["exporter", "object_id", "variant", "version", "language", "fmt"], name="uniq_stored_export",
            violation_error_message=_("This document is already being prepared in this language and format."))]

    def __str__(self):
        return f"{self.exporter} {self.object_id} {self.fmt} {self.language} ({self.state})"

    @property
    def is_ready(self):
        return self.state == self.State.READY and bool(self.file)


class OutboxMessage(models.Model):
    """A side effect of a service, written in the service's own transaction
    and carried out afterwards by the relay (portal.outbox): a Celery task to
    queue or an e-mail to send. Marked sent only once the effect happened."""

    class Kind(models.TextChoices):
        TASK = "task", _("Background task")
        EMAIL = "email", _("E-mail")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed: needs attention")

    key = models.CharField(_("key"), max_length=255, unique=True,
                           help_text=_("Names the effect; the same key is never queued twice."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    # A task: its registered name and JSON arguments.
    task_name = models.CharField(_("task"), max_length=200, blank=True)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    # An e-mail, rendered when it was queued (the body is dropped once sent).
    to = models.JSONField(_("recipients"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    body = models.TextField(_("body"), blank=True)
    html = models.TextField(_("HTML body"), blank=True)
    from_email = models.CharField(_("sender"), max_length=254, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    # Documents rendered when the e-mail is sent (portal.outbox.attachment).
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # Called, in the transaction that marks the row sent: "module.function" and its arguments.
    on_sent = models.CharField(_("after sending"), max_length=200, blank=True)
    on_sent_args = models.JSONField(_("its arguments"), default=list, blank=True)

    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    locked_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claim = models.UUIDField(_("claim"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        ordering = ["pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="portal_outbox_due")]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind="email") | ~models.Q(task_name=""),
                                   name="portal_outbox_task_has_a_name",
                                   violation_error_message=_("A task to queue needs the name of the task.")),
        ]

    def __str__(self):
        return self.subject if self.kind == self.Kind.EMAIL else self.task_name


class ApiToken(models.Model):
    """A personal API token: named, scoped, revocable. Only a hash of the
    secret is stored; the person sees the secret once, when it is made."""

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(_("prefix"), max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def allows_writes(self) -> bool:
        return self.scope == self.Scope.WRITE

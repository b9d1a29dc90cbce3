"""The organisation: one record for the whole portal, which every app links to."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from portal.i18n import ByLanguage


class EntityKind(models.TextChoices):
    """Participating entities are not only NGOs (¶16–19)."""

    NGO = "ngo", _("Non-governmental organisation")
    PARLIAMENT = "parliament", _("Parliament or parliamentarians' body")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    LOCAL_AUTHORITY_ASSOCIATION = "local_authority_association", _("Association of local authorities")
    # The private sector the report names (¶48, ¶51).
    BUSINESS = "business", _("Business")
    BUSINESS_ASSOCIATION = "business_association", _("Business association")
    FOUNDATION = "foundation", _("Foundation")


ELECTED_KINDS = (EntityKind.PARLIAMENT, EntityKind.LOCAL_AUTHORITY, EntityKind.LOCAL_AUTHORITY_ASSOCIATION)
PRIVATE_SECTOR_KINDS = (EntityKind.BUSINESS, EntityKind.BUSINESS_ASSOCIATION, EntityKind.FOUNDATION)


class StatusCategory(models.TextChoices):
    GENERAL = "general", _("General consultative status")
    SPECIAL = "special", _("Special consultative status")
    ROSTER = "roster", _("Roster")


class StatusState(models.TextChoices):
    NONE = "none", _("No status")
    ACTIVE = "active", _("In status")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AreaOfExpertise(models.Model):
    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        verbose_name = _("area of expertise")
        verbose_name_plural = _("areas of expertise")
        ordering = [ByLanguage("name", translated=True)]

    def __str__(self):
        return self.name


class Network(models.Model):
    """A network or constituency NGOs organise into (proposal 23)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = [ByLanguage("name")]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    class Type(models.TextChoices):
        NATIONAL = "national", _("National NGO")
        REGIONAL = "regional", _("Regional NGO")
        INTERNATIONAL = "international", _("International NGO")
        NETWORK = "network", _("Network or umbrella organisation")
        FOUNDATION = "foundation", _("Foundation")
        PROFESSIONAL = "professional", _("Professional or business association")
        TRADE_UNION = "trade_union", _("Trade union")
        ACADEMIC = "academic", _("Academic or research institution")
        INDIGENOUS = "indigenous", _("Indigenous peoples' organisation")
        OTHER = "other", _("Other")

    class Scope(models.TextChoices):
        LOCAL = "local", _("Local")
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")
        INTERNATIONAL = "international", _("International")

    class ProfileState(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

    entity_kind = models.CharField(_("kind of entity"), max_length=30, choices=EntityKind.choices,
                                   default=EntityKind.NGO)
    # What each kind of entity needs besides the common fields.
    represents = models.CharField(_("chamber, city or region represented"), max_length=200, blank=True,
                                  help_text=_("For parliaments and local authorities."))
    business_sector = models.CharField(_("sector of business or giving"), max_length=200, blank=True,
                                       help_text=_("For businesses, business associations and foundations."))
    name = models.CharField(_("name in its original language"), max_length=300)
    name_en_fr = models.CharField(_("name in English or French"), max_length=300, blank=True)
    acronym = models.CharField(_("acronym"), max_length=50, blank=True)
    org_type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.NATIONAL)
    hq_address = models.TextField(_("headquarters address"), blank=True)
    hq_city = models.CharField(_("headquarters city"), max_length=120, blank=True)
    country = models.ForeignKey("portal.Country", verbose_name=_("country of headquarters"), null=True,
                                on_delete=models.PROTECT, related_name="headquartered_organisations")
    established_on = models.DateField(_("date of establishment"), null=True, blank=True)
    registered_on = models.DateField(_("date of government registration"), null=True, blank=True)
    areas = models.ManyToManyField(AreaOfExpertise, verbose_name=_("areas of expertise"), blank=True,
                                   related_name="organisations")
    scope = models.CharField(_("geographic scope"), max_length=20, choices=Scope.choices, default=Scope.NATIONAL)
    countries_of_activity = models.ManyToManyField("portal.Country", verbose_name=_("countries of activity"),
                                                   blank=True, related_name="active_organisations")
    languages = models.JSONField(_("working languages"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_title = models.CharField(_("contact person's title"), max_length=200, blank=True)
    membership_size = models.PositiveIntegerField(_("number of members"), null=True, blank=True)
    affiliations = models.TextField(_("affiliations"), blank=True)
    networks = models.ManyToManyField(Network, verbose_name=_("networks"), blank=True, related_name="organisations")

    profile_state = models.CharField(_("profile"), max_length=20, choices=ProfileState.choices,
                                     default=ProfileState.PENDING, db_index=True)
    # Consultative status, set only by the accreditation services on adoption
    # and by the quadrennial lifecycle (suspension, reinstatement, withdrawal).
    status_category = models.CharField(_("status category"), max_length=10, choices=StatusCategory.choices,
                                       blank=True, db_index=True)
    status_state = models.CharField(_("status"), max_length=10, choices=StatusState.choices,
                                    default=StatusState.NONE, db_index=True)
    status_granted_on = models.DateField(_("status granted on"), null=True, blank=True)
    status_bodies = models.ManyToManyField("accreditation.Body", verbose_name=_("accredited to"), blank=True,
                                           related_name="accredited_organisations")
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("status withdrawn on"), null=True, blank=True)
    dpi_associated_on = models.DateField(_("associated with DPI on"), null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="OrganisationMembership",
                                     related_name="organisations")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = [ByLanguage("name")]
        # (name, id) is the order of the directory and of the API: without it every page sorts them all.
        indexes = [models.Index(fields=["status_state", "status_category"]),
                   models.Index(fields=["name", "id"], name="organisation_name_order")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status_state="none") | ~models.Q(status_category=""),
                name="org_status_needs_category",
                violation_error_message=_("An organisation in consultative status needs its category (general, special or roster)."),
            ),
            # The same registration sent twice (a double click, a retry, twenty requests at once) makes one row.
            models.UniqueConstraint(
                Lower("name"), "country", "created_by", name="org_unique_registration_per_account",
                violation_error_message=_("You have already registered an organisation with this name in this country."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def display_name(self):
        return self.name_en_fr or self.name

    @property
    def non_governmental_share(self) -> Decimal | None:
        """Share of funding from non-governmental sources, in percent (None when
        no sources are declared). Uses prefetched sources when present."""
        sources = list(self.funding_sources.all())
        if not sources:
            return None
        return sum((s.share for s in sources if s.kind == FundingSource.Kind.NON_GOVERNMENTAL), Decimal(0))


class FundingSource(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENTAL = "governmental", _("Governmental")
        NON_GOVERNMENTAL = "non_governmental", _("Non-governmental")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="funding_sources")
    name = models.CharField(_("source"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    share = models.DecimalField(_("share of income (%)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        constraints = [
            models.CheckConstraint(condition=models.Q(share__gte=0) & models.Q(share__lte=100), name="funding_share_percent",
                                   violation_error_message=_("A share of income is between 0 and 100%%.")),
        ]

    def __str__(self):
        return f"{self.name} ({self.share}%)"


class OrganisationMembership(models.Model):
    """An NGO representative belongs to one or more organisations; the focal
    point approves the others' registrations for meetings."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    is_focal_point = models.BooleanField(_("focal point"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="uniq_membership",
                                               violation_error_message=_("This person is already a member of the organisation."))]

    def __str__(self):
        return f"{self.user} @ {self.organisation}"


class StatusChange(models.Model):
    """The organisation's status history, shown on its public profile."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="status_changes")
    effective_on = models.DateField(_("effective on"))
    from_category = models.CharField(max_length=10, choices=StatusCategory.choices, blank=True)
    to_category = models.CharField(max_length=10, choices=StatusCategory.choices, blank=True)
    from_state = models.CharField(max_length=10, choices=StatusState.choices)
    to_state = models.CharField(max_length=10, choices=StatusState.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["-effective_on", "-id"]

    def __str__(self):
        return f"{self.organisation}: {self.from_state}→{self.to_state} {self.effective_on}"

"""The public directory: its search index and its search.

The index (DirectoryEntry) holds each organisation's names and acronym
normalised with portal.text.normalise_name (lower case, no accents,
punctuation collapsed), so "Reseau des Femmes" finds "Réseau des Femmes".

- Everywhere: every word typed must appear inside the normalised text
  (partial words, any order), case- and accent-insensitive.
- On PostgreSQL, in addition: trigram word similarity (typos: "helth")
  and English full-text search (plurals: "organizations" finds
  "organization"), all three served by GIN indexes (migration 0002).
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from accreditation.models import Body, Organisation
from portal.i18n import collated
from portal.text import normalise_name

from .models import DirectoryEntry

FTS_CONFIG = "english"
MAX_TOKENS = 8
NARROW_RESULT = 5000


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- the index ------------------------------------------------------------

def index_text(*, name: str, name_en_fr: str = "", acronym: str = "") -> str:
    return normalise_name(" ".join(part for part in (name, name_en_fr, acronym) if part))


def refresh_entry(organisation) -> DirectoryEntry:
    entry, _created = DirectoryEntry.objects.update_or_create(
        organisation_id=organisation.pk,
        defaults={"search_text": index_text(name=organisation.name, name_en_fr=organisation.name_en_fr,
                                            acronym=organisation.acronym),
                  "acronym": normalise_name(organisation.acronym), "refreshed_at": timezone.now()},
    )
    return entry


def rebuild_index(*, batch_size: int = 2000) -> int:
    """Rebuild every entry in bulk (upsert) and drop orphans; returns the count."""
    now = timezone.now()
    total = 0
    rows = Organisation.objects.order_by("pk").values_list("pk", "name", "name_en_fr", "acronym")
    batch = []
    for pk, name, name_en_fr, acronym in rows.iterator(chunk_size=batch_size):
        batch.append(DirectoryEntry(organisation_id=pk, search_text=index_text(name=name, name_en_fr=name_en_fr,
                                                                                acronym=acronym),
                                    acronym=normalise_name(acronym), refreshed_at=now))
        if len(batch) >= batch_size:
            total += _upsert(batch)
            batch = []
    if batch:
        total += _upsert(batch)
    return total


def _upsert(batch):
    DirectoryEntry.objects.bulk_create(batch, update_conflicts=True, unique_fields=["organisation"],
                                       update_fields=["search_text", "acronym", "refreshed_at"])
    return len(batch)


# --- the search -----------------------------------------------------------

OTHER_ACCREDITATIONS = ("dpi", "conference")


@dataclass
class DirectoryQuery:
    q: str = ""
    status_category: str = ""
    year: int | None = None
    country: str = ""             # headquarters, ISO alpha-2
    activity_country: str = ""    # country of activity, ISO alpha-2
    region: str = ""
    area: str = ""                # AreaOfExpertise.code
    other: str = ""               # "dpi" or "conference"
    org_type: str = ""
    entity_kind: str = ""
    errors: dict = field(default_factory=dict)

    @classmethod
    def from_params(cls, params) -> "DirectoryQuery":
        """Parse GET parameters through the directory's filter form; a value
        that makes no sense is a 400 naming the parameter (InvalidInput)."""
        from .filters import DirectoryFilter

        return cls(**DirectoryFilter(params).cleaned())

    def as_params(self) -> dict:
        keys = ("q", "status_category", "year", "country", "activity_country", "region", "area", "other",
                "org_type", "entity_kind")
        return {k: getattr(self, k) for k in keys if getattr(self, k) not in ("", None)}


def public_organisations():
    """Only organisations whose profile the Secretariat approved are public."""
    return Organisation.objects.filter(profile_state=Organisation.ProfileState.APPROVED)


def conference_accreditation():
    return Exists(Body.objects.filter(kind=Body.Kind.CONFERENCE, accredited_organisations=OuterRef("pk")))


def _text_filter(text: str) -> Q | None:
    """A condition on the organisation's index entry (one join). On
    PostgreSQL the three conditions are served by the GIN indexes and
    combined in a bitmap OR on the index table before the join."""
    normalised = normalise_name(text)
    tokens = normalised.split()[:MAX_TOKENS]
    if not tokens:
        return None
    condition = Q()
    for token in tokens:
        condition &= Q(directory_entry__search_text__contains=token)
    if on_postgres():
        condition |= (Q(directory_entry__search_text__trigram_word_similar=normalised)
                      | Q(directory_entry__search_text__fts_matches=normalised))
    return condition


def search(query: DirectoryQuery, base=None):
    """The filtered queryset of public organisations (no ordering of facets,
    no prefetch: callers add what they show)."""
    qs = public_organisations() if base is None else base
    text = _text_filter(query.q)
    if text is not None:
        qs = qs.filter(text)
    if query.status_category:
        qs = qs.filter(status_category=query.status_category, status_state__in=("active", "suspended"))
    if query.year:
        qs = qs.filter(status_granted_on__year=query.year)
    if query.country:
        qs = qs.filter(country_id=query.country)
    if query.region:
        qs = qs.filter(country__region=query.region)
    if query.org_type:
        qs = qs.filter(org_type=query.org_type)
    if query.entity_kind:
        qs = qs.filter(entity_kind=query.entity_kind)
    if query.activity_country:
        qs = qs.filter(Exists(Organisation.countries_of_activity.through.objects.filter(
            organisation_id=OuterRef("pk"), country_id=query.activity_country)))
    if query.area:
        qs = qs.filter(Exists(Organisation.areas.through.objects.filter(
            organisation_id=OuterRef("pk"), areaofexpertise__code=query.area)))
    if query.other == "dpi":
        qs = qs.filter(dpi_associated_on__isnull=False)
    elif query.other == "conference":
        qs = qs.filter(conference_accreditation())
    return qs


def ordered(qs, query: DirectoryQuery):
    if query.q and on_postgres():
        from django.contrib.postgres.search import TrigramWordSimilarity

        return qs.annotate(rank=TrigramWordSimilarity(normalise_name(query.q), "directory_entry__search_text")
                           ).order_by("-rank", collated("name"), "pk")
    # Names sorted by the reader's language (ICU collation on PostgreSQL).
    return qs.order_by(collated("name"), "pk")


def facets(qs) -> dict:
    """Counts per facet value within the result: a fixed number of queries
    (nine) whatever the size of the result. The filters use EXISTS, never
    joins that multiply rows, so the organisation-level counts group the
    result itself; the many-to-many counts group their link tables."""
    base = qs.order_by()
    ids = qs.order_by().values("pk")
    # A narrow result (a name search, several filters) is fetched once and the
    # eight counts then read it by primary key, instead of each repeating the search.
    found = list(ids.values_list("pk", flat=True)[:NARROW_RESULT + 1])
    if len(found) <= NARROW_RESULT:
        base = Organisation.objects.filter(pk__in=found)
        ids = found
    through_area = Organisation.areas.through.objects.filter(organisation_id__in=ids)
    through_activity = Organisation.countries_of_activity.through.objects.filter(organisation_id__in=ids)
    result = {
        "status_category": list(base.exclude(status_category="").values("status_category")
                                .annotate(n=Count("pk")).order_by("status_category")),
        "year": list(base.filter(status_granted_on__isnull=False).annotate(y=ExtractYear("status_granted_on"))
                     .values("y").annotate(n=Count("pk")).order_by("-y")),
        # Codes only: the names are put in the reader's language after the cache (views._label_facets).
        "country": list(base.filter(country__isnull=False).values("country_id")
                        .annotate(n=Count("pk")).order_by("-n", "country_id")),
        "region": list(base.exclude(country__region="").filter(country__isnull=False).values("country__region")
                       .annotate(n=Count("pk")).order_by("country__region")),
        "org_type": list(base.values("org_type").annotate(n=Count("pk")).order_by("org_type")),
        "area": list(through_area.values("areaofexpertise__code")
                     .annotate(n=Count("organisation_id")).order_by("-n", "areaofexpertise__code")),
        "activity_country": list(through_activity.values("country_id")
                                 .annotate(n=Count("organisation_id")).order_by("-n", "country_id")),
    }
    other = base.aggregate(dpi=Count("pk", filter=Q(dpi_associated_on__isnull=False)),
                           conference=Count("pk", filter=Q(conference_accreditation())))
    result["other"] = [{"other": k, "n": v} for k, v in other.items() if v]
    return result


# --- caching: the directory changes rarely, and is read by everyone --------

VERSION_KEY = "partnerships:directory:version"
CACHE_SECONDS = 300


def directory_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, None)


def bump_directory_version() -> None:
    """Called (on commit) whenever an organisation, its areas, countries or
    bodies change: every cached count becomes stale at once."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def cache_key(kind: str, query: DirectoryQuery) -> str:
    """A cache key for one kind of result of a query, in the current directory version."""
    return _key(kind, query)


def _key(kind: str, query: DirectoryQuery) -> str:
    params = json.dumps(query.as_params(), sort_keys=True, default=str)
    return f"partnerships:{kind}:{directory_version()}:{hashlib.sha1(params.encode(), usedforsecurity=False).hexdigest()}"


def cached_facets(query: DirectoryQuery, qs=None) -> dict:
    key = _key("facets", query)
    result = cache.get(key)
    if result is None:
        result = facets(search(query) if qs is None else qs)
        cache.set(key, result, CACHE_SECONDS)
    return result


def cached_count(query: DirectoryQuery, qs) -> int:
    key = _key("count", query)
    result = cache.get(key)
    if result is None:
        result = qs.count()
        cache.set(key, result, CACHE_SECONDS)
    return result

"""Is the reform working? The measures of success, computed from aggregates
into snapshot rows (ReformMeasureValue) by a periodic task, so pages, CSV and
API read one small table. No personal data: counts and medians only, and any
cell under 3 (or a median of fewer than 3 cases) is withheld."""

import datetime
import re
import statistics
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.i18n import region_name

SMALL = 3

# (code, title, what the dimension is) — the order is the page's.
MEASURES = [
    ("in_status_by_region", gettext_lazy("Organisations in consultative status, by region")),
    ("in_status_by_development", gettext_lazy("Organisations in consultative status: developing and developed "
                                              "countries")),
    ("share_in_status", gettext_lazy("Share of organisations in status (%)")),
    ("applications_received", gettext_lazy("Applications received, by committee session")),
    ("applications_decided", gettext_lazy("Applications decided, by committee session")),
    ("applications_deferred", gettext_lazy("Applications deferred, by committee session")),
    ("days_to_decision", gettext_lazy("Median days from submission to published decision")),
    ("backlog", gettext_lazy("Applications waiting for a decision, and their median age in days")),
    ("quadrennial_filing_rate", gettext_lazy("Quadrennial reports filed among those due, by year due (%)")),
    ("travellers_by_region", gettext_lazy("Travellers funded by the trust fund, by region")),
    ("travellers_by_gender", gettext_lazy("Travellers funded by the trust fund, by gender")),
    ("advisory_committees_by_region", gettext_lazy("National NGO advisory committees, by region")),
    ("engagements_by_region", gettext_lazy("Country-level engagements logged, by region")),
    ("inquiries", gettext_lazy("Inquiries answered, and median days to the first answer")),
]
TITLES = dict(MEASURES)

# The report's own baselines (¶20), shown beside the computed shares.
BASELINES = [
    (gettext_lazy("African organisations among those in status, 1996"), Decimal("4")),
    (gettext_lazy("African organisations among those in status, 2004"), Decimal("11")),
    (gettext_lazy("Organisations in status based in developing countries, 2004"), Decimal("30")),
]

AFRICA = "Africa"


def _median(values) -> Decimal | None:
    values = list(values)
    if len(values) < SMALL:
        return None
    return Decimal(str(statistics.median(values))).quantize(Decimal("0.1"))


def _days(later, earlier) -> int:
    return (later - earlier).days


def compute(today: datetime.date) -> list[tuple[str, str, Decimal | None, bool]]:
    """(measure, dimension, value, suppressed) rows. Counts under 3 and
    medians of fewer than 3 cases are withheld."""
    from accreditation.models import Application, Decision, Organisation, StatusState
    from accreditation.workflow import APPLICATION_OPEN_STATES
    from trustfund.models import GrantApplication
    from trustfund.workflow import FUNDED_STATES

    from .models import AdvisoryCommittee, Engagement, Inquiry, InquiryMessage

    rows = []

    def count(measure, dimension, n):
        small = 0 < n < SMALL
        rows.append((measure, str(dimension), None if small else Decimal(n), small))

    def median(measure, dimension, values):
        value = _median(values)
        rows.append((measure, str(dimension), value, value is None and len(list(values)) > 0))

    in_status = Organisation.objects.filter(status_state=StatusState.ACTIVE)
    by_region = dict(in_status.values_list("country__region").annotate(n=Count("pk")).order_by())
    for region, n in sorted(by_region.items(), key=lambda kv: kv[0] or ""):
        count("in_status_by_region", region or "unknown", n)
    by_dev = dict(in_status.values_list("country__developing").annotate(n=Count("pk")).order_by())
    count("in_status_by_development", "developing", by_dev.get(True, 0))
    count("in_status_by_development", "developed", by_dev.get(False, 0) + by_dev.get(None, 0))
    total = sum(by_region.values())
    if total >= SMALL:
        rows.append(("share_in_status", "africa", Decimal(by_region.get(AFRICA, 0) * 100 / total)
                     .quantize(Decimal("0.1")), False))
        rows.append(("share_in_status", "developing", Decimal(by_dev.get(True, 0) * 100 / total)
                     .quantize(Decimal("0.1")), False))

    received = (Application.objects.filter(session__isnull=False, submitted_at__isnull=False)
                .values_list("session__year", "session__kind").annotate(n=Count("pk")).order_by())
    for (year, kind), n in sorted(received):
        count("applications_received", f"{year}:{kind}", n)
    published = Decision.objects.filter(published_at__isnull=False)
    decided = (published.exclude(outcome="defer").values_list("session__year", "session__kind")
               .annotate(n=Count("pk")).order_by())
    for (year, kind), n in sorted(decided):
        count("applications_decided", f"{year}:{kind}", n)
    deferred = (published.filter(outcome="defer").values_list("session__year", "session__kind")
                .annotate(n=Count("pk")).order_by())
    for (year, kind), n in sorted(deferred):
        count("applications_deferred", f"{year}:{kind}", n)
    spans = [_days(p, s) for p, s in published.exclude(outcome="defer").filter(application__submitted_at__isnull=False)
             .values_list("published_at", "application__submitted_at")]
    median("days_to_decision", "all", spans)

    waiting = list(Application.objects.filter(state__in=APPLICATION_OPEN_STATES, received_on__isnull=False)
                   .values_list("received_on", flat=True))
    count("backlog", "count", len(waiting))
    median("backlog", "median_age_days", [(today - day).days for day in waiting])

    from accreditation.quadrennial.models import QuadrennialReport

    due = (QuadrennialReport.objects.filter(due_on__lte=today).values_list("due_on__year")
           .annotate(n=Count("pk"), filed=Count("pk", filter=Q(submitted_on__isnull=False))).order_by())
    for year, n, filed in sorted(due):
        if n < SMALL:
            rows.append(("quadrennial_filing_rate", str(year), None, True))
        else:
            rows.append(("quadrennial_filing_rate", str(year),
                         Decimal(filed * 100 / n).quantize(Decimal("0.1")), False))

    funded = GrantApplication.objects.filter(state__in=FUNDED_STATES)
    for region, n in sorted(funded.values_list("origin_country__region").annotate(n=Count("pk")).order_by(),
                            key=lambda kv: kv[0] or ""):
        count("travellers_by_region", region or "unknown", n)
    for gender, n in sorted(funded.values_list("gender").annotate(n=Count("pk")).order_by()):
        count("travellers_by_gender", gender, n)

    for region, n in sorted(AdvisoryCommittee.objects.values_list("team__country__region").annotate(n=Count("pk"))
                            .order_by(), key=lambda kv: kv[0] or ""):
        count("advisory_committees_by_region", region or "unknown", n)
    for region, n in sorted(Engagement.objects.values_list("team__country__region").annotate(n=Count("pk"))
                            .order_by(), key=lambda kv: kv[0] or ""):
        count("engagements_by_region", region or "unknown", n)

    answered = Inquiry.objects.filter(state__in=("answered", "closed"))
    count("inquiries", "answered", answered.count())
    first_answers = {}
    for inquiry_id, at in (InquiryMessage.objects.filter(from_staff=True, inquiry__in=answered)
                           .values_list("inquiry_id", "created_at").order_by("created_at")):
        first_answers.setdefault(inquiry_id, at)
    created = dict(answered.values_list("pk", "created_at"))
    median("inquiries", "median_days_to_answer",
           [_days(at, created[pk]) for pk, at in first_answers.items() if pk in created])
    return rows


def snapshot(*, today: datetime.date | None = None) -> int:
    """Compute today's snapshot (replacing one taken earlier today). Idempotent."""
    from .models import ReformMeasureValue

    today = today or timezone.localdate()
    rows = compute(today)
    with transaction.atomic():
        ReformMeasureValue.objects.filter(taken_on=today).delete()
        ReformMeasureValue.objects.bulk_create([
            ReformMeasureValue(taken_on=today, measure=m, dimension=d, value=v, suppressed=s, position=i)
            for i, (m, d, v, s) in enumerate(rows)])
    return len(rows)


GENDERS = {"female": gettext_lazy("Women"), "male": gettext_lazy("Men"),
           "other": gettext_lazy("Another gender"), "undisclosed": gettext_lazy("Not given")}


SESSION_DIMENSION = re.compile(r"([0-9]{4}):(\w+)", re.ASCII)


def dimension_label(measure: str, dimension: str) -> str:
    """The dimension in the reader's language (no codes on screen)."""
    from accreditation.models import Session

    if dimension == "unknown":
        return _("Region not given")
    if measure.endswith("_by_region"):
        return region_name(dimension)
    session = SESSION_DIMENSION.fullmatch(dimension)  # a session: "2026:regular"
    if session:
        year, kind = session.groups()
        kind_label = Session.Kind(kind).label if kind in Session.Kind.values else kind
        return _("%(year)s — %(kind)s") % {"year": year, "kind": kind_label}
    fixed = {
        "developing": _("Developing countries"), "developed": _("Developed countries"),
        "africa": _("African organisations"), "all": _("All decisions"),
        "count": _("Applications waiting"), "median_age_days": _("Median age (days)"),
        "answered": _("Answered"), "median_days_to_answer": _("Median days to the first answer"),
    }
    if measure == "share_in_status" and dimension == "developing":
        return _("Based in developing countries")
    if measure == "travellers_by_gender":
        return str(GENDERS.get(dimension, _("Not given")))
    return str(fixed.get(dimension, dimension))


def latest():
    """The latest snapshot's rows, grouped by measure in page order: two
    queries whatever the number of rows."""
    from .models import ReformMeasureValue

    taken_on = ReformMeasureValue.objects.order_by("-taken_on").values_list("taken_on", flat=True).first()
    rows = list(ReformMeasureValue.objects.filter(taken_on=taken_on)) if taken_on else []
    groups = []
    for code, title in MEASURES:
        cells = [{"label": dimension_label(r.measure, r.dimension), "value": r.value, "suppressed": r.suppressed}
                 for r in rows if r.measure == code]
        groups.append({"code": code, "title": str(title), "cells": cells})
    return taken_on, groups

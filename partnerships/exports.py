"""Partnerships' documents (portal/exports.py): the directory's search result
as CSV, and the reform tracker for the General Assembly as CSV and PDF. Both
are public; both are rendered in the background per state and served from
storage."""

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accreditation.models import Body
from accreditation.selectors import bodies_access
from portal import exports

from . import selectors
from .models import DirectoryEntry, Measure, Proposal
from .search import DirectoryQuery, directory_version, ordered, public_organisations, search
from .workflow import TRACKER


@exports.register
class DirectoryExport(exports.Exporter):
    name = "partnerships.directory"
    formats = ("csv",)

    @property
    def title(self):
        return _("Directory of organisations")

    def can_view(self, user, obj):
        return True

    def version(self, obj, variant):
        orgs = public_organisations().aggregate(n=Count("pk"), changed=Max("updated_at"))
        indexed = DirectoryEntry.objects.aggregate(refreshed=Max("refreshed_at"))
        return exports.fingerprint(directory_version(), orgs, indexed)

    def filename(self, obj, variant, fmt):
        return "ngo-directory.csv"

    def back_url(self, obj):
        return reverse("partnerships:directory")

    def render(self, obj, variant, fmt, progress):
        query = DirectoryQuery.from_params(variant)
        qs = ordered(search(query), query)
        total = qs.count()
        rows = selectors.directory_rows(qs).prefetch_related("countries_of_activity")
        header = [_("Name"), _("Name in English or French"), _("Acronym"), _("Type"), _("Country of headquarters"),
                  _("Region"), _("Status category"), _("Status"), _("Status granted on"), _("Areas of expertise"),
                  _("Countries of activity"), _("Website")]

        def lines():
            for i, org in enumerate(rows.iterator(chunk_size=2000), start=1):
                if i % 2000 == 0:
                    progress(i, total)
                yield [org.name, org.name_en_fr, org.acronym, org.get_org_type_display(),
                       org.country.name if org.country else "", org.country.region if org.country else "",
                       org.get_status_category_display(), org.get_status_state_display(),
                       org.status_granted_on, "; ".join(a.name for a in org.areas.all()),
                       "; ".join(c.name for c in org.countries_of_activity.all()), org.website]

        return exports.csv_bytes(header, lines())


def tracker_context():
    proposals = list(Proposal.objects.select_related("unit").prefetch_related("measures"))
    measures = list(Measure.objects.select_related("unit").prefetch_related("proposals"))
    for item in (*proposals, *measures):
        item.status_label = TRACKER.public_label(item.status)
    summary = {}
    for item in proposals:
        summary[item.status_label] = summary.get(item.status_label, 0) + 1
    return {"proposals": proposals, "measures": measures, "summary": sorted(summary.items()),
            "bodies_access": bodies_access(), "generated_on": timezone.localdate()}


@exports.register
class TrackerExport(exports.Exporter):
    name = "partnerships.tracker"
    formats = ("pdf", "csv")

    @property
    def title(self):
        return _("Implementing the reforms")

    def can_view(self, user, obj):
        return True

    def version(self, obj, variant):
        return exports.fingerprint(
            list(Proposal.objects.order_by("pk").values_list("pk", "updated_at", "status", "unit_id", "evidence_url")),
            list(Body.objects.order_by("pk").values_list("pk", "access_decision", "access_decided_on",
                                                         "deciding_committee_id", "deciding_body_id")),
            list(Measure.objects.order_by("pk").values_list("pk", "title", "status", "unit_id", "progress_note",
                                                                "evidence_url")),
            list(Measure.proposals.through.objects.order_by("pk").values_list("pk", "measure_id", "proposal_id")),
            timezone.localdate())

    def filename(self, obj, variant, fmt):
        return f"reform-tracker.{fmt}"

    def back_url(self, obj):
        return reverse("partnerships:tracker")

    def render(self, obj, variant, fmt, progress):
        context = tracker_context()
        if fmt == "csv":
            return exports.csv_bytes(*tracker_table(context))
        return tracker_pdf(context)


def tracker_table(context):
    header = [_("Kind"), _("Number"), _("Title"), _("Paragraphs"), _("Position of the Secretary-General"),
              _("Status"), _("Evidence"), _("Responsible unit"), _("Progress")]
    rows = [[_("Panel proposal"), p.number, p.display_title, p.report_paragraphs, p.get_sg_position_display(),
             p.status_label, p.evidence_url, p.unit.name if p.unit else "", p.progress_note]
            for p in context["proposals"]]
    rows += [[_("Reform measure"), ", ".join(str(p.number) for p in m.proposals.all()), m.title,
              m.report_paragraphs, "", m.status_label, m.evidence_url, m.unit.name if m.unit else "",
              m.progress_note]
             for m in context["measures"]]
    return header, rows


def _bodies_cell(body) -> str:
    if body.is_open:
        return _("Open since %(decision)s of %(date)s") % {
            "decision": body.access_decision, "date": formats.date_format(body.access_decided_on, "DATE_FORMAT")}
    if body.deciding_body:
        return _("Closed, awaiting a decision of the %(decider)s") % {"decider": body.deciding_body.name}
    return _("No accreditation: participation by invitation")


def tracker_pdf(context) -> bytes:
    data = {
        "title": _("Strengthening of the United Nations system: implementation of the reforms on relations with "
                   "civil society"),
        "intro": _("Report of the Partnerships Office to the General Assembly, %(d)s.")
        % {"d": formats.date_format(context["generated_on"], "DATE_FORMAT")},
        "summary": " · ".join(f"{label}: {n}" for label, n in context["summary"]),
        "proposals_title": _("Panel proposals (A/58/817)"),
        "proposals_header": ["#", _("Proposal"), _("Cited in"), _("Position of the Secretary-General"),
                             _("Status and evidence"), _("Responsible unit"), _("Progress")],
        "proposals": [[str(p.number), str(p.display_title), f"¶{p.report_paragraphs}" if p.report_paragraphs else "—",
                       str(p.get_sg_position_display() or "—"),
                       str(p.status_label) + (f" ({p.evidence_url})" if p.evidence_url else ""),
                       p.unit.name if p.unit else "—", p.progress_note]
                      for p in context["proposals"]],
        "bodies_title": _("Unified accreditation: bodies open to applications"),
        "bodies_header": [_("Body"), _("Applications"), _("Reviewed by"), _("Adopted by")],
        "bodies": [[b.name, _bodies_cell(b), b.reviewed_by or "—", b.adopted_by or "—"]
                   for b in context["bodies_access"]],
        "measures_title": _("Measures of the Secretary-General's report (A/59/354)"),
        "measures_header": [_("Measure"), _("Proposals"), _("Status"), _("Responsible unit"), _("Progress")],
        "measures": [[f"{m.title} (¶{m.report_paragraphs})", ", ".join(str(p.number) for p in m.proposals.all()),
                      str(m.status_label) + (f" ({m.evidence_url})" if m.evidence_url else ""),
                      m.unit.name if m.unit else "—", m.progress_note]
                     for m in context["measures"]],
    }
    return exports.pdf_bytes("tracker", data)



@exports.register
class ReformMeasuresExport(exports.Exporter):
    """Is the reform working? The latest snapshot as CSV (public; aggregates
    only, small cells withheld)."""

    name = "partnerships.measures"
    formats = ("csv",)

    @property
    def title(self):
        return _("Is the reform working?")

    def can_view(self, user, obj):
        return True

    def version(self, obj, variant):
        from .models import ReformMeasureValue

        return exports.fingerprint(ReformMeasureValue.objects.order_by("-taken_on")
                                   .values_list("taken_on", flat=True).first())

    def filename(self, obj, variant, fmt):
        return "reform-measures.csv"

    def back_url(self, obj):
        return reverse("partnerships:measures")

    def render(self, obj, variant, fmt, progress):
        from .measures import latest

        taken_on, groups = latest()
        header = [_("Measure"), _("Dimension"), _("Value"), _("Taken on")]
        rows = [[g["title"], c["label"], _("withheld (fewer than 3)") if c["suppressed"] else
                 ("" if c["value"] is None else c["value"]), taken_on] for g in groups for c in g["cells"]]
        return exports.csv_bytes(header, rows)

"""The consolidated list as a document a delegate prints (PDF) and as sheets
(CSV, XLSX), rendered in the background per state (portal/exports.py).

Two variants: the frozen published version (`decisions` off: its state never
changes, rendered in all six languages at publication) and the list with the
committee's decisions so far (`decisions` on: a new state with every recorded
decision). Filters of the web page (search, region, recommendation, carried
over, undecided) make variants of their own.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import exports

from . import selectors
from .models import ConsolidatedList, Decision, Recommendation

FILTERS = ("q", "region", "recommendation", "carried_over", "decision")


def summary_text(summary, labels) -> str:
    """The pre-screening in one line a delegate reads at a glance: what is
    not met or needs information, else that every criterion is met.
    `summary`: an entry's summary_items (selectors.entries_for_reader)."""
    met = labels.get("met")
    issues = [f"{s['criterion']}: {s['result']}" for s in summary if s["result"] != met]
    if not summary:
        return ""
    if not issues:
        return _("All %(n)s criteria met") % {"n": len(summary)}
    return "; ".join(issues)


@exports.register
class ConsolidatedListExport(exports.Exporter):
    name = "accreditation.consolidated_list"
    formats = ("pdf", "csv", "xlsx")

    @property
    def title(self):
        return _("Consolidated list")

    def get_object(self, object_id):
        return ConsolidatedList.objects.select_related("session__committee").filter(pk=object_id).first()

    def can_view(self, user, obj):
        return obj is not None and user.has_perm("accreditation.view_consolidated_list", obj)

    def version(self, clist, variant):
        if not variant.get("decisions"):
            return exports.fingerprint(clist.version, clist.published_at)
        decisions = list(Decision.objects.filter(session_id=clist.session_id).order_by("application_id")
                         .values_list("application_id", "outcome", "state"))
        return exports.fingerprint(clist.version, clist.published_at, decisions)

    def filename(self, clist, variant, fmt):
        s = clist.session
        suffix = "-decisions" if variant.get("decisions") else ""
        return f"consolidated-list-{s.year}-{s.kind}-v{clist.version}{suffix}.{fmt}"

    def back_url(self, clist):
        return reverse("accreditation:list", args=[clist.pk])

    def render(self, clist, variant, fmt, progress):
        filters = {k: variant.get(k, "") for k in FILTERS}
        entries = list(selectors.list_entries(clist, **filters))
        decisions = selectors.decisions_by_application(clist.session_id) if variant.get("decisions") else {}
        progress(1, 10)
        if fmt == "pdf":
            return list_pdf(clist, entries, decisions, progress=progress)
        header, rows = list_table(entries, decisions)
        progress(5, 10)
        if fmt == "csv":
            return exports.csv_bytes(header, rows)
        return exports.xlsx_bytes(header, rows, title=_("Consolidated list"))


def list_table(entries, decisions):
    """Header and rows of the sheets: words, never codes."""
    rec_labels = {k: str(v) for k, v in Recommendation.choices}
    header = [_("No."), _("Organisation"), _("Acronym"), _("Country"), _("Region"), _("Category sought"),
              _("Carried over"), _("Times deferred"), _("Recommendation"), _("Reason"), _("Pre-screening"),
              _("Decision")]
    rows = []
    yes_no = {True: _("Yes"), False: _("No")}
    for e in selectors.entries_for_reader(entries):
        decision = decisions.get(e.application_id)
        rows.append([e.position, e.organisation_name, e.acronym, e.country_label, e.region_label,
                     e.category_label, yes_no[bool(e.carried_over)], e.times_deferred,
                     rec_labels.get(e.recommendation, ""), e.recommendation_reason,
                     "; ".join(f"{s['criterion']}: {s['result']}" for s in e.summary_items),
                     decision.get_outcome_display() if decision else ""])
    return header, rows


def list_pdf(clist, entries, decisions, *, progress=None) -> bytes:
    """Plain rows prepared here; Typst lays out the A4 landscape table."""
    return exports.pdf_bytes("consolidated_list", list_pdf_data(clist, entries, decisions, progress=progress))


def list_pdf_data(clist, entries, decisions, *, progress=None) -> dict:
    """What the printed list says, in the active language."""
    labels, recommendations = selectors.result_labels(), {k: str(v) for k, v in Recommendation.choices}
    entries = selectors.entries_for_reader(entries)
    rows = []
    total = len(entries)
    for i, e in enumerate(entries, start=1):
        decision = decisions.get(e.application_id)
        n = e.times_deferred if e.carried_over else 0
        rows.append({
            "position": str(e.position),
            "name": f"{e.organisation_name} ({e.acronym})" if e.acronym else e.organisation_name,
            "deferred": ngettext("(deferred %(n)s time)", "(deferred %(n)s times)", n) % {"n": n} if n else "",
            "country": ", ".join(x for x in (e.country_label, e.region_label) if x),
            "sought": e.category_label,
            "screening": summary_text(e.summary_items, labels),
            "recommendation": str(recommendations.get(e.recommendation, "")),
            "reason": e.recommendation_reason, "decision": decision.get_outcome_display() if decision else ""})
        if progress and i % 200 == 0:
            progress(1 + 3 * i // total, 10)
    session = clist.session
    published = (_("Published %(d)s.") % {"d": formats.date_format(timezone.localtime(clist.published_at),
                                                                    "DATETIME_FORMAT")}
                 if clist.published_at else _("Draft, not published."))
    intro = " ".join([
        f"{session.committee.name}.",
        _("Version %(v)s, %(n)s applications.") % {"v": clist.version, "n": len(rows)},
        str(published),
        _("With the committee's decisions recorded so far.") if decisions else "",
        _("Printed %(d)s.") % {"d": formats.date_format(timezone.localtime(), "DATETIME_FORMAT")},
    ])
    data = {
        "title": f"{_('Consolidated list of applications')} — {session}",
        "running_head": f"{session} — v{clist.version}",
        "intro": intro,
        "header": [_("No."), _("Organisation"), _("Country"), _("Sought"), _("Pre-screening"),
                   _("Secretariat's recommendation"), _("Decision")],
        "rows": rows,
    }
    if progress:
        progress(5, 10)
    return data


def request_all_languages(clist, *, by):
    """After publication: the frozen PDF in each of the six languages, queued."""
    for code, _name in settings.LANGUAGES:
        exports.export_request(exporter=ConsolidatedListExport.name, obj=clist, fmt="pdf", by=by, language=code)

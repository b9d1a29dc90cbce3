"""The consolidated list as a document a delegate prints (PDF) and as a sheet (XLSX)."""

from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Recommendation
from .selectors import entries_for_reader, result_labels


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


def list_pdf(clist, entries, decisions) -> bytes:
    """Plain rows, prepared here, keep weasyprint's table layout fast (see
    benchmarks/accreditation_consolidated_pdf.py)."""
    from weasyprint import HTML

    labels, recommendations = result_labels(), dict(Recommendation.choices)
    rows = []
    for e in entries_for_reader(entries):
        decision = decisions.get(e.application_id)
        rows.append({
            "position": e.position, "name": f"{e.organisation_name} ({e.acronym})" if e.acronym else e.organisation_name,
            "times_deferred": e.times_deferred if e.carried_over else 0,
            "country": ", ".join(x for x in (e.country_label, e.region_label) if x), "sought": e.category_label,
            "screening": summary_text(e.summary_items, labels),
            "recommendation": str(recommendations.get(e.recommendation, "")),
            "reason": e.recommendation_reason, "decision": decision.get_outcome_display() if decision else ""})
    html = render_to_string("accreditation/list_pdf.html", {
        "clist": clist, "session": clist.session, "rows": rows, "now": timezone.now()})
    return HTML(string=html).write_pdf()


def list_xlsx(header, rows) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = str(_("Consolidated list"))[:31]
    ws.append([str(h) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()

"""The donor report of a fund for a year as PDF and CSV (portal/exports.py),
rendered in the background per state of the report and served from storage.
Small cells are already merged by the selector; this renders what it gives."""

import dataclasses

from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from portal import exports

from .charts import bar_chart
from .models import Fund
from .selectors import donor_totals, fund_report


def _year(variant) -> int:
    return int(variant.get("year") or timezone.localdate().year)


def report_charts(fund, report, year) -> dict:
    """The report's bar charts, as SVG (the web page shows the same)."""
    charts = {
        "donors": bar_chart(donor_totals([c for c in report.contributions if c["received_on__year"] == year]),
                            title=_("Contributions received in %(year)s, by donor (USD)") % {"year": year},
                            chart_id="chart-donors"),
    }
    if fund.kind == Fund.Kind.PARTICIPATION:
        charts["meeting"] = bar_chart([(c.label, c.amount) for c in report.by_meeting],
                                      title=_("Expenditure by meeting (USD)"), chart_id="chart-meeting")
        charts["region"] = bar_chart([(c.label, c.amount) for c in report.by_region],
                                     title=_("Expenditure by region of the organisation (USD)"),
                                     chart_id="chart-region")
        charts["gender"] = bar_chart([(c.label, c.amount) for c in report.by_gender],
                                     title=_("Expenditure by gender of the traveller (USD)"), chart_id="chart-gender")
    else:
        charts["country"] = bar_chart([(c.label, c.amount) for c in report.by_country],
                                      title=_("Seed money by country (USD)"), chart_id="chart-country")
    return charts


def _report_state(report) -> dict:
    data = {f.name: getattr(report, f.name) for f in dataclasses.fields(report) if f.name != "fund"}
    return {k: dataclasses.asdict(v) if dataclasses.is_dataclass(v) else v for k, v in data.items()}


@exports.register
class DonorReportExport(exports.Exporter):
    name = "trustfund.donor_report"
    formats = ("pdf", "csv")

    @property
    def title(self):
        return _("Donor report")

    def get_object(self, object_id):
        return Fund.objects.filter(pk=object_id).first()

    def can_view(self, user, fund):
        return fund is not None and user.has_perm("trustfund.view_report")

    def version(self, fund, variant):
        report = fund_report(fund, year=_year(variant))
        return exports.fingerprint(fund.name, fund.mandate, fund.managed_by, _report_state(report))

    def filename(self, fund, variant, fmt):
        return f"{fund.code}-{_year(variant)}.{fmt}"

    def back_url(self, fund):
        return reverse("trustfund:report", args=[fund.code])

    def render(self, fund, variant, fmt, progress):
        year = _year(variant)
        report = fund_report(fund, year=year)
        progress(3, 10)
        if fmt == "csv":
            return exports.csv_bytes(*report_table(report, year))
        return report_pdf(fund, report, year)


def _withheld(value):
    """A figure the selector withheld (it would stand for fewer than 3 travellers) reads so."""
    return _("withheld") if value is None else value


def _fewer(value):
    """A traveller count the selector withheld reads "fewer than 3"."""
    return _("fewer than 3") if value is None else value


def report_table(report, year):
    """The report as one sheet: section, group, year, amount, travellers."""
    header = [_("Section"), _("Group"), _("Year"), _("Amount (USD)"), _("Travellers")]
    rows = []
    b = report.balance
    for label, value in ((_("Received"), b.received), (_("Committed"), b.committed), (_("Spent"), b.spent),
                         (_("Available"), b.available)):
        rows.append([_("Balance"), label, year, _withheld(value), ""])
    rows.append([_("Balance"), _("Utilisation rate (%)"), year, b.utilisation_rate or "", ""])
    for c in report.contributions:
        rows.append([_("Contributions"), c["donor__name"], c["received_on__year"], c["amount"], ""])
    for c in report.pledges:
        rows.append([_("Pledges"), c["donor__name"], c["pledged_on__year"], c["amount"], ""])
    for section, cells in ((_("Expenditure by meeting"), report.by_meeting),
                           (_("Expenditure by region"), report.by_region),
                           (_("Expenditure by gender"), report.by_gender),
                           (_("Seed money by country"), report.by_country)):
        for c in cells:
            rows.append([section, c.label, year, _withheld(c.amount), _fewer(c.travellers)])
    if report.fund.kind == Fund.Kind.PARTICIPATION:
        rows.append([_("Travellers"), _("Travellers funded"), year, "", _fewer(report.travellers_funded)])
        rows.append([_("Travellers"), _("Evaluations outstanding"), year, "", report.evaluations_outstanding])
    return header, rows


def _money(value) -> str:
    if value is None:
        return str(_withheld(value))
    return intcomma(number_format(value, 2, use_l10n=True), use_l10n=True)


def report_pdf(fund, report, year) -> bytes:
    b = report.balance
    summary = [
        [_("Contributions received (to date)"), _money(b.received)],
        [_("Committed, not yet paid"), _money(b.committed)],
        [_("Paid out"), _money(b.spent)],
        [_("Available"), _money(b.available)],
        [_("Utilisation rate"), f"{report.utilisation_rate} %" if report.utilisation_rate is not None else "—"],
        [_("Expenditure in %(y)s (grants awarded, net)") % {"y": year}, _money(report.expenditure)],
    ]
    participation = fund.kind == Fund.Kind.PARTICIPATION
    if participation:
        summary += [[_("Travellers funded"), str(report.travellers_funded)],
                    [_("Evaluations outstanding"), str(report.evaluations_outstanding)]]
    charts = report_charts(fund, report, year)
    sections = []
    if participation:
        for key, title, cells in (("meeting", _("Expenditure by meeting"), report.by_meeting),
                                  ("region", _("Expenditure by region of the beneficiary organisation"),
                                   report.by_region),
                                  ("gender", _("Expenditure by gender of the traveller"), report.by_gender)):
            sections.append({"chart": key, "title": title,
                             "rows": [[c.label, str(c.travellers), _money(c.amount)] for c in cells]})
    else:
        sections.append({"chart": "country", "title": _("Seed money by country"), "rows": []})
    data = {
        "title": f"{_('Donor report')} — {fund.name} ({year})",
        "intro": f"{fund.mandate} · {_('managed by')} {fund.managed_by}",
        "summary_title": _("Summary at the end of %(y)s (USD)") % {"y": year},
        "summary": summary,
        "contributions_title": _("Contributions by donor and year"),
        "contributions_header": [_("Donor"), _("Year"), _("Received (USD)")],
        "contributions": [[c["donor__name"], str(c["received_on__year"]), _money(c["amount"])]
                          for c in report.contributions],
        "pledges_title": _("Pledges") if report.pledges else "",
        "pledges": [[c["donor__name"], str(c["pledged_on__year"]), _money(c["amount"])] for c in report.pledges],
        "privacy_note": _("Groups of fewer than 3 travellers are merged so that no figure singles out a person.")
        if participation else "",
        "groups_header": [_("Group"), _("Travellers"), _("USD")],
        "empty": _("No expenditure in this period."),
        "sections": sections,
    }
    return exports.pdf_bytes("donor_report", data, images=charts)

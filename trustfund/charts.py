"""A small server-rendered SVG bar chart: readable at a glance, no JavaScript,
prints in the PDF (weasyprint renders inline SVG)."""

from decimal import Decimal

from django.template.loader import render_to_string

ROW_HEIGHT = 26
LABEL_WIDTH = 260
BAR_WIDTH = 360
VALUE_WIDTH = 120


def bar_chart(rows, *, title: str, chart_id: str) -> str:
    """rows: [(label, value)] with non-negative Decimal values; a withheld
    value (None) is left out of the chart. Returns SVG markup."""
    rows = [(str(label), Decimal(value)) for label, value in rows if value is not None]
    top = max((v for _, v in rows), default=Decimal(0))
    bars = []
    for i, (label, value) in enumerate(rows):
        width = int(BAR_WIDTH * value / top) if top > 0 else 0
        bars.append({"label": label if len(label) <= 40 else label[:39] + "…", "full_label": label,
                     "value": value, "width": max(width, 1 if value > 0 else 0),
                     "y": i * ROW_HEIGHT, "text_y": i * ROW_HEIGHT + 17})
    return render_to_string("trustfund/_bar_chart.svg", {
        "title": title, "chart_id": chart_id, "bars": bars, "label_width": LABEL_WIDTH,
        "bar_x": LABEL_WIDTH + 8, "value_x": LABEL_WIDTH + 16,
        "width": LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH, "height": max(len(bars), 1) * ROW_HEIGHT + 4,
        "row_height": ROW_HEIGHT - 6,
    })

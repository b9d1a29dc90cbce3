"""Definition of done of the six-languages work, in Arabic and in Chinese: an
NGO signs up, registers its organisation (the country list in its language),
applies and reads its dashboard; a donor opens the fund report and its PDF.
Nowhere English reference data or an internal code (tests/crawl.py)."""

import re
import subprocess
from io import StringIO

import pytest
from babel import Locale
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from accreditation.models import Application, Body
from accreditation.questionnaire import questions_for
from accreditation.workflow import APPLICATION
from tests import crawl

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>\nendobj\nxref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \ntrailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n184\n%%EOF\n"
SCRIPT = {"ar": re.compile("[\u0600-\u06ff]"), "zh-hans": re.compile("[\u4e00-\u9fff]")}
CLDR = {"ar": "ar", "zh-hans": "zh_Hans"}


def _clean(page, lang, vocabulary, free_text):
    chunks, _links = crawl.parse(page.content())
    codes, english = vocabulary
    return crawl.problems(chunks, lang=lang, codes=codes, english_names=english, free_text=free_text)


def _in_language(browser, browser_context_args, live_server, lang):
    context = browser.new_context(**browser_context_args)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url}])
    return context


@pytest.mark.parametrize("lang", ["ar", "zh-hans"])
@pytest.mark.django_db(transaction=True)
def test_an_ngo_signs_up_registers_applies_and_reads_its_dashboard_in_its_language(browser, browser_context_args,
                                                                                    live_server, lang):
    context = _in_language(browser, browser_context_args, live_server, lang)
    page = context.new_page()
    url = live_server.url

    page.goto(f"{url}/accounts/signup/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    for field, value in (("first_name", "Amina"), ("last_name", "Wanjiru"), ("username", "amina"),
                         ("email", "amina@example.org"), ("password1", "Nairobi-health-2026"),
                         ("password2", "Nairobi-health-2026")):
        page.locator(f"#id_{field}").fill(value)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("signup-done")).to_be_visible()
    message = mail.outbox[-1]
    assert SCRIPT[lang].search(message.subject + message.body), "the e-mail is in the language of the sign-up"
    page.goto(url + re.search(r"/accounts/verify/\S+/", message.body).group(0))
    page.locator("#id_username").fill("amina")
    page.locator("#id_password").fill("Nairobi-health-2026")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/dashboard/**")

    # The country list is in the reader's language, from CLDR.
    page.goto(f"{url}/accreditation/organisations/register/")
    options = page.locator("#id_country option").all_inner_texts()
    kenya = Locale.parse(CLDR[lang]).territories["KE"]
    assert kenya in options and "Kenya" not in options
    assert len(options) > 240
    page.locator("#id_name").fill("Nairobi Health Alliance")
    page.locator("#id_hq_address").fill("Ngong Road 42, Nairobi")
    page.locator("#id_country").select_option("KE")
    page.locator("#id_registered_on").fill("2015-03-01")
    page.locator("#id_funding-0-name").fill("Members' dues")
    page.locator("#id_funding-0-kind").select_option("non_governmental")
    page.locator("#id_funding-0-share").fill("85")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nairobi Health Alliance")

    # It applies, reading the bodies' names in its language.
    page.goto(f"{url}/accreditation/applications/new/")
    with translation.override(lang):
        ecosoc = Body.objects.get(code="ecosoc").name
    page.get_by_label(ecosoc, exact=True).check()
    page.locator("#id_requested_category").select_option("special")
    page.locator("main form button[type=submit]").click()
    for q in questions_for("intergovernmental"):
        page.locator(f"#id_{q.code}").fill("Community health workers in Nairobi's informal settlements.")
    page.locator("form[action$='/answers/'] button[type=submit]").click()
    for kind in ("constitution", "registration", "financial", "annual_report"):
        page.locator("#id_kind").select_option(kind)
        page.locator("#id_file").set_input_files(files=[{"name": f"{kind}.pdf", "mimeType": "application/pdf",
                                                         "buffer": PDF}])
        page.locator("form[action$='/documents/'] button[type=submit]").click()
    page.locator("form[action$='/submit/'] button[type=submit]").click()
    page.wait_for_load_state()
    with translation.override(lang):
        status = APPLICATION.public_label(Application.objects.get(organisation__name="Nairobi Health Alliance").state)
    assert Application.objects.get(organisation__name="Nairobi Health Alliance").state != "draft"
    expect(page.get_by_test_id("public-status")).to_have_text(status)

    vocabulary, free_text = crawl.vocabulary(lang), crawl.free_text()
    assert _clean(page, lang, vocabulary, free_text) == []
    page.goto(f"{url}/dashboard/")
    expect(page.get_by_test_id("panel-accreditation")).to_contain_text(status)
    assert _clean(page, lang, vocabulary, free_text) == []
    context.close()


def _overlaps(a, b):
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


@pytest.mark.parametrize("lang", ["ar", "zh-hans"])
@pytest.mark.django_db(transaction=True)
def test_a_donor_reads_the_fund_report_and_its_pdf_in_its_language(browser, browser_context_args, live_server,
                                                                    lang, tmp_path):
    call_command("seed_demo", force=True, stdout=StringIO())
    context = _in_language(browser, browser_context_args, live_server, lang)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("donor")
    page.locator("#id_password").fill("demo")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/dashboard/**")

    page.goto(f"{live_server.url}/trustfund/reports/participation/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    vocabulary, free_text = crawl.vocabulary(lang), crawl.free_text()
    assert _clean(page, lang, vocabulary, free_text) == []

    # Charts: no label over a bar or a value, in either direction.
    bars = page.locator("svg.tf-chart g.tf-bar")
    assert bars.count() > 0
    for i in range(bars.count()):
        bar = bars.nth(i)
        label, rect, value = (bar.locator(sel).bounding_box() for sel in ("text.tf-label", "rect", "text.tf-value"))
        assert not _overlaps(label, rect) and not _overlaps(label, value), bar.get_attribute("data-label")
        if lang == "ar":
            assert label["x"] > rect["x"], "labels stand right of the bars in Arabic"

    with page.expect_download() as download:
        page.locator("a[href*='report.pdf']").click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert SCRIPT[lang].search(text)
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    codes, english = vocabulary
    assert crawl.problems(lines, lang=lang, codes=codes, english_names=english, free_text=free_text) == []
    context.close()

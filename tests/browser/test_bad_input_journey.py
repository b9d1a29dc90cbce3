"""A visitor follows a directory link with a year that makes no sense and is
told which field is wrong (a 400 page, not a server error); an NGO uploads a
PDF that carries a script and is told to save it as a plain PDF, then uploads
a plain one."""

import pytest
from playwright.sync_api import expect

from accreditation import services
from accreditation.models import ApplicationDocument, Body
from tests.accreditation.factories import make_org
from tests.portal.test_uploads import build_pdf

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_wrong_filter_value_shows_the_field_and_a_scripted_pdf_is_refused(page, live_server, demo, tmp_path):
    response = page.goto(f"{live_server.url}/partnerships/directory/?year=²")
    assert response.status == 400
    expect(page.get_by_role("heading", name="This request could not be read")).to_be_visible()
    expect(page.locator("#field-errors")).to_contain_text("year")

    user = demo["ngo"]
    org, _user = make_org(user=user, name="Scripted PDF Society")
    app = services.application_create(by=user, organisation=org, track="dpi", bodies=[Body.objects.get(code="dpi")])
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("ngo")
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/**")
    page.goto(f"{live_server.url}/accreditation/applications/{app.pk}/")
    scripted = tmp_path / "statutes.pdf"
    scripted.write_bytes(build_pdf("/OpenAction 4 0 R ", ["<< /S /JavaScript /JS (app.alert\\(1\\)) >>"]))
    page.get_by_label("File (PDF)").set_input_files(str(scripted))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("This PDF contains scripts, actions or embedded files")).to_be_visible()
    assert not ApplicationDocument.objects.filter(application=app).exists()

    plain = tmp_path / "statutes-plain.pdf"
    plain.write_bytes(build_pdf())
    page.goto(f"{live_server.url}/accreditation/applications/{app.pk}/")
    page.get_by_label("File (PDF)").set_input_files(str(plain))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("uploaded").first).to_be_attached()
    assert ApplicationDocument.objects.filter(application=app).count() == 1

"""An NGO registers and applies; the Secretariat pre-screens it from its
queue; the consolidated list is published; a committee member defers it with
a question; the NGO answers; at the next session it is recommended for
special status; after adoption its organisation page shows it in status."""

import pytest
from playwright.sync_api import expect

from accreditation.models import Committee, Organisation
from accreditation.questionnaire import questions_for
from tests.accreditation.factories import ensure_reference_data
from tests.browser.conftest import nav_to
from tests.utils_auth import enter_code_if_asked

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>\nendobj\nxref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \ntrailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n184\n%%EOF\n"


@pytest.fixture
def contexts(browser, browser_context_args):
    """Extra browser contexts, one per user, closed at the end (so the live server's sockets close too)."""
    opened = []

    def new():
        context = browser.new_context(**browser_context_args)
        opened.append(context)
        return context

    yield new
    for context in opened:
        context.close()


def _as(contexts, live_server, username):
    """A page of its own per user, logged in once (fewer round trips than logging in and out)."""
    page = contexts().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Log in").click()
    enter_code_if_asked(page, username)  # staff give their two-step code
    page.wait_for_url("**/dashboard/**")
    return page


def _open_session_met(page, live_server, organisation_name):
    """Open the session of the organisation's application, its dates moved to
    this week (staff edit sessions as data): decisions are published only
    once a session has met."""
    import datetime

    from django.utils import timezone

    from accreditation.models import Application, Session

    session = Application.objects.get(organisation__name=organisation_name).session
    today = timezone.localdate()
    Session.objects.filter(pk=session.pk).update(starts_on=today - datetime.timedelta(days=2), ends_on=today)
    page.goto(f"{live_server.url}/accreditation/sessions/{session.pk}/")


def _open_latest_session(page, live_server, which):
    page.goto(f"{live_server.url}/accreditation/sessions/")
    page.get_by_role("link", name=which).first.click()


@pytest.mark.django_db(transaction=True)
def test_accreditation_from_registration_to_status(page, contexts, live_server, login, demo):
    ensure_reference_data()
    Committee.objects.get(code="ngo-committee").members.add(demo["committee"])

    # The NGO registers its organisation...
    login("ngo")
    page.get_by_role("link", name="Register your organisation").click()
    page.locator("#id_name").fill("Lake Victoria Fishers' Network")
    page.locator("#id_hq_address").fill("Plot 12, Jinja Road")
    page.locator("#id_country").select_option("UG")
    page.locator("#id_registered_on").fill("2015-03-01")
    page.locator("#id_funding-0-name").fill("Members' dues")
    page.locator("#id_funding-0-kind").select_option("non_governmental")
    page.locator("#id_funding-0-share").fill("85")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lake Victoria Fishers' Network")

    # ...and applies.
    page.get_by_role("link", name="Start an application").click()
    page.get_by_label("Economic and Social Council").check()
    page.locator("#id_requested_category").select_option("special")
    expect(page.get_by_test_id("eligibility")).to_contain_text("awaiting the Secretariat")
    page.get_by_role("button", name="Create the draft").click()
    expect(page.get_by_test_id("step-questionnaire")).to_have_attribute("aria-current", "step")
    for q in questions_for("intergovernmental"):
        page.locator(f"#id_{q.code}").fill(f"Our {q.code}: fishing communities around the lake.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("alert")).to_contain_text("saved as a draft")
    for kind in ("constitution", "registration", "financial", "annual_report"):
        page.locator("#id_kind").select_option(kind)
        page.locator("#id_file").set_input_files(files=[{"name": f"{kind}.pdf", "mimeType": "application/pdf",
                                                         "buffer": PDF}])
        page.get_by_role("button", name="Upload").click()
        expect(page.get_by_role("alert")).to_contain_text("Document uploaded")
    # No deciding body has adopted a code of conduct (¶34), so none is asked for.
    expect(page.get_by_test_id("step-conduct")).to_have_count(0)
    expect(page.get_by_test_id("step-submit")).to_have_attribute("aria-current", "step")
    page.get_by_role("button", name="Submit the application").click()
    expect(page.get_by_role("alert")).to_contain_text("Its reference is ACC-")
    expect(page.get_by_test_id("public-status")).to_have_text("Under review by the Secretariat")
    app_url = page.url

    ngo = page
    secretariat = _as(contexts, live_server, "secretariat")
    committee = _as(contexts, live_server, "committee")

    # The Secretariat pre-screens it from its queue.
    page = secretariat
    nav_to(page, "Pre-screening queue")
    page.get_by_role("link", name="Lake Victoria Fishers' Network").click()
    for select in page.locator("select[id^=id_result_]").all():
        select.select_option("met")
    page.get_by_role("button", name="Save results").click()
    prescreen_url = page.url
    page.get_by_role("link", name="Organisation profile").click()
    page.get_by_role("button", name="Approve profile").click()
    expect(page.get_by_test_id("profile-state")).to_have_text("Approved")
    page.goto(prescreen_url)
    page.locator("#id_recommendation").select_option("special")
    page.locator("#id_reason").fill("Meets every criterion; strong community work.")
    page.get_by_role("button", name="Complete pre-screening").click()
    expect(page.get_by_role("alert")).to_contain_text("Pre-screening completed")

    # The consolidated list is built and published to the committee's members, after a confirmation
    # that says what will happen and to how many applications.
    _open_latest_session(page, live_server, "Regular session")
    page.get_by_role("button", name="Build a new version").click()
    page.get_by_role("button", name="Publish to the committee's members").click()
    expect(page.get_by_test_id("confirm-count")).to_have_text("1 application is on this version.")
    expect(page.get_by_test_id("confirm-consequences")).to_contain_text("Every member of")
    page.get_by_role("button", name="Yes, publish to the committee's members").click()
    expect(page.get_by_role("alert")).to_contain_text("published")

    # A committee member defers it with a question.
    page = committee
    page.goto(f"{live_server.url}/dashboard/committee/")
    page.get_by_test_id("panel-committee").get_by_role("link", name="version 1").click()
    page.get_by_role("link", name="Lake Victoria Fishers' Network").click()
    page.locator("#id_question").fill("How do members elect the board?")
    page.get_by_role("button", name="Defer with this question").click()
    expect(page.get_by_test_id("decision")).to_contain_text("Defer")

    # The session meets (staff moved its dates to this week) and ends: its decisions are published together,
    # once confirmed.
    page = secretariat
    _open_session_met(page, live_server, "Lake Victoria Fishers' Network")
    page.get_by_role("button", name="End of session: publish all decisions").click()
    expect(page.get_by_test_id("confirm-consequences")).to_contain_text("1 application: Defer.")
    page.get_by_role("button", name="Yes, publish the decisions").click()
    expect(page.get_by_role("alert")).to_contain_text("Decisions published: 1.")

    # The NGO sees the question, who asks and by when, and answers online.
    page = ngo
    page.goto(app_url)
    expect(page.get_by_test_id("public-status")).to_have_text("Deferred: the Committee has questions for you")
    expect(page.get_by_test_id("request")).to_contain_text("Committee member")
    page.get_by_label("Your answer").fill("At a general assembly every two years, one member one vote.")
    page.get_by_label("Attach documents (PDF, optional)").set_input_files(files=[
        {"name": "election-rules.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_role("alert")).to_contain_text("Your answer is sent with 1 attachment")
    expect(page.get_by_test_id("attachments")).to_contain_text("election-rules.pdf")

    # Next session: the application is carried over, recommended for special status...
    page = secretariat
    _open_latest_session(page, live_server, "Resumed session")
    page.get_by_role("button", name="Build a new version").click()
    page.get_by_role("button", name="Publish to the committee's members").click()
    page.get_by_role("button", name="Yes, publish to the committee's members").click()
    page = committee
    page.goto(f"{live_server.url}/dashboard/committee/")
    page.get_by_test_id("panel-committee").get_by_role("link", name="Resumed").first.click()
    expect(page.get_by_text("deferred 1 time")).to_be_visible()
    page.get_by_role("link", name="Lake Victoria Fishers' Network").click()
    # The member sees the NGO's answer and its attachment, and the Secretariat's recommendation beside the form,
    # which starts empty and refuses to save without a choice.
    expect(page.get_by_test_id("attachments")).to_contain_text("election-rules.pdf")
    expect(page.get_by_test_id("secretariat-recommendation")).to_contain_text("special consultative status")
    expect(page.locator("#id_outcome")).to_have_value("")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator("#id_outcome").locator("xpath=..")).to_contain_text("Choose a decision.")
    expect(page.get_by_test_id("decision")).to_have_text("None recorded.")  # nothing was saved
    page.locator("#id_outcome").select_option("special")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_test_id("decision")).to_contain_text("special")

    # ...the decisions are published once that session has met, and ECOSOC adopts them.
    page = secretariat
    _open_session_met(page, live_server, "Lake Victoria Fishers' Network")
    page.get_by_role("button", name="End of session: publish all decisions").click()
    page.get_by_role("button", name="Yes, publish the decisions").click()
    page.get_by_role("button", name="Record adoption").click()
    expect(page.get_by_test_id("confirm-count")).to_have_text("1 recommendation will be adopted.")
    page.get_by_role("link", name="Cancel, go back").click()
    expect(page.get_by_role("button", name="Record adoption")).to_be_visible()  # nothing happened
    page.get_by_role("button", name="Record adoption").click()
    page.get_by_role("button", name="Yes, record the adoption").click()
    expect(page.get_by_role("alert")).to_contain_text("1 recommendation adopted; status granted.")

    # The organisation's page shows it in status, to anyone.
    page = ngo
    page.goto(app_url)
    expect(page.get_by_test_id("public-status")).to_have_text("Consultative status granted")
    page.context.clear_cookies()
    org = Organisation.objects.get(name="Lake Victoria Fishers' Network")
    page.goto(f"{live_server.url}/accreditation/organisations/{org.pk}/")
    expect(page.get_by_test_id("org-status")).to_contain_text("Special consultative status")

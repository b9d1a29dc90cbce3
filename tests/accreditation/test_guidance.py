"""Journeys an NGO and a committee member finish without help: eligibility
before starting, the steps of an application, what is missing as links,
answers with PDF attachments, decisions nobody made not pre-selected."""

import datetime

import pytest
from django.urls import reverse

from accreditation import services
from accreditation.models import AnswerAttachment, Body, Decision
from accreditation.status import organisation_change_status
from portal.roles import Role
from tests.accreditation.factories import (
    PDF,
    committee_member,
    make_org,
    make_ready_application,
    officer,
    pdf_upload,
)
from tests.factories import UserFactory

# ------------------------------------------------------------ start: eligibility

@pytest.mark.django_db
def test_start_page_says_a_pending_profile_may_still_apply(client):
    org, user = make_org()
    client.force_login(user)
    page = client.get(reverse("accreditation:application-new")).content.decode()
    assert "profile is awaiting the Secretariat" in page
    assert reverse("accreditation:organisation", args=[org.pk]) in page
    assert "Create the draft" in page


@pytest.mark.django_db
def test_start_page_refuses_an_organisation_in_status_and_links_to_reclassification(client):
    secretariat = officer()
    org, user = make_org(approve_by=secretariat)
    organisation_change_status(organisation=org, transition="grant", by=secretariat,
                               on=datetime.date(2024, 7, 20), reason="Adopted.", category="roster")
    client.force_login(user)
    page = client.get(reverse("accreditation:application-new")).content.decode()
    assert "already in consultative status" in page
    assert reverse("accreditation:change-new", args=[org.pk]) in page
    ecosoc = Body.objects.get(code="ecosoc")
    response = client.post(reverse("accreditation:application-new"), {
        "organisation": org.pk, "track": "intergovernmental", "bodies": [ecosoc.pk], "requested_category": "general"})
    assert response.status_code == 200
    assert "already in consultative status" in response.content.decode()
    assert not org.applications.exists()


@pytest.mark.django_db
def test_start_page_gives_the_date_a_withdrawn_organisation_may_apply_again(client):
    secretariat = officer()
    org, user = make_org(approve_by=secretariat)
    on = datetime.date.today() - datetime.timedelta(days=30)
    organisation_change_status(organisation=org, transition="grant", by=secretariat, on=on - datetime.timedelta(
        days=400), reason="Adopted.", category="special")
    organisation_change_status(organisation=org, transition="withdraw", by=secretariat, on=on, reason="No report.")
    client.force_login(user)
    page = client.get(reverse("accreditation:application-new")).content.decode()
    again = on.replace(year=on.year + 3)
    assert f"{again.year}" in page and "may apply again from" in page


@pytest.mark.django_db
def test_start_page_links_to_the_application_already_in_progress(client):
    app, user = make_ready_application()
    client.force_login(user)
    page = client.get(reverse("accreditation:application-new")).content.decode()
    assert reverse("accreditation:application", args=[app.pk]) in page
    assert "already in progress" in page


# ------------------------------------------------------------ steps and checklist

@pytest.mark.django_db
def test_a_new_draft_shows_its_steps_with_where_you_are(client):
    org, user = make_org()
    app = services.application_create(by=user, organisation=org, track="intergovernmental",
                                      bodies=[Body.objects.get(code="ecosoc")], requested_category="special")
    client.force_login(user)
    page = client.get(reverse("accreditation:application", args=[app.pk])).content.decode()
    for key in ("profile", "questionnaire", "documents", "submit"):
        assert f'data-testid="step-{key}"' in page
    assert 'data-testid="step-conduct"' not in page  # no deciding body has adopted a code of conduct
    assert page.index('aria-current="step"') > page.index('data-testid="step-questionnaire"')
    assert page.index('aria-current="step"') < page.index('data-testid="step-documents"')


@pytest.mark.django_db
def test_the_code_of_conduct_step_is_absent_where_none_is_required(client):
    org, user = make_org()
    app = services.application_create(by=user, organisation=org, track="intergovernmental",
                                      bodies=[Body.objects.get(code="ecosoc")], requested_category="special")
    client.force_login(user)
    page = client.get(reverse("accreditation:application", args=[app.pk])).content.decode()
    assert 'data-testid="step-conduct"' not in page
    assert "Accept the code of conduct" not in page


@pytest.mark.django_db
def test_the_code_of_conduct_step_appears_where_the_deciding_body_adopted_one(client):
    from accreditation.models import CodeOfConduct

    CodeOfConduct.objects.create(body=Body.objects.get(code="ecosoc"), text="Act in conformity with the Charter.",
                                 decision="Decision 2030/1", adopted_on=datetime.date(2020, 1, 1))
    org, user = make_org()
    app = services.application_create(by=user, organisation=org, track="intergovernmental",
                                      bodies=[Body.objects.get(code="ecosoc")], requested_category="special")
    client.force_login(user)
    page = client.get(reverse("accreditation:application", args=[app.pk])).content.decode()
    assert 'data-testid="step-conduct"' in page
    assert "Act in conformity with the Charter." in page
    response = client.post(reverse("accreditation:application-action", args=[app.pk, "submit"]), follow=True)
    assert f'/accreditation/applications/{app.pk}/#step-conduct' in response.content.decode()


@pytest.mark.django_db
def test_what_is_missing_is_a_list_of_links_not_alerts_or_slugs(client):
    org, user = make_org()
    app = services.application_create(by=user, organisation=org, track="intergovernmental",
                                      bodies=[Body.objects.get(code="ecosoc")], requested_category="special")
    client.force_login(user)
    response = client.post(reverse("accreditation:application-action", args=[app.pk, "submit"]), follow=True)
    page = response.content.decode()
    assert page.count('class="alert alert-danger"') == 1
    missing = page[page.index('data-testid="problems"'):]
    missing = missing[:missing.index("</ul>")]
    assert f'/accreditation/applications/{app.pk}/#step-documents' in missing
    assert f'/accreditation/applications/{app.pk}/#step-questionnaire' in missing
    assert f'/accreditation/applications/{app.pk}/#step-conduct' not in missing  # none adopted
    assert "annual_report" not in page.replace('value="annual_report"', "")
    app.refresh_from_db()
    assert app.state == "draft"


@pytest.mark.django_db
def test_submitting_says_the_reference(client):
    app, user = make_ready_application()
    client.force_login(user)
    page = client.post(reverse("accreditation:application-action", args=[app.pk, "submit"]),
                       follow=True).content.decode()
    app.refresh_from_db()
    assert f"Its reference is {app.reference}" in page


# ------------------------------------------------------------ answers with attachments

@pytest.fixture
def asked(db, django_capture_on_commit_callbacks):
    app, user = make_ready_application()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=app, by=user)
    secretariat = officer()
    req = services.application_request_information(application=app, by=secretariat,
                                                   question="Send your audited accounts.",
                                                   due_on=datetime.date.today() + datetime.timedelta(days=10))
    return {"app": app, "user": user, "officer": secretariat, "request": req}


@pytest.mark.django_db
def test_an_answer_carries_pdf_attachments_the_secretariat_opens(asked, client):
    app, user, req = asked["app"], asked["user"], asked["request"]
    client.force_login(user)
    response = client.post(reverse("accreditation:request-answer", args=[app.pk, req.pk]), {
        "answer": "Attached.", "attachments": [pdf_upload("accounts-2025.pdf"), pdf_upload("audit.pdf")]},
        follow=True)
    assert "sent with 2 attachments" in response.content.decode()
    files = list(AnswerAttachment.objects.filter(request=req).order_by("id"))
    assert [f.original_name for f in files] == ["accounts-2025.pdf", "audit.pdf"]
    client.force_login(asked["officer"])
    page = client.get(reverse("accreditation:prescreen", args=[app.pk])).content.decode()
    link = reverse("accreditation:answer-attachment", args=[app.pk, files[0].pk])
    assert link in page and "accounts-2025.pdf" in page
    download = client.get(link)
    assert download.status_code == 200 and download.content == PDF


@pytest.mark.django_db
def test_an_attachment_that_is_not_a_pdf_is_refused_and_nothing_is_saved(asked, client):
    app, user, req = asked["app"], asked["user"], asked["request"]
    client.force_login(user)
    response = client.post(reverse("accreditation:request-answer", args=[app.pk, req.pk]), {
        "answer": "Attached.", "attachments": [pdf_upload("virus.pdf", content=b"MZ\x90\x00not a pdf")]},
        follow=True)
    assert "virus.pdf: This file is not a PDF document." in response.content.decode()
    req.refresh_from_db()
    assert req.answered_at is None and not AnswerAttachment.objects.exists()


@pytest.mark.django_db
def test_another_organisation_cannot_open_an_attachment(asked, client):
    app, user, req = asked["app"], asked["user"], asked["request"]
    services.request_answer(request=req, by=user, answer="Here.", attachments=[pdf_upload("a.pdf")])
    attachment = AnswerAttachment.objects.get()
    url = reverse("accreditation:answer-attachment", args=[app.pk, attachment.pk])
    _other_org, stranger = make_org()
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(committee_member())  # not on a published list with it
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(role=Role.DONOR))
    assert client.get(url).status_code == 404


# ------------------------------------------------------------ decisions nobody made

@pytest.mark.django_db
def test_the_committee_decision_form_starts_empty_and_shows_the_recommendation(listed, client):
    app, clist, member = listed["app"], listed["list"], listed["member"]
    url = reverse("accreditation:dossier", args=[clist.pk, app.pk])
    client.force_login(member)
    page = client.get(url).content.decode()
    assert '<option value="" selected>— choose —</option>' in page
    assert 'data-testid="secretariat-recommendation"' in page
    assert "Recommend special consultative status" in page
    response = client.post(url, {"action": "decide", "outcome": "", "reason": ""})
    assert "Choose a decision." in response.content.decode()
    assert not Decision.objects.filter(application=app).exists()


@pytest.mark.django_db
def test_changing_a_decision_opens_the_saved_one_prefilled(listed, client):
    app, clist, member = listed["app"], listed["list"], listed["member"]
    services.decision_record(application=app, session=listed["session"], by=member, outcome="roster",
                             reason="Narrow field.")
    client.force_login(member)
    page = client.get(reverse("accreditation:dossier", args=[clist.pk, app.pk])).content.decode()
    assert "Change your decision" in page
    assert '<option value="roster" selected>' in page
    assert "Narrow field." in page

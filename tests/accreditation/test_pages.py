import datetime

import pytest
from django.urls import reverse

from accreditation import services
from accreditation.models import Application, ApplicationDocument, Body, Committee
from portal.roles import Role
from tests.accreditation.factories import committee_member, make_org, make_ready_application, pdf_upload
from tests.factories import UserFactory


def _status(client, user, url, method="get", data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


@pytest.fixture
def outsiders(db):
    other_committee = Committee.objects.create(code="other", name="Other", adopting_body=Body.objects.get(code="ga"))
    return {"other_ngo": UserFactory(role=Role.NGO), "donor": UserFactory(role=Role.DONOR),
            "other_member": committee_member(other_committee), "board": UserFactory(role=Role.BOARD)}


@pytest.mark.django_db
def test_application_pages_are_hidden_from_everyone_but_the_ngo_and_the_secretariat(listed, outsiders, client):
    app = listed["app"]
    url = reverse("accreditation:application", args=[app.pk])
    assert _status(client, listed["ngo"], url) == 200
    assert _status(client, listed["officer"], url) == 200
    for user in outsiders.values():
        assert _status(client, user, url) == 404
    assert _status(client, None, url) == 302
    # ...and another NGO cannot change it either.
    other = outsiders["other_ngo"]
    for name, args in [("application-answers", [app.pk]), ("application-action", [app.pk, "withdraw"]),
                       ("application-document", [app.pk])]:
        assert _status(client, other, reverse(f"accreditation:{name}", args=args), "post", {"aims": "x"}) == 404
    assert Application.objects.get(pk=app.pk).state == "prescreened"
    doc_url = reverse("accreditation:document", args=[app.pk, "constitution"])
    assert _status(client, other, doc_url) == 404
    assert _status(client, listed["ngo"], doc_url) == 200


@pytest.mark.django_db
def test_secretariat_pages_refuse_other_roles(listed, outsiders, client):
    urls = [reverse("accreditation:queue"), reverse("accreditation:prescreen", args=[listed["app"].pk]),
            reverse("accreditation:changes")]
    for url in urls:
        assert _status(client, listed["officer"], url) == 200
        for user in [listed["ngo"], listed["member"], *outsiders.values()]:
            assert _status(client, user, url) in (403, 404)


@pytest.mark.django_db
def test_consolidated_list_is_for_the_sessions_committee_only(listed, outsiders, client):
    clist, session = listed["list"], listed["session"]
    officer = listed["officer"]
    draft = services.consolidated_list_build(session=session, by=officer)
    urls_published = [reverse("accreditation:list", args=[clist.pk]),
                      reverse("accreditation:list-export", args=[clist.pk, "csv"]),
                      reverse("accreditation:dossier", args=[clist.pk, listed["app"].pk]),
                      reverse("accreditation:session", args=[session.pk])]
    for url in urls_published:
        assert _status(client, listed["member"], url) in (200, 202)
        assert _status(client, officer, url) in (200, 202)
        for user in [listed["ngo"], *outsiders.values()]:
            assert _status(client, user, url) in (403, 404)
    draft_url = reverse("accreditation:list", args=[draft.pk])
    assert _status(client, officer, draft_url) == 200
    assert _status(client, listed["member"], draft_url) == 404  # unpublished: not even the members


@pytest.mark.django_db
def test_member_defers_with_question_from_dossier_and_ngo_sees_it_with_deadline(listed, client):
    app = listed["app"]
    client.force_login(listed["member"])
    url = reverse("accreditation:dossier", args=[listed["list"].pk, app.pk])
    response = client.post(url, {"action": "question", "question": "How many members vote?"})
    assert response.status_code == 302
    client.force_login(listed["ngo"])
    page = client.get(reverse("accreditation:application", args=[app.pk])).content.decode()
    assert "How many members vote?" in page
    assert "Committee member" in page
    assert "Awaiting the Committee" in page  # public label, not the internal one


@pytest.mark.django_db
def test_outsider_cannot_decide_by_posting_to_the_dossier(listed, outsiders, client):
    url = reverse("accreditation:dossier", args=[listed["list"].pk, listed["app"].pk])
    for user in [outsiders["other_member"], listed["ngo"]]:
        assert _status(client, user, url, "post", {"action": "decide", "outcome": "special"}) == 404


@pytest.mark.django_db
def test_ngo_registration_page_refuses_po_box_and_keeps_the_input(client):
    user = UserFactory(role=Role.NGO)
    client.force_login(user)
    response = client.post(reverse("accreditation:organisation-register"), {
        "name": "Lake Victoria Fishers", "org_type": "national", "scope": "national", "country": "UG",
        "hq_address": "P.O. Box 77, Kampala", "registered_on": "2015-01-01",
        "funding-TOTAL_FORMS": "3", "funding-INITIAL_FORMS": "0"})
    assert response.status_code == 200
    assert "P.O. box cannot be the headquarters" in response.content.decode()
    assert "Lake Victoria Fishers" in response.content.decode()


@pytest.mark.django_db
def test_ngo_registration_shows_possible_duplicates_before_creating(client):
    make_org(name="Lake Victoria Fishers Association")
    client.force_login(UserFactory(role=Role.NGO))
    data = {"name": "Lake Victoria Fishers Association", "org_type": "national", "scope": "national",
            "country": "UG", "hq_address": "Plot 4 Jinja Road", "registered_on": "2015-01-01",
            "funding-TOTAL_FORMS": "3", "funding-INITIAL_FORMS": "0"}
    response = client.post(reverse("accreditation:organisation-register"), data)
    assert response.status_code == 200
    assert 'data-testid="duplicates"' in response.content.decode()
    response = client.post(reverse("accreditation:organisation-register"), {**data, "confirm_not_duplicate": "on"})
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "ctype", "message"), [
    ("statutes.pdf", b"MZ\x90\x00 not a pdf", "application/pdf", "not a PDF"),
    ("statutes.docx", b"%PDF-1.4 fine", "application/msword", "Upload a PDF"),
    ("statutes.pdf", b"", "application/pdf", "empty"),
])
def test_uploads_are_checked_by_type_content_and_size(name, content, ctype, message, client):
    org, user = make_org()
    app = services.application_create(by=user, organisation=org, track="dpi", bodies=[Body.objects.get(code="dpi")])
    client.force_login(user)
    response = client.post(reverse("accreditation:application-document", args=[app.pk]),
                           {"kind": "constitution", "file": pdf_upload(name, content, ctype)}, follow=True)
    assert message in response.content.decode()
    assert ApplicationDocument.objects.count() == 0


@pytest.mark.django_db
def test_oversized_upload_is_refused(settings):
    settings.MAX_UPLOAD_SIZE = 100
    org, user = make_org()
    app = services.application_create(by=user, organisation=org, track="dpi", bodies=[Body.objects.get(code="dpi")])
    with pytest.raises(services.ValidationError) as exc:
        services.application_upload_document(application=app, by=user, kind="constitution",
                                             upload=pdf_upload(content=b"%PDF-" + b"x" * 200))
    assert "too large" in str(exc.value)


@pytest.mark.django_db
def test_answers_over_their_length_limit_are_refused_and_drafts_kept():
    org, user = make_org()
    app = services.application_create(by=user, organisation=org, track="dpi", bodies=[Body.objects.get(code="dpi")])
    services.application_save_answers(application=app, by=user, answers={"aims": "Short aims."})
    with pytest.raises(services.ValidationError) as exc:
        services.application_save_answers(application=app, by=user, answers={"aims": "x" * 2001})
    assert "2000 characters" in exc.value.message_dict["aims"][0]
    app.refresh_from_db()
    assert app.answers == {"aims": "Short aims."}


@pytest.mark.django_db
def test_public_criteria_page_lists_versioned_criteria(client):
    page = client.get(reverse("accreditation:criteria")).content.decode()
    assert "Economic and Social Council" in page
    assert "Registered with a government for at least two years" in page
    assert "version 1" in page


@pytest.mark.django_db
def test_dpi_track_is_decided_by_the_secretariat_without_the_committee(secretariat,
                                                                       django_capture_on_commit_callbacks):
    app, user = make_ready_application(track="dpi")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=app, by=user)
    app.refresh_from_db()
    assert (app.session, app.committee) == (None, None)
    services.application_dpi_decide(application=app, by=secretariat, associate=True)
    app.organisation.refresh_from_db()
    assert app.organisation.dpi_associated_on is not None


@pytest.mark.django_db
def test_queue_bulk_assignment_reports_each_refused_item(secretariat, client, django_capture_on_commit_callbacks):
    app, user = make_ready_application()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=app, by=user)
    draft, _u = make_ready_application()
    other = UserFactory(role=Role.SECRETARIAT)
    client.force_login(secretariat)
    asked = client.post(reverse("accreditation:queue"), {"applications": [app.pk, draft.pk], "officer": other.pk})
    assert "2 applications are ticked." in asked.content.decode()
    assert Application.objects.get(pk=app.pk).officer != other  # nothing happens before the second click
    response = client.post(reverse("accreditation:queue"),
                           {"applications": [app.pk, draft.pk], "officer": other.pk, "confirmed": "yes"})
    page = response.content.decode()
    assert f"#{draft.pk}: Only applications in pre-screening can be assigned." in page
    assert Application.objects.get(pk=app.pk).officer == other


@pytest.mark.django_db
def test_request_for_information_shows_the_deadline_to_both_sides(secretariat, client,
                                                                  django_capture_on_commit_callbacks):
    app, user = make_ready_application()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=app, by=user)
    due = datetime.date.today() + datetime.timedelta(days=20)
    services.application_request_information(application=app, by=secretariat, question="Audited accounts?",
                                             due_on=due)
    for who, url in ((user, "accreditation:application"), (secretariat, "accreditation:prescreen")):
        client.force_login(who)
        page = client.get(reverse(url, args=[app.pk])).content.decode()
        assert "Audited accounts?" in page
        assert due.strftime("%Y") in page
    client.force_login(user)
    assert "Information requested from you" in client.get(reverse("accreditation:application", args=[app.pk])).content.decode()


@pytest.mark.django_db
def test_changes_name_reclassification_and_merger(secretariat):
    org, user = make_org()
    target, _u = make_org()
    change = services.organisation_change_request(organisation=org, by=user, kind="name", new_name="New Name")
    services.organisation_change_decide(change=change, by=secretariat, approve=True)
    org.refresh_from_db()
    assert org.name == "New Name"
    services.organisation_change_status(organisation=org, transition="grant", by=secretariat,
                                        on=datetime.date(2020, 7, 1), reason="E/2020", category="roster")
    change = services.organisation_change_request(organisation=org, by=user, kind="reclassification",
                                                  new_category="special")
    services.organisation_change_decide(change=change, by=secretariat, approve=True, reason="E/2026/1")
    org.refresh_from_db()
    assert (org.status_category, org.status_state) == ("special", "active")
    change = services.organisation_change_request(organisation=org, by=user, kind="merger", merged_into=target)
    services.organisation_change_decide(change=change, by=secretariat, approve=True)
    org.refresh_from_db()
    assert org.status_state == "withdrawn"


@pytest.mark.django_db
def test_dashboards_show_accreditation_panels(listed, client):
    client.force_login(listed["ngo"])
    assert 'data-testid="panel-accreditation"' in client.get("/dashboard/ngo/").content.decode()
    client.force_login(listed["officer"])
    assert 'data-testid="panel-prescreening"' in client.get("/dashboard/secretariat/").content.decode()
    client.force_login(listed["member"])
    assert 'data-testid="panel-committee"' in client.get("/dashboard/committee/").content.decode()


@pytest.mark.django_db
def test_organisation_page_is_public_once_approved_and_private_before(client, secretariat):
    org, user = make_org()
    url = reverse("accreditation:organisation", args=[org.pk])
    assert client.get(url).status_code == 404
    client.force_login(user)
    assert client.get(url).status_code == 200
    client.logout()
    services.organisation_approve(organisation=org, by=secretariat)
    page = client.get(url).content.decode()
    assert org.name in page
    assert "Non-governmental funding" not in page  # private details stay private

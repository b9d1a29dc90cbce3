"""Far-reaching accreditation actions go through one confirmation page that
says what will happen and to how many; nothing happens before the second
click, and the page works without JavaScript (a plain form)."""

import datetime

import pytest
from django.urls import reverse

from accreditation import services
from accreditation.models import ConsolidatedList, Decision
from tests.accreditation.factories import make_ready_application, prescreen, session_has_met


@pytest.mark.django_db
def test_publishing_a_list_asks_first_and_counts_its_applications(secretariat, client,
                                                                   django_capture_on_commit_callbacks):
    app, user = make_ready_application()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=app, by=user)
    prescreen(app, secretariat)
    app.refresh_from_db()
    clist = services.consolidated_list_build(session=app.session, by=secretariat)
    client.force_login(secretariat)
    url = reverse("accreditation:session", args=[app.session.pk])
    page = client.post(url, {"action": "publish", "list": clist.pk}).content.decode()
    assert "1 application is on this version." in page
    assert 'name="confirmed" value="yes"' in page and f'name="list" value="{clist.pk}"' in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert ConsolidatedList.objects.get(pk=clist.pk).published_at is None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "publish", "list": clist.pk, "confirmed": "yes"})
    assert ConsolidatedList.objects.get(pk=clist.pk).published_at is not None


@pytest.mark.django_db
def test_publishing_decisions_asks_first_with_each_outcome_counted(listed, client,
                                                                   django_capture_on_commit_callbacks):
    app, session, member, secretariat = (listed[k] for k in ("app", "session", "member", "officer"))
    services.decision_record(application=app, session=session, by=member, outcome="special")
    session_has_met(session)
    client.force_login(secretariat)
    url = reverse("accreditation:session", args=[session.pk])
    page = client.post(url, {"action": "publish_decisions"}).content.decode()
    assert "1 decision will be published." in page
    assert "1 application: Recommend special consultative status." in page
    session.refresh_from_db()
    assert session.decisions_published_at is None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "publish_decisions", "confirmed": "yes"})
    session.refresh_from_db()
    assert session.decisions_published_at is not None


@pytest.mark.django_db
def test_recording_adoption_asks_first_with_the_date_and_the_number(listed, client,
                                                                    django_capture_on_commit_callbacks):
    app, session, member, secretariat = (listed[k] for k in ("app", "session", "member", "officer"))
    services.decision_record(application=app, session=session, by=member, outcome="special")
    session_has_met(session)
    services.session_publish_decisions(session=session, by=secretariat)
    client.force_login(secretariat)
    url = reverse("accreditation:session", args=[session.pk])
    on = datetime.date.today()
    page = client.post(url, {"action": "adopt", "on": on.isoformat(), "reference": "E/2026/L.1"}).content.decode()
    assert "1 recommendation will be adopted." in page and "E/2026/L.1" in page
    assert Decision.objects.get().state == "published"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "adopt", "on": on.isoformat(), "reference": "E/2026/L.1", "confirmed": "yes"})
    assert Decision.objects.get().state == "adopted"
    app.organisation.refresh_from_db()
    assert app.organisation.status_state == "active"


@pytest.mark.django_db
def test_a_bulk_decision_asks_first_and_then_reports_each_item(listed, client):
    app, clist, member = listed["app"], listed["list"], listed["member"]
    client.force_login(member)
    url = reverse("accreditation:list", args=[clist.pk])
    page = client.post(url, {"applications": [app.pk], "outcome": "roster", "reason": ""}).content.decode()
    assert "1 application is ticked." in page and "Recommend roster status" in page
    assert not Decision.objects.exists()
    client.post(url, {"applications": [app.pk], "outcome": "roster", "reason": "", "confirmed": "yes"})
    assert Decision.objects.get().outcome == "roster"


@pytest.mark.django_db
def test_someone_not_allowed_never_sees_a_confirmation_page(listed, client):
    session = listed["session"]
    client.force_login(listed["ngo"])
    response = client.post(reverse("accreditation:session", args=[session.pk]), {"action": "publish_decisions"})
    assert response.status_code in (403, 404)


@pytest.mark.django_db
def test_approving_a_merger_asks_first_because_it_withdraws_status(secretariat, client):
    from accreditation.models import OrganisationChange
    from accreditation.status import organisation_change_status
    from tests.accreditation.factories import make_org

    org, user = make_org(approve_by=secretariat)
    into, _u = make_org(approve_by=secretariat)
    organisation_change_status(organisation=org, transition="grant", by=secretariat,
                               on=datetime.date(2024, 7, 20), reason="Adopted.", category="special")
    change = services.organisation_change_request(organisation=org, by=user, kind="merger", merged_into=into)
    client.force_login(secretariat)
    url = reverse("accreditation:changes")
    page = client.post(url, {"change": change.pk, "decision": "approve"}).content.decode()
    assert "consultative status, if any, is withdrawn" in page
    assert OrganisationChange.objects.get(pk=change.pk).state == "requested"
    client.post(url, {"change": change.pk, "decision": "approve", "confirmed": "yes"})
    org.refresh_from_db()
    assert (OrganisationChange.objects.get(pk=change.pk).state, org.status_state) == ("approved", "withdrawn")

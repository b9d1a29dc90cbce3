"""Which bodies take applications is data resting on a recorded decision
(¶25–28); a code of conduct is asked for only where a deciding body adopted
one (¶34)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accreditation import services
from accreditation.forms import ApplicationCreateForm
from accreditation.models import Body, CodeOfConduct, Organisation
from tests.accreditation.factories import make_org, make_ready_application


@pytest.mark.django_db
def test_the_general_assembly_and_its_main_committees_are_closed_awaiting_its_decision():
    org, user = make_org()
    for code in ("ga", "ga-c1", "ga-c3"):
        with pytest.raises(ValidationError) as exc:
            services.application_create(by=user, organisation=org, track="intergovernmental",
                                        bodies=[Body.objects.get(code=code)], requested_category="special")
        assert "awaiting a decision of General Assembly" in exc.value.messages[0]
    offered = set(ApplicationCreateForm(organisations=Organisation.objects.all())
                  .fields["bodies"].queryset.values_list("code", flat=True))
    assert offered == {"ecosoc", "ecosoc-subsidiary", "csw", "csocd", "csd", "cnd", "conferences", "dpi"}


@pytest.mark.django_db
def test_a_recorded_decision_opens_a_body_from_its_date_only():
    org, user = make_org()
    c3 = Body.objects.get(code="ga-c3")
    today = datetime.date.today()
    c3.access_decision = "General Assembly resolution 99/1"
    c3.access_decided_on = today + datetime.timedelta(days=1)
    c3.save()
    assert not c3.accepts_applications(today)
    assert c3.accepts_applications(today + datetime.timedelta(days=1))
    c3.access_decided_on = today
    c3.save()
    app = services.application_create(by=user, organisation=org, track="intergovernmental", bodies=[c3],
                                      requested_category="special")
    assert list(app.bodies.values_list("code", flat=True)) == ["ga-c3"]


@pytest.mark.django_db
def test_a_body_cannot_be_opened_without_the_reference_of_its_decision():
    body = Body.objects.get(code="ga-c1")
    body.access_decided_on = datetime.date(2030, 1, 1)
    body.access_decision = ""
    with pytest.raises(ValidationError):
        body.full_clean()


@pytest.mark.django_db
def test_each_body_names_its_reviewing_committee_and_adopting_body():
    ecosoc_family = Body.objects.filter(code__in=["ecosoc", "csw", "conferences"])
    assert {b.deciding_committee.code for b in ecosoc_family} == {"ngo-committee"}
    assert {b.deciding_body.code for b in ecosoc_family} == {"ecosoc"}
    ga_family = Body.objects.filter(code__startswith="ga")
    assert {b.deciding_committee_id for b in ga_family} == {None}  # the Committee on NGOs reviews for ECOSOC only
    assert {b.deciding_body.code for b in ga_family} == {"ga"}


@pytest.mark.django_db
def test_the_criteria_page_and_the_tracker_read_the_same_records(client):
    for url in (reverse("accreditation:criteria"), reverse("partnerships:tracker")):
        page = client.get(url).content.decode()
        rows = page[page.index('data-testid="bodies-access"'):]
        rows = rows[:rows.index("</table>")]
        assert "Closed, awaiting a decision of the General Assembly" in rows
        assert "Open since Economic and Social Council resolution 1996/31 of 25 July 1996" in rows
        assert rows.count("Committee on Non-Governmental Organizations") == 7


@pytest.mark.django_db
def test_no_code_of_conduct_is_asked_for_where_none_was_adopted():
    app, user = make_ready_application()
    assert services.requires_code_of_conduct(app) is False
    with pytest.raises(ValidationError):
        services.application_accept_code_of_conduct(application=app, by=user)
    services.application_submit(application=app, by=user)
    app.refresh_from_db()
    assert app.state == "submitted"


@pytest.mark.django_db
def test_a_code_of_conduct_adopted_by_the_deciding_body_must_be_accepted():
    ecosoc = Body.objects.get(code="ecosoc")
    code = CodeOfConduct.objects.create(body=ecosoc, text="Respect the Charter.", decision="Decision 2030/1",
                                        adopted_on=datetime.date(2020, 1, 1))
    app, user = make_ready_application()
    assert services.codes_of_conduct_for(app) == [code]
    app.refresh_from_db()
    assert app.code_of_conduct_accepted_at is not None  # the factory accepted it because it is required
    app.code_of_conduct_accepted_at = None
    app.save()
    with pytest.raises(ValidationError) as exc:
        services.application_submit(application=app, by=user)
    assert "Accept the code of conduct." in exc.value.messages
    # Adopted by ECOSOC only: an application to DPI is not asked for it.
    dpi_app, _user = make_ready_application(track="dpi")
    assert services.requires_code_of_conduct(dpi_app) is False

"""Parliaments, local authorities and the private sector register as what
they are, each giving what its kind needs; the directory filters by kind."""

import datetime

import pytest
from django.urls import reverse

from accreditation import services
from accreditation.models import EntityKind, Organisation
from participation import services as participation_services
from participation.models import Registration
from portal.models import Country
from portal.roles import Role
from tests.factories import UserFactory
from tests.participation.factories import designate, make_meeting

BASE = {"org_type": "national", "scope": "national", "hq_address": "1 Parliament Square",
        "funding-TOTAL_FORMS": "3", "funding-INITIAL_FORMS": "0"}


@pytest.mark.django_db
def test_a_parliament_registers_on_the_web_form_and_takes_part_at_ecosoc(client):
    user = UserFactory(role=Role.NGO)
    client.force_login(user)
    data = {**BASE, "entity_kind": "parliament", "name": "National Assembly of Kenya", "country": "KE"}
    response = client.post(reverse("accreditation:organisation-register"), data)
    assert response.status_code == 200
    assert "Say which chamber, city or region you represent." in response.content.decode()
    response = client.post(reverse("accreditation:organisation-register"), {**data, "represents": "Lower house"})
    assert response.status_code == 302
    parliament = Organisation.objects.get(name="National Assembly of Kenya")
    assert (parliament.entity_kind, parliament.represents, parliament.registered_on) == (
        EntityKind.PARLIAMENT, "Lower house", None)
    services.organisation_approve(organisation=parliament, by=UserFactory(role=Role.SECRETARIAT))
    parliament.refresh_from_db()
    segment = make_meeting(kind="ecosoc-segment", body="ecosoc")
    registration = participation_services.registration_create(
        by=user, meeting=segment, designation=designate(parliament, by=user))
    assert registration.state == Registration.State.APPROVED


@pytest.mark.django_db
def test_the_private_sector_registers_with_its_sector_and_ngos_still_give_their_registration_date(client):
    client.force_login(UserFactory(role=Role.NGO))
    url = reverse("accreditation:organisation-register")
    response = client.post(url, {**BASE, "entity_kind": "business", "name": "Acme Water Ltd", "country": "KE"})
    assert "Say in which sector you do business or give." in response.content.decode()
    response = client.post(url, {**BASE, "entity_kind": "foundation", "name": "Lake Fund", "country": "KE",
                                 "business_sector": "Water and sanitation grants"})
    assert response.status_code == 302
    assert Organisation.objects.get(name="Lake Fund").entity_kind == EntityKind.FOUNDATION
    response = client.post(url, {**BASE, "name": "Fishers NGO", "country": "UG"})
    assert "Give the date your organisation was registered with a government." in response.content.decode()


@pytest.mark.django_db
def test_the_directory_filters_by_kind_of_entity(client):
    staff = UserFactory(role=Role.SECRETARIAT)
    for name, kind, extra in (("Acme Water Ltd", "business", {"business_sector": "Water"}),
                              ("Fishers NGO", "ngo", {"registered_on": datetime.date(2010, 1, 1)})):
        org = services.organisation_create(by=staff, fields={"name": name, "entity_kind": kind, "country": Country.objects.get(iso2="KE"),
                                                             "hq_address": "Plot 1 Main Road", **extra})
        services.organisation_approve(organisation=org, by=staff)
    page = client.get(reverse("partnerships:directory"), {"entity_kind": "business"}).content.decode()
    assert "Acme Water Ltd" in page and "Fishers NGO" not in page
    assert '<option value="business" selected>Business</option>' in page


@pytest.mark.django_db
def test_the_service_asks_each_kind_for_what_it_needs_whatever_the_door():
    from django.core.exceptions import ValidationError

    staff = UserFactory(role=Role.SECRETARIAT)
    kenya = Country.objects.get(iso2="KE")
    with pytest.raises(ValidationError) as exc:
        services.organisation_create(by=staff, fields={"name": "Nairobi City County", "entity_kind": "local_authority",
                                                       "country": kenya, "hq_address": "City Hall Way"})
    assert list(exc.value.message_dict) == ["represents"]
    with pytest.raises(ValidationError) as exc:
        services.organisation_create(by=staff, fields={"name": "Kenya Business Council",
                                                       "entity_kind": "business_association", "country": kenya,
                                                       "hq_address": "Riverside Drive 1"})
    assert list(exc.value.message_dict) == ["business_sector"]

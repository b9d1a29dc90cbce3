"""The pre-screening queue and the API lists issue the same number of queries for few rows and many."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accreditation.models import Application, Body, Organisation, OrganisationMembership
from portal.models import Country
from portal.roles import Role
from tests.factories import UserFactory


def _applications(n, state="prescreening", member=None):
    kenya = Country.objects.get(iso2="KE")
    orgs = Organisation.objects.bulk_create([Organisation(name=f"Queue org {i}", country=kenya) for i in range(n)])
    if member:
        OrganisationMembership.objects.bulk_create([OrganisationMembership(organisation=o, user=member) for o in orgs])
    apps = Application.objects.bulk_create([Application(organisation=o, state=state, submitted_at=timezone.now())
                                            for o in orgs])
    ecosoc = Body.objects.get(code="ecosoc")
    Application.bodies.through.objects.bulk_create([Application.bodies.through(application=a, body=ecosoc)
                                                    for a in apps])
    return apps


@pytest.mark.django_db
@pytest.mark.parametrize("n", [5, 300])
def test_queue_page_query_count_is_constant(n, client, django_assert_max_num_queries):
    _applications(n)
    client.force_login(UserFactory(role=Role.SECRETARIAT))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("accreditation:queue"))
    assert response.content.decode().count('name="applications"') == min(n, 50)


@pytest.mark.django_db
@pytest.mark.parametrize("n", [5, 300])
def test_api_application_list_query_count_is_constant(n, django_assert_max_num_queries):
    ngo = UserFactory(role=Role.NGO)
    _applications(n, state="draft", member=ngo)
    client = APIClient()
    client.force_authenticate(ngo)
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/accreditation/applications/", {"page_size": 500})
    assert response.json()["count"] == n
    assert len(response.json()["results"]) == n


@pytest.mark.django_db
@pytest.mark.parametrize("n", [5, 300])
def test_api_application_list_with_sessions_query_count_is_constant(n, django_assert_max_num_queries):
    import datetime

    from accreditation.models import Committee, Session

    committee = Committee.objects.get(code="ngo-committee")
    sessions = [Session.objects.create(committee=committee, year=2040 + i, kind="regular",
                                       starts_on=datetime.date(2040 + i, 1, 20), ends_on=datetime.date(2040 + i, 2, 5))
                for i in range(3)]
    apps = _applications(n)
    for i, app in enumerate(apps):
        app.session = sessions[i % 3]
    Application.objects.bulk_update(apps, ["session"])
    client = APIClient()
    client.force_authenticate(UserFactory(role=Role.SECRETARIAT))
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/accreditation/applications/", {"page_size": 500})
    assert len(response.json()["results"]) == n

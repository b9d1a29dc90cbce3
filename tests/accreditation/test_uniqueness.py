"""Business uniqueness held by the database: one application in progress per
organisation and track, one organisation per identical registration, sign-up
races answered with a 400, and inquiries submitted once per form.

The races run real parallel connections (threads, one connection each) on
PostgreSQL; SQLite serialises writers, so those are skipped there with the
reason. The constraint itself is checked on both."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from accreditation import services
from accreditation.models import Application, Body, Organisation
from partnerships import services as partnerships_services
from partnerships.models import Inquiry
from portal.models import Country
from portal.roles import Role
from tests.accreditation.factories import make_org
from tests.factories import UserFactory
from tests.utils import postgres_only, run_in_parallel

PARALLEL = 20




def _registration(user, name="Lake Turkana Women's Network"):
    return {"by": user, "fields": {"name": name, "country": Country.objects.get(iso2="KE"),
                                   "hq_address": "Moi Avenue 12", "hq_city": "Nairobi",
                                   "registered_on": datetime.date(2015, 3, 1)},
            "funding_sources": [{"name": "Members", "kind": "non_governmental", "share": 100}]}


# ------------------------------------------------------------ on every database

@pytest.mark.django_db
def test_the_database_refuses_a_second_application_in_progress_for_the_same_track():
    org, user = make_org()
    first = services.application_create(by=user, organisation=org, track="dpi", bodies=[Body.objects.get(code="dpi")])
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(organisation=org, track="dpi", created_by=user)
    # Once the first one is over, a new application in the track is welcome.
    Application.objects.filter(pk=first.pk).update(state="withdrawn")
    services.application_create(by=user, organisation=org, track="dpi", bodies=[Body.objects.get(code="dpi")])
    assert Application.objects.filter(organisation=org, track="dpi").count() == 2


@pytest.mark.django_db
def test_a_registration_sent_twice_makes_one_organisation_and_a_clear_message():
    user = UserFactory(role=Role.NGO)
    services.organisation_create(**_registration(user))
    with pytest.raises(ValidationError) as refused:
        services.organisation_create(**_registration(user, name="LAKE TURKANA WOMEN'S NETWORK"))
    assert refused.value.message_dict == {
        "name": ["You have already registered an organisation with this name in this country."]}
    assert Organisation.objects.filter(name__iexact="Lake Turkana Women's Network").count() == 1


@pytest.mark.django_db
def test_an_inquiry_form_sent_twice_makes_one_inquiry(make_user):
    from tests.partnerships.factories import OrganisationFactory, member, units_and_rules

    units_and_rules()
    org = OrganisationFactory(name="Nairobi Health Network")
    user = member(make_user(role=Role.NGO), org)
    client = Client()
    client.force_login(user)
    page = client.get("/partnerships/inquiries/new/")
    token = page.context["form"]["submission_token"].value()
    assert uuid.UUID(str(token))
    data = {"organisation": org.pk, "topic": "accreditation", "subject": "Status?", "message": "Where is it?",
            "submission_token": token}
    first = client.post("/partnerships/inquiries/new/", data)
    second = client.post("/partnerships/inquiries/new/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Inquiry.objects.count() == 1
    # A fresh form is a new inquiry.
    fresh = client.get("/partnerships/inquiries/new/").context["form"]["submission_token"].value()
    assert fresh != token
    client.post("/partnerships/inquiries/new/", {**data, "submission_token": fresh})
    assert Inquiry.objects.count() == 2


# ------------------------------------------------------------ races on PostgreSQL

@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_application_creation_leaves_one_in_progress():
    org, user = make_org()
    dpi = Body.objects.get(code="dpi")
    results = run_in_parallel([lambda: services.application_create(by=user, organisation=org, track="dpi", bodies=[dpi])
                         for _ in range(8)])
    outcomes = sorted(kind for kind, _value in results)
    assert outcomes == ["error"] * 7 + ["ok"]
    assert all(isinstance(value, ValidationError) for kind, value in results if kind == "error")
    assert Application.objects.filter(organisation=org, track="dpi").count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_twenty_identical_registrations_make_one_organisation():
    user = UserFactory(role=Role.NGO)
    results = run_in_parallel([lambda: services.organisation_create(**_registration(user)) for _ in range(PARALLEL)])
    assert sorted(kind for kind, _value in results) == ["error"] * (PARALLEL - 1) + ["ok"]
    assert all(isinstance(value, ValidationError) for kind, value in results if kind == "error")
    assert Organisation.objects.filter(name="Lake Turkana Women's Network").count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_identical_sign_ups_are_answered_400_not_500():
    data = {"first_name": "Amina", "last_name": "Wanjiru", "username": "amina-race", "email": "race@example.org",
            "password1": "Nairobi-health-2026", "password2": "Nairobi-health-2026"}

    def sign_up():
        return Client(raise_request_exception=False).post("/accounts/signup/", data).status_code

    results = run_in_parallel([sign_up for _ in range(10)])
    statuses = sorted(value for _kind, value in results)
    # One account is made. The others are told the username is taken (400), or, when their check saw the
    # e-mail address first, get the same page as a new sign-up (the address's owner is e-mailed): a sign-up
    # never reveals which addresses have accounts. Never a 500.
    assert set(statuses) <= {200, 400} and 200 in statuses
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.filter(email="race@example.org").count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_double_submits_of_an_inquiry_make_one(make_user):
    from tests.partnerships.factories import OrganisationFactory, member, units_and_rules

    units_and_rules()
    org = OrganisationFactory(name="Nairobi Health Network")
    user = member(make_user(role=Role.NGO), org)
    token = uuid.uuid4()
    results = run_in_parallel([lambda: partnerships_services.inquiry_submit(
        organisation=org, by=user, topic="accreditation", subject="Status?", message="Where is it?",
        submission_token=token) for _ in range(10)])
    assert [kind for kind, _value in results] == ["ok"] * 10
    assert len({value.pk for _kind, value in results}) == 1
    assert Inquiry.objects.count() == 1
    assert timezone.now() - Inquiry.objects.get().created_at < datetime.timedelta(minutes=5)

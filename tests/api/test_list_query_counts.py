"""Every API list issues the same number of queries for 5 rows as for 500:
each list is read once with 5 rows, then with 500, and the counts compared."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accreditation.models import (
    Application,
    Committee,
    ConsolidatedList,
    ConsolidatedListEntry,
    Decision,
    InformationRequest,
    Organisation,
    OrganisationChange,
    OrganisationMembership,
    Session,
)
from participation.models import Designation, Meeting, Registration, Representative, SpeakingRequest, Statement
from portal.models import Country
from portal.roles import Role
from tests.factories import UserFactory
from tests.participation.factories import make_meeting
from tests.trustfund import factories as tf
from trustfund.models import CapacityInitiative, Contribution, GrantApplication, GrantCall, Pledge

_seq = itertools.count(1)


def _orgs(n, member=None, focal_point=False):
    kenya = Country.objects.get(iso2="KE")
    orgs = Organisation.objects.bulk_create([Organisation(name=f"Listed org {next(_seq)}", country=kenya,
                                                          profile_state="approved") for _ in range(n)])
    if member:
        OrganisationMembership.objects.bulk_create([OrganisationMembership(organisation=o, user=member,
                                                                           is_focal_point=focal_point) for o in orgs])
    return orgs


def _apps(n, **kwargs):
    return Application.objects.bulk_create([Application(organisation=o, state="prescreening",
                                                        submitted_at=timezone.now()) for o in _orgs(n, **kwargs)])


def _session(i):
    committee = Committee.objects.get(code="ngo-committee")
    year = 2100 + i
    return Session.objects.create(committee=committee, year=year, kind="regular",
                                  starts_on=datetime.date(year, 1, 20), ends_on=datetime.date(year, 2, 5))


def _the_session(world):
    if "session" not in world:
        world["session"] = _session(0)
    return world["session"]


# Each builder adds n rows to the list and returns its path; `world` holds the users.

def organisations(world, n):
    _orgs(n)
    return "/api/v1/accreditation/organisations/"


def requests(world, n):
    due = timezone.localdate() + datetime.timedelta(days=10)
    InformationRequest.objects.bulk_create([InformationRequest(application=a, source="secretariat", question="Q?",
                                                               due_on=due) for a in _apps(n)])
    return "/api/v1/accreditation/requests/"


def decisions(world, n):
    session = _the_session(world)
    Decision.objects.bulk_create([Decision(application=a, session=session, outcome="special") for a in _apps(n)])
    return "/api/v1/accreditation/decisions/"


def sessions(world, n):
    start = world.setdefault("sessions", 0)
    for i in range(start, start + n):
        _session(i)
    world["sessions"] = start + n
    return "/api/v1/accreditation/sessions/"


def consolidated_lists(world, n):
    session = _the_session(world)
    start = world.setdefault("versions", 0)
    ConsolidatedList.objects.bulk_create([ConsolidatedList(session=session, version=v)
                                          for v in range(start + 1, start + n + 1)])
    world["versions"] = start + n
    return "/api/v1/accreditation/consolidated-lists/"


def _designations(world, n):
    if "org" not in world:
        world["org"] = _orgs(1, member=world["user"], focal_point=True)[0]
    org = world["org"]
    reps = Representative.objects.bulk_create([Representative(organisation=org, first_name="Rep",
                                                              last_name=f"N{next(_seq)}") for _ in range(n)])
    year = timezone.localdate().year
    return Designation.objects.bulk_create([Designation(organisation=org, representative=r, year=year,
                                                        role="additional", valid_until=datetime.date(year, 12, 31))
                                            for r in reps])


def designations(world, n):
    _designations(world, n)
    return "/api/v1/participation/designations/"


def registrations(world, n):
    if "meeting" not in world:
        world["meeting"] = make_meeting()
    meeting = world["meeting"]
    Registration.objects.bulk_create([Registration(meeting=meeting, organisation_id=d.organisation_id,
                                                   representative_id=d.representative_id, designation=d)
                                      for d in _designations(world, n)])
    return "/api/v1/participation/registrations/"


def _call(world):
    if "call" not in world:
        world["call"] = tf.call(tf.meeting())
    return world["call"]


def grant_calls(world, n):
    base = _call(world)
    GrantCall.objects.bulk_create([GrantCall(fund=base.fund, meeting=base.meeting, title=f"Call {next(_seq)}",
                                             opens_on=base.opens_on, closes_on=base.closes_on,
                                             budget_ceiling_usd=1000, dsa_rate_usd=100) for _ in range(n)])
    return "/api/v1/trustfund/calls/"


def grant_applications(world, n):
    call = _call(world)
    kenya = Country.objects.get(iso2="KE")
    GrantApplication.objects.bulk_create([GrantApplication(
        call=call, organisation_id=d.organisation_id, designation=d, representative_id=d.representative_id,
        origin_city="Nairobi", origin_country=kenya, fare_usd=Decimal(900), days=3, dsa_rate_usd=Decimal(100),
        terminal_usd=Decimal(0), requested_usd=Decimal(1200), justification="J", passport_name="P",
        nationality=kenya) for d in _designations(world, n)])
    return "/api/v1/trustfund/applications/"


def pledges(world, n):
    fund = tf.participation_fund()
    donor = tf.donor("Kingdom of Norway")
    Pledge.objects.bulk_create([Pledge(donor=donor, fund=fund, amount_usd=Decimal(100),
                                       pledged_on=timezone.localdate()) for _ in range(n)])
    return "/api/v1/trustfund/pledges/"


def organisation_changes(world, n):
    OrganisationChange.objects.bulk_create([OrganisationChange(organisation=o, kind="name", new_name="New")
                                            for o in _orgs(n)])
    return "/api/v1/accreditation/organisation-changes/"


def statements(world, n):
    if "meeting" not in world:
        world["meeting"] = make_meeting()
    Statement.objects.bulk_create([Statement(meeting=world["meeting"], organisation=o, title="T", text="Text",
                                             word_count=1, word_limit=500)
                                   for o in _orgs(n)])
    return "/api/v1/participation/statements/"


def speaking_requests(world, n):
    if "meeting" not in world:
        world["meeting"] = make_meeting()
    orgs = _orgs(n, member=world["user"])
    reps = Representative.objects.bulk_create([Representative(organisation=o, first_name="R", last_name="S")
                                               for o in orgs])
    SpeakingRequest.objects.bulk_create([SpeakingRequest(meeting=world["meeting"], organisation=o, speaker=r,
                                                         topic="T") for o, r in zip(orgs, reps, strict=True)])
    return "/api/v1/participation/speaking-requests/"


def meetings(world, n):
    base = make_meeting()
    Meeting.objects.bulk_create([Meeting(kind=base.kind, body=base.body, title=f"M {next(_seq)}",
                                         starts_on=base.starts_on, ends_on=base.ends_on,
                                         registration_opens_at=base.registration_opens_at,
                                         registration_closes_at=base.registration_closes_at) for _ in range(n - 1)])
    return "/api/v1/participation/meetings/"


def contributions(world, n):
    fund, donor = tf.participation_fund(), tf.donor("Kingdom of Norway")
    Contribution.objects.bulk_create([Contribution(donor=donor, fund=fund, amount=Decimal(10), rate_to_usd=1,
                                                   amount_usd=Decimal(10), received_on=timezone.localdate())
                                      for _ in range(n)])
    return "/api/v1/trustfund/contributions/"


def awards(world, n):
    grant_applications(world, n)
    GrantApplication.objects.update(state="awarded", awarded_usd=Decimal(1200))
    return "/api/v1/trustfund/awards/"


def initiatives(world, n):
    fund, botswana = tf.capacity_fund(), Country.objects.get(iso2="BW")
    CapacityInitiative.objects.bulk_create([CapacityInitiative(fund=fund, country=botswana, country_team="UNCT",
                                                               title="T", description="D", requested_usd=100)
                                            for _ in range(n)])
    return "/api/v1/trustfund/initiatives/"


def list_entries(world, n):
    session = _the_session(world)
    if "list" not in world:
        world["list"] = ConsolidatedList.objects.create(session=session, version=1)
    start = world.setdefault("position", 0)
    ConsolidatedListEntry.objects.bulk_create([
        ConsolidatedListEntry(consolidated_list=world["list"], application=a, position=start + i + 1,
                              organisation_name="O", requested_category="special")
        for i, a in enumerate(_apps(n))])
    world["position"] = start + n
    return f"/api/v1/accreditation/consolidated-lists/{world['list'].pk}/entries/"


LISTS = {
    # builder: the role reading the list
    organisations: Role.SECRETARIAT, requests: Role.SECRETARIAT, decisions: Role.SECRETARIAT,
    sessions: Role.SECRETARIAT, consolidated_lists: Role.SECRETARIAT, designations: Role.NGO,
    registrations: Role.NGO, grant_calls: Role.SECRETARIAT, grant_applications: Role.SECRETARIAT,
    pledges: Role.SECRETARIAT, organisation_changes: Role.SECRETARIAT, statements: Role.SECRETARIAT,
    speaking_requests: Role.NGO, meetings: Role.NGO, contributions: Role.SECRETARIAT, awards: Role.SECRETARIAT,
    initiatives: Role.SECRETARIAT, list_entries: Role.SECRETARIAT,
}


def _count(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, {"page_size": 500})
    assert response.status_code == 200, response.content
    return len(ctx), response.json()["count"]


@pytest.mark.django_db
@pytest.mark.parametrize("builder", list(LISTS), ids=[b.__name__ for b in LISTS])
def test_list_reads_as_many_queries_for_500_rows_as_for_5(builder):
    user = UserFactory(role=LISTS[builder])
    world = {"user": user}
    client = APIClient()
    client.force_authenticate(user)
    path = builder(world, 5)
    few, rows_few = _count(client, path)
    builder(world, 495)
    many, rows_many = _count(client, path)
    assert rows_many - rows_few == 495
    assert many == few, f"{path}: {few} queries for {rows_few} rows, {many} for {rows_many}"

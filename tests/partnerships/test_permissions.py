"""Every page and endpoint, from the outside, for every role that must not
see it; other NGOs' objects by id are not found."""

import pytest
from django.urls import reverse

from partnerships.models import AdvisoryCommittee, Proposal
from portal.roles import Role
from tests.partnerships.factories import OrganisationFactory, inquiry, member, team, units_and_rules

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", Role.NGO, Role.SECRETARIAT, Role.COMMITTEE, Role.BOARD, Role.DONOR, Role.FOCAL_POINT,
         Role.ADMIN]


@pytest.fixture
def world(make_user):
    units = units_and_rules()
    focal = make_user(username="fp", role=Role.FOCAL_POINT)
    bw = team("BW", focal_point=focal)
    ke = team("KE")  # another focal point's team
    AdvisoryCommittee.objects.create(team=bw, name="Botswana committee")
    org = OrganisationFactory(name="Owner NGO")
    owner = member(make_user(username="owner", role=Role.NGO), org)
    inq = inquiry(org, owner, units["ngo-liaison"])
    local = OrganisationFactory(name="Town Council", entity_kind="local_authority")
    Proposal.objects.create(number=1, title="Proposal one")
    users = {r: make_user(username=f"u-{r}", role=r) for r in ROLES if r != "anonymous"}
    users[Role.FOCAL_POINT] = focal
    return {"bw": bw, "ke": ke, "inq": inq, "local": local, "org": org, "users": users, "owner": owner}


def status(client, world, role, url, method="get"):
    client.logout()
    if role != "anonymous":
        client.force_login(world["users"][role])
    return getattr(client, method)(url).status_code


PUBLIC = ["partnerships:directory", "partnerships:directory-csv", "partnerships:committee-list",
          "partnerships:tracker", "partnerships:tracker-csv"]


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_open_to_everyone(client, world, role):
    for name in PUBLIC:  # exports answer 202 ("being prepared") until the file is stored
        assert status(client, world, role, reverse(name)) in (200, 202), name
    assert status(client, world, role, reverse("partnerships:profile", args=[world["org"].pk])) == 200
    committee = world["bw"].advisory_committee
    assert status(client, world, role, reverse("partnerships:committee-public", args=[committee.pk])) == 200


def _expected(role, allowed):
    if role in allowed:
        return 200
    return 302 if role == "anonymous" else 403


@pytest.mark.parametrize("role", ROLES)
def test_country_team_pages_only_for_their_focal_point_and_staff(client, world, role):
    bw = world["bw"].pk
    allowed = {Role.FOCAL_POINT, Role.SECRETARIAT, Role.ADMIN}
    for url in [reverse("partnerships:team-detail", args=[bw]), reverse("partnerships:roster-add", args=[bw]),
                reverse("partnerships:engagement-new", args=[bw]), reverse("partnerships:committee-manage", args=[bw])]:
        assert status(client, world, role, url) == _expected(role, allowed), url
    assert status(client, world, role, reverse("partnerships:team-list")) == _expected(role, allowed)


def test_a_focal_point_does_not_find_another_countrys_team(client, world):
    client.force_login(world["users"][Role.FOCAL_POINT])
    ke = world["ke"].pk
    for url in [reverse("partnerships:team-detail", args=[ke]), reverse("partnerships:roster-add", args=[ke]),
                reverse("partnerships:engagement-new", args=[ke])]:
        assert client.get(url).status_code == 404
    assert client.post(reverse("partnerships:roster-add", args=[ke]),
                       {"action": "add", "organisation": world["org"].pk}).status_code == 404
    assert [t.pk for t in client.get(reverse("partnerships:team-list")).context["teams"]] == [world["bw"].pk]


@pytest.mark.parametrize("role", ROLES)
def test_inquiry_pages(client, world, role):
    assert status(client, world, role, reverse("partnerships:inquiry-list")) == _expected(role, {Role.NGO})
    assert status(client, world, role, reverse("partnerships:inquiry-new")) == _expected(role, {Role.NGO})
    staff = {Role.SECRETARIAT, Role.ADMIN}
    assert status(client, world, role, reverse("partnerships:inquiry-queue")) == _expected(role, staff)
    # The inquiry itself: staff see it; anybody else (an NGO that does not own it included) gets 404.
    detail = status(client, world, role, reverse("partnerships:inquiry-detail", args=[world["inq"].pk]))
    assert detail == (200 if role in staff else 302 if role == "anonymous" else 404)


@pytest.mark.parametrize("role", ROLES)
def test_liaison_and_tracker_editing_are_for_staff(client, world, role):
    staff = {Role.SECRETARIAT, Role.ADMIN}
    assert status(client, world, role, reverse("partnerships:liaison")) == _expected(role, staff)
    assert status(client, world, role, reverse("partnerships:liaison-detail", args=[world["local"].pk])) == \
        _expected(role, staff)
    proposal = Proposal.objects.get()
    assert status(client, world, role, reverse("partnerships:tracker-edit", args=["proposal", proposal.pk])) == \
        _expected(role, staff)


@pytest.mark.parametrize("role", ROLES)
def test_api_endpoints(client, world, role):
    assert status(client, world, role, "/api/v1/directory/") == 200
    assert status(client, world, role, "/api/v1/directory/facets/") == 200
    assert status(client, world, role, "/api/v1/advisory-committees/") == 200
    assert status(client, world, role, "/api/v1/reform-proposals/") == 200
    refused = 401 if role == "anonymous" else 403  # anonymous: 401 asking for a token
    teams = status(client, world, role, "/api/v1/country-teams/")
    assert teams == (200 if role in {Role.FOCAL_POINT, Role.SECRETARIAT, Role.ADMIN} else refused)
    inquiries = status(client, world, role, "/api/v1/inquiries/")
    assert inquiries == (200 if role in {Role.NGO, Role.SECRETARIAT, Role.ADMIN} else refused)
    detail = status(client, world, role, f"/api/v1/inquiries/{world['inq'].pk}/")
    assert detail == (200 if role in {Role.SECRETARIAT, Role.ADMIN} else 404 if role == Role.NGO else refused)


def test_api_country_team_of_another_focal_point_is_not_found(client, world):
    client.force_login(world["users"][Role.FOCAL_POINT])
    assert client.get(f"/api/v1/country-teams/{world['ke'].pk}/").status_code == 404
    assert client.get(f"/api/v1/country-teams/{world['bw'].pk}/roster/").status_code == 200


def test_api_directory_does_not_show_unapproved_profiles(client, world):
    pending = OrganisationFactory(name="Pending", profile_state="pending")
    assert client.get(f"/api/v1/directory/{pending.pk}/").status_code == 404
    assert client.get(f"/api/v1/directory/{world['org'].pk}/").status_code == 200


def test_api_directory_is_read_only(client, world):
    assert client.post("/api/v1/directory/", {"name": "x"}).status_code in (403, 405)
    client.force_login(world["users"][Role.ADMIN])
    assert client.post("/api/v1/directory/", {"name": "x"}, content_type="application/json").status_code == 405

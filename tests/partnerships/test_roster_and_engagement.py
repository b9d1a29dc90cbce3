import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accreditation.models import Organisation
from partnerships import services
from partnerships.models import Engagement, RosterEntry
from portal.models import AuditEntry
from portal.roles import Role
from tests.partnerships.factories import OrganisationFactory, team

pytestmark = pytest.mark.django_db


def test_focal_point_adds_an_existing_record_once(make_user):
    t = team()
    org = OrganisationFactory(name="Botswana Youth Forum", country_id="BW", profile_state="pending")
    entry = services.roster_add(team=t, organisation=org, by=t.focal_point, note="met in May")
    assert entry.organisation == org
    assert AuditEntry.objects.filter(action="roster.add").count() == 1
    with pytest.raises(ValidationError) as exc:
        services.roster_add(team=t, organisation=org, by=t.focal_point)
    assert exc.value.error_dict["organisation"][0].code == "duplicate"
    assert RosterEntry.objects.count() == 1


def test_creating_a_roster_organisation_stops_at_a_possible_duplicate_until_confirmed():
    t = team()
    OrganisationFactory(name="Botswana Council of Non-Governmental Organisations", acronym="BOCONGO",
                        country_id="BW")
    with pytest.raises(ValidationError) as exc:
        services.roster_create_organisation(team=t, by=t.focal_point,
                                            fields={"name": "Botswana Council of Non Governmental Organisations"})
    assert exc.value.error_dict["name"][0].code == "possible_duplicates"
    assert Organisation.objects.count() == 1
    entry = services.roster_create_organisation(
        team=t, by=t.focal_point, fields={"name": "Botswana Council of Non Governmental Organisations"},
        confirm_not_duplicate=True)
    assert Organisation.objects.count() == 2
    assert entry.organisation.country_id == "BW"
    assert entry.organisation.profile_state == "pending"
    assert list(entry.organisation.countries_of_activity.values_list("iso2", flat=True)) == ["BW"]
    audit = AuditEntry.objects.get(action="roster.create_organisation")
    assert len(audit.data["duplicates_overridden"]) == 1


def test_a_new_national_ngo_without_duplicates_is_created_at_once():
    t = team()
    entry = services.roster_create_organisation(team=t, by=t.focal_point,
                                                fields={"name": "Ngamiland Water Users", "acronym": "NWU"})
    assert entry.organisation.name == "Ngamiland Water Users"
    assert entry.added_by == t.focal_point


def test_another_countrys_focal_point_and_an_ngo_may_not_touch_the_roster(make_user):
    t = team()
    other = team("KE")
    org = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        services.roster_add(team=t, organisation=org, by=other.focal_point)
    with pytest.raises(PermissionDenied):
        services.roster_add(team=t, organisation=org, by=make_user(role=Role.NGO))
    secretariat = make_user(role=Role.SECRETARIAT)
    assert services.roster_add(team=t, organisation=org, by=secretariat).team == t


def test_engagement_is_logged_with_participants_and_outcomes():
    t = team()
    org = OrganisationFactory(country_id="BW")
    services.roster_add(team=t, organisation=org, by=t.focal_point)
    e = services.engagement_log(team=t, by=t.focal_point, kind="prsp", title="PRSP consultation",
                                held_on=datetime.date(2026, 5, 3), outcomes="Comments sent.", organisations=[org],
                                other_participants="UNDP", participant_count=40)
    assert list(e.organisations.all()) == [org]
    assert AuditEntry.objects.filter(action="engagement.log").count() == 1


def test_engagement_without_outcomes_is_refused_with_field_errors():
    t = team()
    with pytest.raises(ValidationError) as exc:
        services.engagement_log(team=t, by=t.focal_point, kind="party", title="", held_on=datetime.date(2026, 5, 3),
                                outcomes=" ")
    assert set(exc.value.error_dict) == {"kind", "title", "outcomes"}
    assert Engagement.objects.count() == 0


def test_roster_page_shows_possible_duplicates_and_keeps_the_input(client):
    t = team()
    OrganisationFactory(name="Kagisano Women's Shelter Project", country_id="BW")
    client.force_login(t.focal_point)
    response = client.post(reverse("partnerships:roster-add", args=[t.pk]),
                           {"action": "create", "name": "Kagisano Womens Shelter Project"})
    assert response.status_code == 200
    assert [d.organisation.name for d in response.context["duplicates"]] == ["Kagisano Women's Shelter Project"]
    assert response.context["form"]["name"].value() == "Kagisano Womens Shelter Project"
    assert Organisation.objects.count() == 1


def test_advisory_committee_members_have_terms_in_order():
    t = team()
    committee = services.committee_establish(team=t, by=t.focal_point, name="Botswana NGO Advisory Committee")
    with pytest.raises(ValidationError):
        services.committee_member_add(committee=committee, by=t.focal_point, name="X", sector="media",
                                      term_starts_on=datetime.date(2026, 1, 1), term_ends_on=datetime.date(2025, 1, 1))
    services.committee_member_add(committee=committee, by=t.focal_point, name="Dr Moeng", sector="academia",
                                  term_starts_on=datetime.date(2025, 1, 1), term_ends_on=datetime.date(2099, 1, 1))
    services.committee_meeting_record(committee=committee, by=t.focal_point, held_on=datetime.date(2026, 3, 1),
                                      title="Q1", minutes="Minutes", recommendations="One\n\nTwo")
    assert committee.meetings.get().recommendation_list == ["One", "Two"]


def test_public_committee_page_lists_current_and_former_members(client):
    t = team()
    committee = services.committee_establish(team=t, by=t.focal_point, name="Botswana NGO Advisory Committee")
    services.committee_member_add(committee=committee, by=t.focal_point, name="Current Member", sector="ngo",
                                  term_starts_on=datetime.date(2025, 1, 1), term_ends_on=datetime.date(2099, 1, 1))
    services.committee_member_add(committee=committee, by=t.focal_point, name="Former Member", sector="media",
                                  term_starts_on=datetime.date(2003, 1, 1), term_ends_on=datetime.date(2006, 1, 1))
    response = client.get(reverse("partnerships:committee-public", args=[committee.pk]))
    assert [m.name for m in response.context["current"]] == ["Current Member"]
    assert [m.name for m in response.context["former"]] == ["Former Member"]

import pytest

from accreditation.models import AreaOfExpertise, Organisation
from portal.models import AuditEntry
from portal.roles import Role
from tests.accreditation.factories import make_org
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _post(org, **overrides):
    data = {
        "acronym": "LVFN", "org_type": "national", "hq_address": "Plot 12, Kisumu Road", "hq_city": "Kisumu",
        "country": "KE", "registered_on": "2015-03-01", "scope": "national", "website": "https://lvfn.example.org",
        "email": "office@lvfn.example.org", "phone": "+254 20 000", "contact_name": "Achieng Otieno",
        "contact_title": "Director", "membership_size": "420", "affiliations": "", "languages_text": "English, Swahili",
        "areas": [AreaOfExpertise.objects.get(code="health").pk],
        "funding-TOTAL_FORMS": "2", "funding-INITIAL_FORMS": "0", "funding-MIN_NUM_FORMS": "0",
        "funding-MAX_NUM_FORMS": "10",
        "funding-0-name": "Members", "funding-0-kind": "non_governmental", "funding-0-share": "70",
        "funding-1-name": "Ministry", "funding-1-kind": "governmental", "funding-1-share": "30",
    }
    data.update(overrides)
    return data


def test_a_member_updates_the_profile_and_the_change_is_audited(client):
    org, user = make_org(name="Lake Victoria Fishers Network")
    client.force_login(user)
    assert client.get(f"/accreditation/organisations/{org.pk}/edit/").status_code == 200
    response = client.post(f"/accreditation/organisations/{org.pk}/edit/", _post(org))
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.contact_name, org.membership_size, org.languages) == ("Achieng Otieno", 420, ["English", "Swahili"])
    assert [a.code for a in org.areas.all()] == ["health"]
    assert org.non_governmental_share == 70
    assert org.name == "Lake Victoria Fishers Network"  # a name changes only through its own workflow
    entry = AuditEntry.objects.for_object(org).filter(action="organisation.update").get()
    assert "contact_name" in entry.data["fields"] and "areas" in entry.data["fields"]


def test_a_po_box_headquarters_is_refused_and_nothing_is_saved(client):
    org, user = make_org()
    before = Organisation.objects.get(pk=org.pk).hq_address
    client.force_login(user)
    response = client.post(f"/accreditation/organisations/{org.pk}/edit/", _post(org, hq_address="P.O. Box 1234"))
    assert response.status_code == 200
    assert response.context["form"].errors["hq_address"]
    assert Organisation.objects.get(pk=org.pk).hq_address == before


@pytest.mark.parametrize("role", [Role.NGO, Role.COMMITTEE, Role.BOARD, Role.DONOR, Role.FOCAL_POINT])
def test_other_people_cannot_update_the_profile(client, role):
    org, _owner = make_org()
    client.force_login(UserFactory(role=role))
    assert client.get(f"/accreditation/organisations/{org.pk}/edit/").status_code == 403
    assert client.post(f"/accreditation/organisations/{org.pk}/edit/", _post(org)).status_code == 403

"""The inquiry answered is e-mailed in the asker's language with a working
link; closing an inquiry and removing a roster entry ask for confirmation;
results say what happened."""

import pytest
from django.urls import reverse

from partnerships import services
from partnerships.models import Inquiry
from portal.roles import Role
from tests.partnerships.factories import OrganisationFactory, inquiry, member, units_and_rules
from tests.utils_mail import SITE, assert_language, assert_link_works

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(make_user):
    units = units_and_rules()
    org = OrganisationFactory(name="Nairobi Health Network")
    user = member(make_user(role=Role.NGO, preferred_language="fr"), org)
    staff = make_user(role=Role.SECRETARIAT)
    return {"inquiry": inquiry(org, user, units["accreditation"]), "user": user, "staff": staff}


def test_an_answered_inquiry_is_emailed_in_the_askers_language_with_a_link(
        asked, client, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.SITE_URL = SITE
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.inquiry_transition(inquiry=asked["inquiry"], by=asked["staff"], transition="answer",
                                    text="Your application is scheduled for the January session.")
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in mailoutbox] == [[asked["user"].email]]
    message = mailoutbox[0]
    assert_language(message, "fr", "Réponse donnée", "Your application is scheduled for the January session.")
    assert_link_works(client, asked["user"], message,
                      expect_path_start=f"/partnerships/inquiries/{asked['inquiry'].pk}/")


def test_closing_an_inquiry_asks_for_confirmation_first(asked, client):
    services.inquiry_transition(inquiry=asked["inquiry"], by=asked["staff"], transition="answer", text="Done.")
    url = reverse("partnerships:inquiry-detail", args=[asked["inquiry"].pk])
    client.force_login(asked["user"])
    first = client.post(url, {"transition": "close", "text": ""})
    assert first.status_code == 200
    assert "can no longer be reopened" in first.content.decode()
    assert Inquiry.objects.get().state == "answered"
    second = client.post(url, {"transition": "close", "text": "", "confirmed": "yes"}, follow=True)
    assert Inquiry.objects.get().state == "closed"
    assert "The inquiry is closed." in second.content.decode()


def test_removing_an_organisation_from_the_roster_asks_first(client, make_user):
    from partnerships.models import RosterEntry
    from tests.partnerships.factories import ensure_countries, team

    ensure_countries()
    focal = make_user(role=Role.FOCAL_POINT)
    botswana = team("BW", focal_point=focal)
    org = OrganisationFactory(name="Maun Youth Trust")
    entry = services.roster_add(team=botswana, organisation=org, by=focal)
    client.force_login(focal)
    url = reverse("partnerships:roster-remove", args=[botswana.pk, entry.pk])
    page = client.post(url, {"reason": "Dissolved"}).content.decode()
    assert "Remove Maun Youth Trust from the roster of Botswana?" in page
    assert RosterEntry.objects.filter(pk=entry.pk).exists()
    client.post(url, {"reason": "Dissolved", "confirmed": "yes"})
    assert not RosterEntry.objects.filter(pk=entry.pk).exists()

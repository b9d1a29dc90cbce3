from io import StringIO

import pytest

from accreditation import demo as accreditation_demo
from participation import demo as participation_demo
from participation.models import Meeting, Registration, SpeakingRequest, Statement
from portal import demo as portal_demo

pytestmark = pytest.mark.django_db


def _seed():
    for module in (portal_demo, accreditation_demo, participation_demo):
        module.seed_demo(StringIO())


def test_seed_demo_adds_the_2005_meetings_an_arria_meeting_and_registrations_in_every_state():
    _seed()
    titles = set(Meeting.objects.values_list("kind__code", flat=True))
    assert {"conference", "ga-hearing", "ga-annual-hearing", "sc-arria", "commission-session"} <= titles
    hearing = Meeting.objects.get(kind__code="ga-hearing")
    assert hearing.related_meeting.starts_on.isoformat() == "2005-06-02"
    assert set(Registration.objects.values_list("state", flat=True)) == set(Registration.State.values)
    arria = Meeting.objects.get(kind__code="sc-arria")
    assert (arria.invitation_only, arria.keeps_records, arria.convener) == (True, False, "Permanent Mission of Canada")


def test_seed_demo_is_idempotent():
    _seed()
    counts = (Meeting.objects.count(), Registration.objects.count(), Statement.objects.count(),
              SpeakingRequest.objects.count())
    _seed()
    assert (Meeting.objects.count(), Registration.objects.count(), Statement.objects.count(),
            SpeakingRequest.objects.count()) == counts

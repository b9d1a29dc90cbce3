"""The public meetings calendar: upcoming or past, and an iCalendar feed of
meetings, registration windows and the deadlines NGOs must meet."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.participation.factories import make_meeting, make_member, make_org

pytestmark = pytest.mark.django_db


def _summaries(response):
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_the_calendar_lists_upcoming_meetings_soonest_first_and_past_ones_apart(client):
    today = timezone.localdate()
    later = make_meeting(days_ahead=20)
    sooner = make_meeting(days_ahead=5)
    past = make_meeting(starts_on=today - datetime.timedelta(days=10), ends_on=today - datetime.timedelta(days=9))
    upcoming = list(client.get(reverse("participation:meeting-list")).context["meetings"])
    assert upcoming == [sooner, later]
    body = client.get(reverse("participation:meeting-list") + "?when=past")
    assert list(body.context["meetings"]) == [past]
    assert 'data-testid="ended"' in body.content.decode()


def test_an_unknown_filter_value_is_a_400_naming_each_field(client):
    make_meeting(days_ahead=5)
    response = client.get(reverse("participation:meeting-list") + "?when=yesterday&kind=nope")
    assert response.status_code == 400
    assert [field for field, _messages in response.context["field_errors"]] == ["kind", "when"]
    assert client.get(reverse("participation:meeting-list") + "?when=past").status_code == 200


def test_the_feed_holds_meetings_registration_windows_and_the_1_june_deadline(client, settings):
    settings.SITE_URL = "https://portal.example.org"
    meeting = make_meeting(days_ahead=30)
    meeting.title = "Hearing on oceans"
    meeting.save(update_fields=["title"])
    hidden = make_meeting(kind="sc-arria", body="security-council", invitation_only=True)
    events = _summaries(client.get(reverse("participation:calendar-ics")))
    assert "Hearing on oceans" in events
    assert events["Hearing on oceans"].decoded("dtstart") == meeting.starts_on
    assert str(events["Hearing on oceans"]["url"]).startswith("https://portal.example.org/participation/")
    assert "Registration opens: Hearing on oceans" in events
    assert "Registration closes: Hearing on oceans" in events
    assert hidden.title not in events
    deadlines = [s for s in events if s.startswith("Deadline for applications")]
    assert deadlines
    for summary in deadlines:
        day = events[summary].decoded("dtstart")
        assert (day.month, day.day) == (6, 1) and day >= timezone.localdate()


def test_a_signed_in_ngo_gets_its_report_due_dates_in_the_feed(client):
    from accreditation.status import organisation_change_status
    from tests.participation.factories import make_staff

    org = make_org("special")
    organisation_change_status(organisation=org, transition="reclassify", by=make_staff(),
                               on=datetime.date(timezone.localdate().year - 2, 3, 1), reason="Test.",
                               category="special")
    user = make_member(org, focal_point=True)
    anonymous = _summaries(client.get(reverse("participation:calendar-ics")))
    assert not [s for s in anonymous if s.startswith("Quadrennial report")]
    client.force_login(user)
    events = _summaries(client.get(reverse("participation:calendar-ics")))
    due = [s for s in events if s.startswith("Quadrennial report") and org.display_name in s]
    assert due
    assert all(events[s].decoded("dtstart").month == 6 for s in due)

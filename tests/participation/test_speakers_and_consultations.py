import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accreditation.models import Network
from participation import selectors, services
from participation.models import SpeakingRequest
from tests.participation.factories import designate, make_meeting, make_member, make_org

pytestmark = pytest.mark.django_db


def _request(org, meeting, topic="Financing", gender="female", network=None, country="KE"):
    fp = make_member(org, focal_point=True)
    speaker = designate(org, by=fp, gender=gender).representative
    return services.speaking_request_create(by=fp, meeting=meeting, organisation=org, speaker=speaker, topic=topic,
                                            network=network)


def test_speakers_list_is_built_with_balance_and_published_with_order_and_time(staff):
    meeting = make_meeting(speaking_minutes=3)
    net = Network.objects.create(name="Women's Major Group")
    r1 = _request(make_org("general", country="BR"), meeting, gender="female", network=net)
    r2 = _request(make_org("general", country="JP"), meeting, gender="male")
    r3 = _request(make_org("general", country="KE"), meeting, gender="female")
    services.speakers_list_arrange(by=staff, meeting=meeting, entries=[
        {"id": r2.pk, "position": 1, "minutes": 5}, {"id": r1.pk, "position": 2}, {"id": r3.pk, "decline": True}])
    requests = list(selectors.speakers_of(meeting))
    assert selectors.balance(requests) == {
        "region": [("Americas", 1), ("Asia", 1)], "network": [("Women's Major Group", 1), ("—", 1)],
        "gender": [("Female", 1), ("Male", 1)]}
    assert list(selectors.published_speakers(meeting)) == []  # not published yet
    services.speakers_list_publish(by=staff, meeting=meeting)
    meeting.refresh_from_db()
    rows = selectors.with_times(selectors.published_speakers(meeting))
    assert [(r["request"].pk, r["request"].position, r["starts_after"], r["request"].minutes) for r in rows] == [
        (r2.pk, 1, 0, 5), (r1.pk, 2, 5, 3)]
    assert SpeakingRequest.objects.get(pk=r3.pk).state == "declined"


def test_two_speakers_cannot_share_a_place(staff):
    meeting = make_meeting()
    a, b = _request(make_org("general"), meeting), _request(make_org("general"), meeting)
    with pytest.raises(ValidationError):
        services.speakers_list_arrange(by=staff, meeting=meeting, entries=[
            {"id": a.pk, "position": 1}, {"id": b.pk, "position": 1}])


def test_special_status_cannot_ask_to_speak_at_ecosoc():
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc")
    with pytest.raises(ValidationError):
        _request(make_org("special"), meeting)


def test_no_record_meetings_never_publish_a_speakers_list(staff):
    arria = make_meeting(kind="sc-arria", body="security-council")
    org = make_org("general")
    services.invitation_create(by=staff, meeting=arria, organisation=org)
    r = _request(org, arria)
    services.speakers_list_arrange(by=staff, meeting=arria, entries=[{"id": r.pk, "position": 1}])
    with pytest.raises(ValidationError):
        services.speakers_list_publish(by=staff, meeting=arria)


def test_only_the_secretariat_builds_the_list(org, fp):
    meeting = make_meeting()
    with pytest.raises(PermissionDenied):
        services.speakers_list_arrange(by=fp, meeting=meeting, entries=[])


def _consultation(staff, **kw):
    now = timezone.now()
    defaults = {"title": "Priorities", "question": "Which first?", "kind": "poll",
                "opens_at": now - datetime.timedelta(days=1), "closes_at": now + datetime.timedelta(days=1),
                "options": ["Water", "Health"]}
    defaults.update(kw)
    return services.consultation_create(by=staff, **defaults)


def test_accredited_organisations_answer_once(staff, org, fp):
    c = _consultation(staff)
    option = c.options.first()
    services.consultation_respond(by=fp, consultation=c, option_id=option.pk)
    with pytest.raises(ValidationError):
        services.consultation_respond(by=make_member(org), consultation=c, option_id=option.pk)  # same organisation


def test_the_public_answers_only_where_the_consultation_allows(staff, make_user):
    from django.contrib.auth.models import AnonymousUser

    closed = _consultation(staff)
    with pytest.raises(PermissionDenied):
        services.consultation_respond(by=AnonymousUser(), consultation=closed, option_id=closed.options.first().pk,
                                      session_key="abc")
    with pytest.raises(PermissionDenied):
        services.consultation_respond(by=make_member(make_org("")), consultation=closed,
                                      option_id=closed.options.first().pk)
    public = _consultation(staff, open_to_public=True, kind="question", options=[])
    r = services.consultation_respond(by=AnonymousUser(), consultation=public, text="Water first", session_key="abc")
    assert (r.organisation, r.respondent_key) == (None, "session:abc")


def test_answers_outside_the_period_are_refused(staff, fp):
    c = _consultation(staff)
    with pytest.raises(ValidationError):
        services.consultation_respond(by=fp, consultation=c, option_id=c.options.first().pk,
                                      now=timezone.now() + datetime.timedelta(days=2))


def test_a_poll_needs_two_options(staff):
    with pytest.raises(ValidationError):
        _consultation(staff, options=["Only one"])


def test_a_public_poll_takes_one_answer_per_browser_and_few_per_address(staff, client, settings):
    """Twenty anonymous browsers behind one address: only the stated number of answers count."""
    from django.test import Client

    from participation.models import ConsultationResponse

    poll = _consultation(staff, open_to_public=True)
    option = poll.options.first()
    url = f"/participation/consultations/{poll.pk}/"
    page = client.get(url).content.decode()
    assert "one answer per browser, and at most 3 answers per network address a day" in page
    for _i in range(20):
        Client(REMOTE_ADDR="198.51.100.20").post(url, {"option": option.pk})
    assert ConsultationResponse.objects.filter(consultation=poll).count() == settings.CONSULTATION_ANONYMOUS_ANSWERS_PER_ADDRESS
    browser = Client(REMOTE_ADDR="198.51.100.21")
    browser.post(url, {"option": option.pk})
    answered_twice = browser.post(url, {"option": option.pk}, follow=True).content.decode()
    assert "You have already answered this consultation." in answered_twice
    assert ConsultationResponse.objects.filter(consultation=poll).count() == 4


def test_a_verified_account_answers_a_public_poll_once(staff, make_user):
    poll = _consultation(staff, open_to_public=True)
    person = make_user()
    services.consultation_respond(by=person, consultation=poll, option_id=poll.options.first().pk)
    with pytest.raises(ValidationError):
        services.consultation_respond(by=person, consultation=poll, option_id=poll.options.last().pk)

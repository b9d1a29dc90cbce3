"""Meetings a person finishes without help: forms that refuse impossible
dates with field messages, ended meetings that refuse registration, an empty
list of representatives explained, offers made only when allowed, results
that say what happened, and the confirmation e-mail carrying the pass."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from participation import services
from participation.models import Meeting, MeetingKind, Registration
from tests.participation.factories import designate, make_meeting, make_member, make_org
from tests.utils_mail import SITE, assert_language, assert_link_works

pytestmark = pytest.mark.django_db


def _meeting_data(**overrides):
    from accreditation.models import Body

    make_meeting()  # loads the reference data
    data = {"kind": MeetingKind.objects.get(code="ga-hearing").pk, "body": Body.objects.get(code="ga").pk,
            "title": "Hearing on water", "starts_on": "2030-03-02", "ends_on": "2030-03-03", "venue": "New York",
            "registration_opens_at": "2030-01-01T09:00", "registration_closes_at": "2030-02-20T17:00",
            "per_organisation_cap": 2, "capacity": 20, "speaking_minutes": 3, "keeps_records": "on"}
    data.update(overrides)
    return data


def _field_errors(response, field):
    return response.context["form"].errors.get(field, [])


@pytest.mark.parametrize("overrides, field, message", [
    ({"ends_on": "2030-03-01"}, "ends_on", "The meeting cannot end before it starts"),
    ({"registration_closes_at": "2029-12-31T09:00"}, "registration_closes_at", "Registration must close after it opens."),
    ({"registration_closes_at": "2030-01-01T09:00"}, "registration_closes_at", "Registration must close after it opens."),
    ({"registration_closes_at": "2030-03-04T09:00"}, "registration_closes_at",
     "Registration must close by the end of the meeting"),
])
def test_meeting_form_refuses_impossible_dates_with_field_messages(client, staff, overrides, field, message):
    client.force_login(staff)
    response = client.post(reverse("participation:meeting-new"), _meeting_data(**overrides))
    assert response.status_code == 200
    assert any(message in e for e in _field_errors(response, field)), response.context["form"].errors
    assert not Meeting.objects.filter(title="Hearing on water").exists()


def test_registration_may_close_on_the_last_day_of_the_meeting(client, staff):
    client.force_login(staff)
    response = client.post(reverse("participation:meeting-new"),
                           _meeting_data(registration_closes_at="2030-03-03T18:00"))
    assert response.status_code == 302


def test_an_ended_meeting_is_shown_as_ended_and_refuses_registration(client, org, fp):
    today = timezone.localdate()
    meeting = make_meeting(starts_on=today - datetime.timedelta(days=3), ends_on=today - datetime.timedelta(days=1),
                           open_days=(-30, 5))  # a window left open by mistake
    designation = designate(org, by=fp)
    assert not meeting.registration_is_open()
    with pytest.raises(ValidationError) as exc:
        services.registration_create(by=fp, meeting=meeting, designation=designation)
    assert "This meeting ended on" in exc.value.messages[0]
    client.force_login(fp)
    page = client.get(reverse("participation:meeting-detail", args=[meeting.pk]) + f"?org={org.pk}")
    body = page.content.decode()
    assert 'data-testid="meeting-ended"' in body
    assert 'data-testid="registration-closed"' in body
    assert "Submit a written statement" not in body and "Ask to speak" not in body
    response = client.post(reverse("participation:meeting-register", args=[meeting.pk]),
                           {"org": org.pk, "designation": designation.pk}, follow=True)
    assert "This meeting ended on" in response.content.decode()
    assert not Registration.objects.exists()


def test_the_day_a_meeting_ends_it_still_takes_registrations(org, fp):
    today = timezone.localdate()
    meeting = make_meeting(starts_on=today - datetime.timedelta(days=1), ends_on=today)
    reg = services.registration_create(by=fp, meeting=meeting, designation=designate(org, by=fp))
    assert reg.state in ("requested", "approved")


def test_an_empty_list_of_representatives_is_explained_with_a_link_to_designate(client, org, fp):
    meeting = make_meeting(starts_on=timezone.localdate().replace(month=12, day=30) + datetime.timedelta(days=10))
    designate(org, by=fp)  # this year's: not valid at next year's meeting
    client.force_login(fp)
    body = client.get(reverse("participation:meeting-detail", args=[meeting.pk]) + f"?org={org.pk}").content.decode()
    assert 'data-testid="no-representatives"' in body
    assert f"designated for {meeting.starts_on.year}" in body
    assert reverse("participation:representatives") in body


def test_a_representative_not_designated_is_told_to_ask_the_focal_point(client, org, fp):
    meeting = make_meeting()
    person = make_member(org)
    client.force_login(person)
    body = client.get(reverse("participation:meeting-detail", args=[meeting.pk]) + f"?org={org.pk}").content.decode()
    assert "Ask your organisation" in body


def test_statement_and_speaking_are_offered_only_when_allowed(client):
    general, roster = make_org("general"), make_org("roster")
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc")
    user = make_member(roster, focal_point=True)
    client.force_login(user)
    body = client.get(reverse("participation:meeting-detail", args=[meeting.pk]) + f"?org={roster.pk}").content.decode()
    assert "Submit a written statement" not in body and 'data-testid="statement-unavailable"' in body
    user = make_member(general, focal_point=True)
    client.force_login(user)
    body = client.get(reverse("participation:meeting-detail", args=[meeting.pk]) + f"?org={general.pk}").content.decode()
    assert "Submit a written statement" in body and "Ask to speak" in body


def test_statement_page_shows_the_rules_and_a_live_counter_before_writing(client):
    general = make_org("general")
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc")
    client.force_login(make_member(general, focal_point=True))
    body = client.get(reverse("participation:statement-new", args=[meeting.pk]) + f"?org={general.pk}").content.decode()
    assert 'data-testid="one-per-session"' in body
    assert 'data-word-limit="2000"' in body and 'data-word-count="word-count"' in body
    assert "/static/js/word-count.js" in body
    assert "<script>" not in body  # no inline script


def test_a_second_statement_is_not_offered(client):
    general = make_org("general")
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc")
    user = make_member(general, focal_point=True)
    services.statement_submit(by=user, meeting=meeting, organisation=general, title="One", text="Words here.")
    client.force_login(user)
    body = client.get(reverse("participation:statement-new", args=[meeting.pk]) + f"?org={general.pk}").content.decode()
    assert "one per organisation per session" in body and "Submit statement" not in body


def test_confirming_says_where_the_pass_was_emailed(client, org, fp, staff):
    user = make_member(org, email="grace@example.org")
    meeting = make_meeting()
    reg = services.registration_create(by=fp, meeting=meeting, designation=designate(org, by=fp, user=user))
    client.force_login(staff)
    response = client.post(reverse("participation:registration-action", args=[reg.pk, "confirm"]), follow=True)
    assert "Registration confirmed; the pass was e-mailed to grace@example.org." in response.content.decode()
    assert "Done:" not in response.content.decode()


def test_the_confirmation_email_carries_the_pass_in_the_persons_language(
        client, org, fp, staff, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.SITE_URL = SITE
    user = make_member(org, email="amina@example.org", preferred_language="fr")
    reg = services.registration_create(by=fp, meeting=make_meeting(),
                                       designation=designate(org, by=fp, user=user))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.registration_confirm(by=staff, registration=reg)
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in mailoutbox] == [["amina@example.org"]]
    message = mailoutbox[0]
    assert_language(message, "fr", "Votre laissez-passer pour")
    reg.refresh_from_db()
    (name, content, mimetype), = message.attachments
    assert (name, mimetype) == (f"pass-{reg.badge_code}.pdf", "application/pdf")
    assert content[:4] == b"%PDF"
    assert_link_works(client, user, message, expect_path_start="/participation/registrations/")


def test_revoking_a_designation_asks_first(client, org, fp):
    designation = designate(org, by=fp)
    client.force_login(fp)
    url = reverse("participation:designation-revoke", args=[designation.pk])
    assert "Yes, revoke the designation" in client.post(url).content.decode()
    designation.refresh_from_db()
    assert designation.revoked_at is None
    client.post(url, {"confirmed": "yes"})
    designation.refresh_from_db()
    assert designation.revoked_at is not None

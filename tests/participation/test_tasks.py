import pytest
from django.core import mail

from participation import services
from portal import outbox
from tests.participation.factories import designate, make_meeting, make_member, make_org

pytestmark = pytest.mark.django_db


def test_confirmation_notice_is_sent_once(org, fp, staff, django_capture_on_commit_callbacks):
    user = make_member(org, email="grace@example.org")
    reg = services.registration_create(by=fp, meeting=make_meeting(), designation=designate(org, by=fp, user=user))
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_confirm(by=staff, registration=reg)
    assert [m.to for m in mail.outbox] == [["grace@example.org"]]
    assert "pass" in mail.outbox[0].subject
    reg.refresh_from_db()
    assert reg.notified_state == "confirmed"
    assert outbox.relay()["sent"] == 0  # a second delivery changes nothing
    assert len(mail.outbox) == 1


def test_promotion_from_the_waiting_list_is_announced(staff, django_capture_on_commit_callbacks):
    meeting = make_meeting(capacity=1)
    a, b = make_org("general"), make_org("general")
    fa, fb = make_member(a, focal_point=True), make_member(b, focal_point=True)
    first = services.registration_create(by=fa, meeting=meeting, designation=designate(a, by=fa))
    user = make_member(b, email="waiting@example.org")
    services.registration_create(by=fb, meeting=meeting, designation=designate(b, by=fb, user=user))
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_withdraw(by=fa, registration=first)
    assert [m.to for m in mail.outbox] == [["waiting@example.org"]]
    assert "A place is now yours" in mail.outbox[0].subject

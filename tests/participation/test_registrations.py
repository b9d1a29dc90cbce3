import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from participation import services
from participation.models import Invitation, Registration
from portal.models import AuditEntry
from tests.participation.factories import designate, make_meeting, make_member, make_org
from tests.utils import postgres_only

pytestmark = pytest.mark.django_db


def _person(org, fp):
    """A representative with an account, designated by the focal point."""
    user = make_member(org)
    return user, designate(org, by=fp, user=user)


def test_person_registers_focal_point_approves_secretariat_confirms(org, fp, staff):
    meeting = make_meeting()
    user, designation = _person(org, fp)
    reg = services.registration_create(by=user, meeting=meeting, designation=designation)
    assert reg.state == "requested"
    services.registration_approve(by=fp, registration=reg)
    reg = services.registration_confirm(by=staff, registration=reg)
    reg.refresh_from_db()
    assert reg.state == "confirmed"
    assert len(reg.badge_code) == 16
    actions = list(AuditEntry.objects.for_object(reg).order_by("id").values_list("action", flat=True))
    assert actions == ["registration.create", "registration.approve", "registration.confirm"]
    assert list(Registration.objects.confirmed()) == [reg]


def test_focal_point_registering_a_representative_approves_at_once(org, fp):
    reg = services.registration_create(by=fp, meeting=make_meeting(), designation=designate(org, by=fp))
    assert reg.state == "approved"


def test_only_the_focal_point_approves_and_only_the_secretariat_confirms(org, fp, staff):
    user, designation = _person(org, fp)
    reg = services.registration_create(by=user, meeting=make_meeting(), designation=designation)
    with pytest.raises(PermissionDenied):
        services.registration_approve(by=user, registration=reg)
    with pytest.raises(PermissionDenied):
        services.registration_approve(by=staff, registration=reg)
    services.registration_approve(by=fp, registration=reg)
    with pytest.raises(PermissionDenied):
        services.registration_confirm(by=fp, registration=reg)


def test_a_member_may_not_register_someone_else(org, fp):
    member = make_member(org)
    with pytest.raises(PermissionDenied):
        services.registration_create(by=member, meeting=make_meeting(), designation=designate(org, by=fp))


@pytest.mark.parametrize("window,expected", [((1, 5), "opens on"), ((-5, -1), "closed on")])
def test_registration_outside_the_window_is_refused_with_a_clear_message(org, fp, window, expected):
    meeting = make_meeting(open_days=window)
    with pytest.raises(ValidationError) as exc:
        services.registration_create(by=fp, meeting=meeting, designation=designate(org, by=fp))
    assert expected in exc.value.messages[0]


def test_the_organisation_cap_holds(org, fp):
    meeting = make_meeting(cap=2)
    for _ in range(2):
        services.registration_create(by=fp, meeting=meeting, designation=designate(org, by=fp))
    with pytest.raises(ValidationError) as exc:
        services.registration_create(by=fp, meeting=meeting, designation=designate(org, by=fp))
    assert exc.value.messages == ["Your organisation has reached this meeting's limit of 2 representatives."]


def test_a_full_meeting_puts_registrations_on_the_waiting_list_and_withdrawal_promotes_in_order(staff):
    meeting = make_meeting(capacity=2, cap=3)
    orgs = [make_org("general") for _ in range(4)]
    fps = [make_member(o, focal_point=True) for o in orgs]
    regs = [services.registration_create(by=fp, meeting=meeting, designation=designate(o, by=fp))
            for o, fp in zip(orgs, fps, strict=True)]
    assert [r.state for r in regs] == ["approved", "approved", "waitlisted", "waitlisted"]
    services.registration_withdraw(by=fps[0], registration=regs[0])
    states = [Registration.objects.get(pk=r.pk).state for r in regs]
    # the first on the waiting list gets the place (and its focal point had already approved it)
    assert states == ["withdrawn", "approved", "approved", "waitlisted"]
    services.registration_refuse(by=staff, registration=regs[1], reason="Not eligible")
    assert Registration.objects.get(pk=regs[3].pk).state == "approved"


def test_a_withdrawn_confirmed_registration_frees_its_place(org, fp, staff):
    meeting = make_meeting(capacity=1)
    first = services.registration_create(by=fp, meeting=meeting, designation=designate(org, by=fp))
    services.registration_confirm(by=staff, registration=first)
    other = make_org("special")
    other_fp = make_member(other, focal_point=True)
    waiting = services.registration_create(by=other_fp, meeting=meeting, designation=designate(other, by=other_fp))
    assert waiting.state == "waitlisted"
    services.registration_withdraw(by=fp, registration=first)
    assert Registration.objects.get(pk=waiting.pk).state == "approved"


def test_the_same_person_cannot_register_twice(org, fp):
    meeting = make_meeting()
    d = designate(org, by=fp)
    services.registration_create(by=fp, meeting=meeting, designation=d)
    with pytest.raises(ValidationError):
        services.registration_create(by=fp, meeting=meeting, designation=d)


def test_a_designation_of_another_year_does_not_register(org, fp):
    meeting = make_meeting(starts_on=datetime.date(timezone.localdate().year + 1, 1, 15))
    with pytest.raises(ValidationError) as exc:
        services.registration_create(by=fp, meeting=meeting, designation=designate(org, by=fp))
    assert "31 December" in exc.value.message_dict["designation"][0]


def test_invitation_only_meeting_refuses_organisations_not_invited(org, fp, staff):
    arria = make_meeting(kind="sc-arria", body="security-council")
    d = designate(org, by=fp)
    with pytest.raises(ValidationError) as exc:
        services.registration_create(by=fp, meeting=arria, designation=d)
    assert "invitation" in exc.value.messages[0]
    services.invitation_create(by=staff, meeting=arria, organisation=org)
    assert Invitation.objects.filter(meeting=arria).count() == 1
    assert services.registration_create(by=fp, meeting=arria, designation=d).state == "approved"


def test_organisation_without_status_cannot_register():
    org = make_org("")
    fp = make_member(org, focal_point=True)
    with pytest.raises(ValidationError):
        services.registration_create(by=fp, meeting=make_meeting(), designation=designate(org, by=fp))


def test_check_in_marks_arrival_once_and_refuses_passes_outside_the_meeting(org, fp, staff):
    today = timezone.localdate()
    meeting = make_meeting(starts_on=today, ends_on=today)
    reg = services.registration_create(by=fp, meeting=meeting, designation=designate(org, by=fp))
    with pytest.raises(ValidationError):
        services.registration_check_in(by=staff, registration=reg)  # not confirmed yet
    services.registration_confirm(by=staff, registration=reg)
    first = services.registration_check_in(by=staff, registration=reg).checked_in_at
    again = services.registration_check_in(by=staff, registration=reg).checked_in_at
    assert first is not None and first == again
    assert AuditEntry.objects.filter(action="registration.check_in").count() == 1
    with pytest.raises(ValidationError) as exc:
        services.registration_check_in(by=staff, registration=reg, now=timezone.now() + datetime.timedelta(days=3))
    assert "valid only from" in exc.value.messages[0]
    with pytest.raises(PermissionDenied):
        services.registration_check_in(by=fp, registration=reg)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_caps_and_capacity_hold_under_concurrent_registrations():
    meeting = make_meeting(capacity=5, cap=2)
    orgs = [make_org("general") for _ in range(4)]
    jobs = []
    for o in orgs:
        fp = make_member(o, focal_point=True)
        jobs += [(fp, designate(o, by=fp)) for _ in range(4)]  # 4 tries per organisation, cap 2
    barrier = threading.Barrier(len(jobs))
    outcomes = []

    def worker(user, designation):
        try:
            barrier.wait()
            outcomes.append(services.registration_create(by=user, meeting=meeting, designation=designation).state)
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == sorted(["approved"] * 5 + ["waitlisted"] * 3 + ["refused"] * 8)
    per_org = {o.pk: Registration.objects.filter(meeting=meeting, organisation=o).count() for o in orgs}
    assert set(per_org.values()) == {2}
    assert Registration.objects.holding_places().filter(meeting=meeting).count() == 5

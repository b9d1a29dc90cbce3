import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from participation import services
from participation.models import Designation
from tests.participation.factories import designate, make_member, make_org
from tests.utils import postgres_only

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role,cap", [("president", 1), ("cao", 1), ("main", 1), ("additional", 4)])
def test_each_designation_role_holds_its_cap(org, fp, role, cap):
    for _ in range(cap):
        designate(org, by=fp, role=role)
    with pytest.raises(ValidationError) as exc:
        designate(org, by=fp, role=role)
    assert "already has" in exc.value.message_dict["role"][0]


def test_an_organisation_designates_at_most_seven_people_a_year(org, fp):
    for role, cap in Designation.CAPS.items():
        for _ in range(cap):
            designate(org, by=fp, role=role)
    assert Designation.objects.filter(organisation=org, revoked_at__isnull=True).count() == 7


def test_designations_are_valid_to_31_december(org, fp):
    d = designate(org, by=fp, role="main", year=2030)
    assert d.valid_until == datetime.date(2030, 12, 31)
    assert d.is_valid_on(datetime.date(2030, 12, 31)) is True
    assert d.is_valid_on(datetime.date(2031, 1, 1)) is False


def test_revoking_a_designation_frees_its_place(org, fp):
    d = designate(org, by=fp, role="president")
    services.designation_revoke(by=fp, designation=d)
    assert designate(org, by=fp, role="president").revoked_at is None


def test_only_the_focal_point_or_secretariat_designates(org, staff):
    member = make_member(org)
    with pytest.raises(PermissionDenied):
        designate(org, by=member)
    outsider = make_member(make_org("general"), focal_point=True)
    with pytest.raises(PermissionDenied):
        designate(org, by=outsider)
    assert designate(org, by=staff).organisation == org


def test_a_past_year_cannot_be_designated(org, fp):
    with pytest.raises(ValidationError):
        designate(org, by=fp, year=2001)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_additional_designation_cap_holds_under_concurrent_requests():
    org = make_org("general")
    fp = make_member(org, focal_point=True)
    barrier = threading.Barrier(8)
    results = []

    def worker():
        try:
            barrier.wait()
            designate(org, by=fp, role="additional")
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok"] * 4 + ["refused"] * 4
    assert Designation.objects.filter(organisation=org, role="additional").count() == 4

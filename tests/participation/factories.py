import datetime
import itertools

from django.utils import timezone

from accreditation.models import AreaOfExpertise, Body, EntityKind, Organisation, OrganisationMembership
from participation import services
from participation.models import Designation, Meeting, MeetingKind
from portal.models import Country
from portal.roles import Role
from tests.factories import UserFactory

_seq = itertools.count(1)


def ensure_reference_data():
    """The reference data migrations load (see tests/reference.py)."""
    from tests.reference import ensure_reference_data as ensure

    ensure()


def make_org(category="special", *, entity_kind=EntityKind.NGO, country="KE", areas=(), state=None):
    ensure_reference_data()
    n = next(_seq)
    in_status = bool(category) and entity_kind == EntityKind.NGO
    org = Organisation.objects.create(
        name=f"Organisation {n}", acronym=f"O{n}", entity_kind=entity_kind, country=Country.objects.get(iso2=country),
        profile_state=Organisation.ProfileState.APPROVED,
        status_category=category if in_status else "", status_state=state or ("active" if in_status else "none"))
    for code in areas:
        org.areas.add(AreaOfExpertise.objects.get(code=code))
    return org


def make_member(org, *, focal_point=False, **kwargs):
    user = UserFactory(role=Role.NGO, **kwargs)
    OrganisationMembership.objects.create(organisation=org, user=user, is_focal_point=focal_point)
    return user


def make_staff():
    return UserFactory(role=Role.SECRETARIAT)


def make_meeting(*, kind="ga-hearing", body="ga", days_ahead=10, cap=2, capacity=100, open_days=(-5, 5), **fields):
    ensure_reference_data()
    today = timezone.localdate()
    now = timezone.now()
    start = fields.pop("starts_on", today + datetime.timedelta(days=days_ahead))
    kind_obj = MeetingKind.objects.get(code=kind)
    defaults = {"invitation_only": kind_obj.invitation_only, "keeps_records": kind_obj.keeps_records}
    defaults.update(fields)
    areas = defaults.pop("areas", ())
    m = Meeting.objects.create(
        kind=kind_obj, body=Body.objects.get(code=body), title=f"Meeting {next(_seq)}", starts_on=start,
        ends_on=defaults.pop("ends_on", start + datetime.timedelta(days=1)), venue="New York",
        registration_opens_at=now + datetime.timedelta(days=open_days[0]),
        registration_closes_at=now + datetime.timedelta(days=open_days[1]),
        per_organisation_cap=cap, capacity=capacity, **defaults)
    for code in areas:
        m.areas.add(AreaOfExpertise.objects.get(code=code))
    return m


def designate(org, *, by, role=Designation.Role.ADDITIONAL, year=None, user=None, gender="female", first="Rep"):
    year = year or timezone.localdate().year
    return services.designation_create(by=by, organisation=org, year=year, role=role, first_name=first,
                                       last_name=f"Person{next(_seq)}", gender=gender, user=user)

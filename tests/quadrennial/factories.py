"""Builders for quadrennial tests: organisations put in status through
accreditation.status, as the adoption service does."""

import datetime
import itertools

from accreditation.models import Committee, Organisation, OrganisationMembership, Session
from accreditation.status import organisation_change_status
from portal.models import OutboxMessage
from portal.roles import Role
from tests.factories import UserFactory

_n = itertools.count(1)


def ensure_reference_data():
    """The reference data migrations load (see tests/reference.py)."""
    from tests.reference import ensure_reference_data as ensure

    ensure()


def secretariat_user():
    return UserFactory(role=Role.SECRETARIAT)


def org_in_status(*, granted_on: datetime.date, category="special", by=None, member=None, name=None,
                  country_id="KE") -> Organisation:
    ensure_reference_data()
    org = Organisation.objects.create(name=name or f"Organisation {next(_n)} in status", country_id=country_id,
                                      profile_state="approved", email="")
    if member is not None:
        OrganisationMembership.objects.create(organisation=org, user=member, is_focal_point=True)
    organisation_change_status(organisation=org, transition="grant", by=by or secretariat_user(), on=granted_on,
                               category=category, reason="Adopted by ECOSOC.")
    # The grant is history here: the e-mail announcing it is not part of what a test observes.
    OutboxMessage.objects.filter(key__startswith=f"notification:organisation_status_changed:{org.pk}:").delete()
    org.refresh_from_db()
    return org


def ngo_user(**kwargs):
    return UserFactory(role=Role.NGO, **kwargs)


def committee_with_member(user=None):
    ensure_reference_data()
    committee = Committee.objects.get(code="ngo-committee")
    user = user or UserFactory(role=Role.COMMITTEE)
    committee.members.add(user)
    return committee, user


def session(committee, year, kind="regular"):
    start, end = ((1, 20), (2, 5)) if kind == "regular" else ((5, 18), (5, 29))
    return Session.objects.get_or_create(committee=committee, year=year, kind=kind,
                                         defaults={"starts_on": datetime.date(year, *start),
                                                   "ends_on": datetime.date(year, *end)})[0]


SECTIONS = {
    "aims_and_changes": "We defend the rights of fishing communities; no significant changes.",
    "participation_in_meetings": "We attended the Commission on the Status of Women in 2022 and 2023.",
    "cooperation_with_un": "We cooperated with FAO on small-scale fisheries guidelines.",
    "development_goals": "Programmes in support of Goal 14.",
    "other_activities": "Training of 40 community leaders.",
}

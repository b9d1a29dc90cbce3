import datetime

import factory

from accreditation.models import AreaOfExpertise, Body, Organisation, OrganisationMembership, StatusChange
from partnerships.models import CountryTeam, Inquiry, RoutingRule, Unit
from portal.models import Country
from portal.roles import Role
from tests.factories import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Civic Association {n}")
    country = factory.LazyFunction(lambda: Country.objects.get(iso2="KE"))
    profile_state = Organisation.ProfileState.APPROVED
    org_type = Organisation.Type.NATIONAL

    class Params:
        accredited = factory.Trait(status_state="active", status_category="special",
                                   status_granted_on=datetime.date(2015, 7, 20))

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.areas.set(extracted)

    @factory.post_generation
    def activity(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.countries_of_activity.set(extracted)


def area(code, name=None):
    return AreaOfExpertise.objects.get_or_create(code=code, defaults={"name": name or code.title()})[0]


def conference_body():
    return Body.objects.get_or_create(code="test-conference", defaults={"name": "World Summit (test)",
                                                                        "kind": Body.Kind.CONFERENCE})[0]


def member(user, organisation):
    OrganisationMembership.objects.create(user=user, organisation=organisation, is_focal_point=True)
    return user


def status_change(org, **kw):
    return StatusChange.objects.create(organisation=org, effective_on=kw.pop("effective_on", datetime.date(2015, 7, 20)),
                                       from_state="none", to_state="active", to_category="special", **kw)


def team(iso2="BW", focal_point=None):
    if focal_point is None:
        focal_point = UserFactory(role=Role.FOCAL_POINT)
    return CountryTeam.objects.create(country=Country.objects.get(iso2=iso2), resident_coordinator="RC",
                                      focal_point=focal_point)


def units_and_rules():
    units = {code: Unit.objects.create(code=code, name=name) for code, name in [
        ("ngo-policy", "NGO Policy Unit"), ("ngo-liaison", "NGO Liaison Service"),
        ("accreditation", "Accreditation Unit"), ("elected-reps", "Elected Representatives Liaison Unit")]}
    RoutingRule.objects.create(position=10, topic="", keyword="quadrennial", unit=units["accreditation"])
    RoutingRule.objects.create(position=20, topic="accreditation", unit=units["accreditation"])
    RoutingRule.objects.create(position=30, topic="elected", unit=units["elected-reps"])
    RoutingRule.objects.create(position=31, topic="", keyword="parlement", unit=units["elected-reps"])
    RoutingRule.objects.create(position=40, topic="policy", unit=units["ngo-policy"])
    RoutingRule.objects.create(position=999, topic="", unit=units["ngo-liaison"])
    return units


def inquiry(org, user, unit, **kw):
    return Inquiry.objects.create(reference=kw.pop("reference", f"T-{Inquiry.objects.count() + 1}"),
                                  organisation=org, submitted_by=user, topic=kw.pop("topic", "other"),
                                  subject=kw.pop("subject", "A question"), message="Text", unit=unit, **kw)


def ensure_countries():
    """Transactional tests (browser journeys) flush the countries the migration loaded."""
    if not Country.objects.exists():
        import importlib

        from django.apps import apps as django_apps

        importlib.import_module("portal.migrations.0004_load_countries").load(django_apps, None)

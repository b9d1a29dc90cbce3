"""Inquiry references: random enough never to collide, unique in the
database, and drawn again if one ever does collide."""

import re

import pytest

from partnerships import services
from partnerships.models import Inquiry
from portal.roles import Role
from tests.partnerships.factories import OrganisationFactory, member, units_and_rules

pytestmark = pytest.mark.django_db


def test_references_carry_fifty_random_bits_in_an_unambiguous_alphabet():
    references = {services._new_reference() for _ in range(20000)}
    assert len(references) == 20000
    for reference in list(references)[:50]:
        assert re.fullmatch(r"INQ-\d{4}-[0-9A-HJKMNP-TV-Z]{10}", reference)
        assert len(reference) <= Inquiry._meta.get_field("reference").max_length
    assert len(services.REFERENCE_ALPHABET) ** services.REFERENCE_LENGTH == 2**50
    assert Inquiry._meta.get_field("reference").unique


def _submit(user, org):
    return services.inquiry_submit(organisation=org, by=user, topic="accreditation", subject="Status?",
                                   message="Where is our application?")


def test_a_colliding_reference_is_drawn_again(make_user, monkeypatch):
    units_and_rules()
    org = OrganisationFactory(name="Nairobi Health Network")
    user = member(make_user(role=Role.NGO), org)
    first = _submit(user, org)
    drawn = iter([first.reference, first.reference, "INQ-2026-NEWREF0001"])
    monkeypatch.setattr(services, "_new_reference", lambda: next(drawn))
    second = _submit(user, org)
    assert second.reference == "INQ-2026-NEWREF0001"
    assert Inquiry.objects.count() == 2


def test_a_reference_that_keeps_colliding_gives_up_after_a_few_draws(make_user, monkeypatch):
    from django.db import IntegrityError

    units_and_rules()
    org = OrganisationFactory(name="Nairobi Health Network")
    user = member(make_user(role=Role.NGO), org)
    first = _submit(user, org)
    monkeypatch.setattr(services, "_new_reference", lambda: first.reference)
    with pytest.raises(IntegrityError):
        _submit(user, org)
    assert Inquiry.objects.count() == 1

import pytest

from tests.participation.factories import make_member, make_org, make_staff


@pytest.fixture
def staff(db):
    return make_staff()


@pytest.fixture
def org(db):
    return make_org("general", areas=["hiv-aids"])


@pytest.fixture
def fp(org):
    return make_member(org, focal_point=True)

import pytest

from accreditation.duplicates import find_possible_duplicates
from accreditation.models import Organisation


@pytest.fixture
def existing(db):
    return Organisation.objects.create(name="Réseau des Femmes Africaines", acronym="RFA",
                                       website="https://www.rfa-africa.org/about", email="contact@rfa-africa.org")


def _names(found):
    return [(d.organisation.name, d.reasons) for d in found]


def test_same_name_is_found_ignoring_accents_and_case(existing):
    found = find_possible_duplicates(name="reseau des femmes africaines")
    assert _names(found) == [("Réseau des Femmes Africaines", ("same name",))]


def test_similar_name_website_and_email_domain_are_reasons(existing):
    found = find_possible_duplicates(name="Reseau des Femme Africaine", website="rfa-africa.org",
                                     email="director@rfa-africa.org")
    assert _names(found) == [("Réseau des Femmes Africaines", ("similar name", "same website", "same e-mail domain"))]


def test_webmail_domains_and_unrelated_names_are_not_duplicates(existing):
    Organisation.objects.create(name="Youth Climate Action", email="someone@gmail.com")
    assert find_possible_duplicates(name="Health Alliance of Nepal", email="x@gmail.com") == []


def test_the_organisation_itself_is_excluded(existing):
    assert find_possible_duplicates(name=existing.name, exclude_pk=existing.pk) == []

"""Every bad input is a clean 400 naming the field, in pages and in the API:
NUL bytes, non-ASCII digits, huge and non-finite numbers, wrong JSON types,
over-long text, and list filters given a value that makes no sense."""

import json

import pytest
from django import forms
from django.urls import reverse

from portal.params import IdListField, InvalidInput, ParamForm, StrictIntegerField, YearField

pytestmark = pytest.mark.django_db


class _Numbers(ParamForm):
    year = YearField()
    count = StrictIntegerField(required=False)
    ids = IdListField()
    name = forms.CharField(required=False)


@pytest.mark.parametrize("value", ["²", "٢٠٢٦", "1e30", "NaN", "Infinity", "-Infinity", "9" * 40, "20 26", "0x7e6",
                                   "2026.0", "\x00"])
def test_strict_integers_refuse_what_python_s_int_would_misread(value):
    with pytest.raises(InvalidInput) as refused:
        _Numbers({"year": value}).cleaned()
    assert list(refused.value.errors) == ["year"]


def test_strict_integers_read_ascii_digits_and_bound_them():
    assert _Numbers({"year": " 2026 ", "count": "-3"}).cleaned()["year"] == 2026
    assert _Numbers({"count": "-3"}).cleaned()["count"] == -3
    with pytest.raises(InvalidInput):
        _Numbers({"count": str(2**31)}).cleaned()
    with pytest.raises(InvalidInput):
        _Numbers({"year": "1900"}).cleaned()


def test_ticked_ids_must_all_be_ids():
    from django.http import QueryDict

    assert _Numbers(QueryDict("ids=3&ids=12")).cleaned()["ids"] == [3, 12]
    with pytest.raises(InvalidInput) as refused:
        _Numbers(QueryDict("ids=3&ids=%C2%B2")).cleaned()
    assert list(refused.value.errors) == ["ids"]


def test_text_filters_are_bounded():
    with pytest.raises(InvalidInput) as refused:
        _Numbers({"name": "x" * 201}).cleaned()
    assert list(refused.value.errors) == ["name"]


@pytest.mark.parametrize("value", ["abc", "²", "٢٠١٥", "1e30", "NaN", "9" * 40])
def test_a_wrong_year_on_the_directory_page_is_a_400_page_naming_the_field(client, value):
    response = client.get(reverse("partnerships:directory"), {"year": value})
    assert response.status_code == 400
    assert response.templates[0].name == "400.html"
    assert dict(response.context["field_errors"]).keys() == {"year"}
    assert "<strong>year</strong>" in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "²", "1e30"])
def test_a_wrong_year_in_the_api_is_a_400_naming_the_field(client, value):
    response = client.get("/api/v1/directory/", {"year": value})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["year"]


def test_a_nul_byte_anywhere_in_the_query_is_a_400_naming_the_field(client):
    response = client.get(reverse("partnerships:directory"), {"q": "health\x00"})
    assert response.status_code == 400
    assert dict(response.context["field_errors"]).keys() == {"q"}
    api = client.get("/api/v1/directory/", {"q": "a\x00b"})
    assert api.status_code == 400
    assert list(api.json()["error"]["fields"]) == ["q"]


def test_a_nul_byte_in_a_form_post_is_a_400(client, make_user):
    client.force_login(make_user(role="ngo"))
    response = client.post(reverse("accreditation:organisation-register"), {"name": "Nul\x00 Org"})
    assert response.status_code == 400
    assert dict(response.context["field_errors"]).keys() == {"name"}


def test_a_nul_byte_in_a_json_body_is_a_400(client, make_user):
    client.force_login(make_user(role="ngo"))
    response = client.post("/api/v1/accreditation/organisations/", json.dumps({"name": "a\u0000b"}),
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"body": ["Null characters are not allowed."]}


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "42", "null", "{", '{"name": ["a"]}'])
def test_wrong_json_types_are_a_400_not_a_500(client, make_user, body):
    client.force_login(make_user(role="ngo"))
    for url in ("/api/v1/accreditation/organisations/", "/api/v1/inquiries/", "/api/v1/trustfund/contributions/"):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code in (400, 403), (url, body, response.status_code)


def test_list_filters_refuse_unknown_values_in_pages(client, demo):
    client.force_login(demo["secretariat"])
    cases = [
        (reverse("accreditation:queue"), "state"),
        (reverse("accreditation:queue"), "officer"),
        (reverse("trustfund:applications"), "state"),
        (reverse("participation:meeting-list"), "when"),
        (reverse("partnerships:liaison"), "kind"),
        (reverse("quadrennial:secretariat"), "list"),
    ]
    for url, field in cases:
        response = client.get(url, {field: "nonsense²"})
        assert response.status_code == 400, url
        assert dict(response.context["field_errors"]).keys() == {field}, url


def test_list_filters_refuse_unknown_values_in_the_api(client, demo):
    client.force_login(demo["secretariat"])
    cases = [
        ("/api/v1/quadrennial/reports/", "organisation"),
        ("/api/v1/quadrennial/lifecycle/", "session"),
        ("/api/v1/participation/registrations/", "meeting"),
        ("/api/v1/participation/statements/", "meeting"),
    ]
    for url, field in cases:
        response = client.get(url, {field: "²"})
        assert response.status_code == 400, url
        assert list(response.json()["error"]["fields"]) == [field], url


def test_a_huge_id_in_a_model_choice_field_is_an_invalid_choice_not_a_server_error(make_user):
    from django.contrib.auth import get_user_model

    user = make_user()

    class Choose(forms.Form):
        one = forms.ModelChoiceField(queryset=get_user_model().objects.all())
        many = forms.ModelMultipleChoiceField(queryset=get_user_model().objects.all())

    form = Choose({"one": "9" * 40, "many": [str(user.pk), "9" * 40]})
    assert form.is_valid() is False
    assert sorted(form.errors) == ["many", "one"]
    assert Choose({"one": str(user.pk), "many": [str(user.pk)]}).is_valid() is True


def test_over_long_text_in_an_api_body_is_a_400_naming_the_field(client, make_user):
    from tests.partnerships.factories import OrganisationFactory, member, units_and_rules

    units_and_rules()
    org = OrganisationFactory(name="Nairobi Health Network")
    user = member(make_user(role="ngo"), org)
    client.force_login(user)
    body = {"organisation": org.pk, "topic": "accreditation", "subject": "Status?", "message": "x" * 20001}
    response = client.post("/api/v1/inquiries/", body, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["message"]
    response = client.post("/api/v1/inquiries/", {**body, "subject": "s" * 201, "message": "ok"},
                           content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["subject"]
    response = client.post("/api/v1/inquiries/", {**body, "message": "Where is it?"}, content_type="application/json")
    assert response.status_code == 201


@pytest.mark.parametrize("role", ["ngo", "secretariat"])
def test_no_write_operation_of_the_api_fails_on_a_body_of_the_wrong_json_type(client, demo, role):
    """Every POST/PUT/PATCH of the schema, on real rows, with bodies that are not objects."""
    from drf_spectacular.generators import SchemaGenerator

    from tests.portal.test_api_fuzz import _existing_ids

    client.force_login(demo[role])
    document = SchemaGenerator().get_schema(request=None, public=True)
    failures, sent = [], 0
    for path, operations in document["paths"].items():
        for method in ("post", "put", "patch"):
            if method not in operations:
                continue
            ids = _existing_ids(path) or ["1"]
            url = path
            if "{" in path:
                name = path[path.index("{"):path.index("}") + 1]
                url = path.replace(name, ids[0])
            for body in ("[1, 2]", '"text"', "null", "12", '{"reason": ["a"], "text": {"x": 1}}'):
                response = getattr(client, method)(url, body, content_type="application/json")
                sent += 1
                if response.status_code >= 500:
                    failures.append(f"{method.upper()} {url} {body} -> {response.status_code}")
    assert sent > 40
    assert failures == []


@pytest.mark.parametrize("value", ["٣", "²", "١٠٠٠", "٢٠٢٦"])
def test_non_ascii_digits_in_api_numbers_and_ids_are_a_400_naming_the_field(client, make_user, value):
    from rest_framework import serializers

    class Probe(serializers.Serializer):
        count = serializers.IntegerField()
        amount = serializers.DecimalField(max_digits=12, decimal_places=2)
        share = serializers.FloatField()

    for field in ("count", "amount", "share"):
        data = {"count": "3", "amount": "3", "share": "3", field: value}
        probe = Probe(data=data)
        assert not probe.is_valid() and list(probe.errors) == [field]
    assert Probe(data={"count": "3", "amount": "3.50", "share": "0.5"}).is_valid()

    # A row's id in an API body: the inquiry names its organisation.
    from tests.partnerships.factories import OrganisationFactory, member, units_and_rules

    units_and_rules()
    org = OrganisationFactory(name="Nairobi Health Network")
    client.force_login(member(make_user(role="ngo"), org))
    body = {"organisation": value, "topic": "accreditation", "subject": "Status?", "message": "Where is it?"}
    response = client.post("/api/v1/inquiries/", body, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["organisation"]


def test_over_long_text_in_a_page_form_or_filter_is_a_400_naming_the_field(client, make_user):
    client.force_login(make_user(role="secretariat"))
    response = client.post("/partnerships/inquiries/new/", {"subject": "s", "message": "x" * 50_001})
    assert response.status_code == 400
    assert "message" in response.content.decode() and "50000" in response.content.decode().replace(",", "")
    response = client.get("/partnerships/directory/", {"q": "x" * 1_001})
    assert response.status_code == 400 and "Keep this within" in response.content.decode()
    assert client.get("/partnerships/directory/", {"q": "x" * 200}).status_code == 200

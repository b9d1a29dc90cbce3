"""No page shows a raw database constraint message: every constraint carries
a human message, and every model form of the project that can break one of
its model's constraints shows that message when it is broken."""

import importlib

import pytest
from django import forms
from django.apps import apps
from django.db.models import CheckConstraint, F, Q, UniqueConstraint

PROJECT_APPS = ("accreditation", "quadrennial", "participation", "trustfund", "partnerships", "portal")
FORM_MODULES = ("accreditation.forms", "accreditation.quadrennial.forms", "participation.forms",
                "trustfund.forms", "partnerships.forms", "portal.forms")


def _constraints():
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS:
            for constraint in model._meta.constraints:
                yield model, constraint


def _fields_of(constraint) -> set[str]:
    if isinstance(constraint, UniqueConstraint) and not constraint.expressions:
        return set(constraint.fields)
    names = set()

    def walk(node):
        if isinstance(node, Q):
            for child in node.children:
                walk(child)
        elif isinstance(node, tuple):
            names.add(node[0].split("__")[0])
            walk(node[1])
        elif isinstance(node, F):
            names.add(node.name.split("__")[0])

    def walk_expression(expression):
        if isinstance(expression, F):
            names.add(expression.name.split("__")[0])
        elif isinstance(expression, str):
            names.add(expression.split("__")[0])
        for source in getattr(expression, "get_source_expressions", lambda: [])():
            walk_expression(source)

    if isinstance(constraint, UniqueConstraint):  # on expressions, e.g. Lower("name")
        for expression in constraint.expressions:
            walk_expression(expression)
        return names
    walk(constraint.condition)
    return names


def test_every_constraint_has_a_human_message():
    found = list(_constraints())
    assert len(found) >= 39
    for model, constraint in found:
        default = constraint.default_violation_error_message
        message = str(constraint.get_violation_error_message())
        assert constraint.violation_error_message not in (None, default), (model, constraint.name)
        assert constraint.name not in message and "Constraint" not in message, (model, constraint.name)


def _project_model_forms():
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, forms.ModelForm) and value.__module__ == module_name
                    and getattr(value._meta, "model", None) is not None):
                yield value


def _breakable_pairs():
    pairs = set()
    for form_class in _project_model_forms():
        model = form_class._meta.model
        form_fields = set(form_class.base_fields)
        for constraint in model._meta.constraints:
            if _fields_of(constraint) <= form_fields:
                pairs.add((form_class.__name__, constraint.name))
    return pairs


# ---- one submission per (form, constraint) that breaks it ----

def _meeting_form_data(**overrides):
    from accreditation.models import Body
    from participation.models import MeetingKind
    from tests.participation.factories import ensure_reference_data

    ensure_reference_data()
    data = {"kind": MeetingKind.objects.get(code="ga-hearing").pk, "body": Body.objects.get(code="ga").pk,
            "title": "Hearing", "starts_on": "2030-03-02", "ends_on": "2030-03-03", "venue": "New York",
            "registration_opens_at": "2030-01-01T09:00", "registration_closes_at": "2030-02-20T17:00",
            "per_organisation_cap": 2, "capacity": 20, "speaking_minutes": 3}
    data.update(overrides)
    from participation.forms import MeetingForm

    return MeetingForm(data)


def _consultation_form():
    from participation.forms import ConsultationForm

    return ConsultationForm({"title": "Poll", "question": "Which?", "kind": "poll",
                             "opens_at": "2030-02-01T09:00", "closes_at": "2030-01-01T09:00"})


def _committee_member_form():
    from partnerships.forms import CommitteeMemberForm

    return CommitteeMemberForm({"name": "A. Person", "sector": "ngo", "term_starts_on": "2030-01-01",
                                "term_ends_on": "2029-01-01"})


CASES = {
    ("MeetingForm", "meeting_dates_ordered"): (lambda: _meeting_form_data(ends_on="2030-03-01"),
                                               "The meeting cannot end before it starts"),
    ("MeetingForm", "meeting_registration_window_ordered"): (
        lambda: _meeting_form_data(registration_closes_at="2029-12-01T09:00"), "Registration must close after it opens."),
    ("MeetingForm", "meeting_caps_positive"): (lambda: _meeting_form_data(per_organisation_cap=0),
                                               "Allow at least one representative per organisation"),
    ("ConsultationForm", "consultation_period_ordered"): (_consultation_form, "The consultation must close after it"),
    ("CommitteeMemberForm", "advisory_term_order"): (_committee_member_form, "The term cannot end before it starts."),
}


def test_every_breakable_form_constraint_has_a_case():
    assert _breakable_pairs() == set(CASES)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(CASES))
def test_breaking_a_constraint_through_its_form_shows_a_human_message(key):
    make_form, expected = CASES[key]
    form = make_form()
    assert not form.is_valid()
    messages = [str(m) for errors in form.errors.values() for m in errors]
    assert any(expected in m for m in messages), messages
    assert not any("Constraint" in m or key[1] in m for m in messages), messages


@pytest.mark.django_db
def test_the_admin_shows_the_human_message_too(client, django_user_model):
    from accreditation.models import Committee

    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw-for-tests-123", role="admin")
    client.force_login(admin)
    committee = Committee.objects.first()
    response = client.post("/admin/accreditation/session/add/", {
        "committee": committee.pk, "year": 2031, "kind": "regular", "starts_on": "2031-02-05",
        "ends_on": "2031-01-20"})
    page = response.content.decode()
    assert "The session cannot end before it starts." in page
    assert "session_dates_ordered" not in page


def test_the_field_finder_reads_conditions_and_references():
    assert _fields_of(CheckConstraint(condition=Q(a__gte=F("b")) | ~Q(c=1), name="x")) == {"a", "b", "c"}

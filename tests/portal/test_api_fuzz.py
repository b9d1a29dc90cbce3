"""Schemathesis over every API operation of the OpenAPI schema, as an anonymous
caller, an NGO representative and the Secretariat: whatever it sends (valid
and invalid parameters and bodies), the API never answers with a server error.

Bounded: a few examples per operation and a time budget for the whole run."""

import time

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable

pytestmark = pytest.mark.django_db

ROLES = {"anonymous": None, "ngo": "ngo", "secretariat": "secretariat"}
EXAMPLES_PER_OPERATION = 4
BUDGET_SECONDS = 20  # per role, then one example per operation: the three roles stay under 90 s


def _cookies(user):
    csrf = _get_new_csrf_string()
    cookies = {"csrftoken": csrf}
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies["sessionid"] = client.cookies["sessionid"].value
    return cookies, {"X-CSRFToken": csrf}


def _demo_user(demo, role):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(role=role, is_active=True).order_by("pk").first()


def _existing_ids(path_template):
    """A few ids (or codes) of rows the operation's path can name, so that
    generated bodies reach real objects and not only 404s."""
    if "{" not in path_template:
        return []
    name = path_template[path_template.index("{") + 1:path_template.index("}")]
    probe = path_template.replace("{" + name + "}", "1", 1).split("{")[0]
    try:
        match = resolve(probe if probe.endswith("/") else probe + "/")
    except Exception:
        return []
    view = getattr(match.func, "cls", None)
    serializer = getattr(view, "serializer_class", None)
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is None:
        return []
    field = "pk" if name in ("id", "pk") else getattr(view, "lookup_field", name)
    return [str(v) for v in model.objects.order_by("pk").values_list(field, flat=True)[:5]]


@pytest.fixture
def _keep_the_test_connection():
    """Django's test client keeps the test's connection open across requests;
    calling the WSGI handler directly must too (it closes it at request end)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_keep_the_test_connection")
@pytest.mark.parametrize("role", list(ROLES))
def test_no_api_operation_answers_a_server_error(demo, role):
    user = None if ROLES[role] is None else _demo_user(demo, ROLES[role])
    assert role == "anonymous" or user is not None
    cookies, headers = _cookies(user)
    document = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(document)
    app = WSGIHandler()
    failures, tried, tried_ids, real_ids = [], 0, [], []
    started = time.monotonic()

    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        # Every operation is tried; past the time budget, with a single example each.
        examples = EXAMPLES_PER_OPERATION if time.monotonic() - started < BUDGET_SECONDS else 1

        real_ids[:] = _existing_ids(operation.path)

        @given(case=operation.as_strategy(), use_real=st.booleans())
        @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def run(case, use_real):
            if use_real and real_ids and case.path_parameters:
                key = next(iter(case.path_parameters))
                case.path_parameters = {**case.path_parameters, key: real_ids[len(tried_ids) % len(real_ids)]}
                tried_ids.append(key)
            response = case.call(app=app, headers=headers, cookies=cookies)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query} {case.body!r:.200} "
                                f"-> {response.status_code}")

        try:
            run()
        except Unsatisfiable:
            continue
        tried += 1

    assert tried > 0.9 * len(operations) > 40
    assert failures == []


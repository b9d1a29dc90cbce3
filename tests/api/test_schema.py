"""The OpenAPI schema generates without warnings and validates."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_schema_is_valid_and_generates_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "/api/v1/accreditation/applications/{id}/submit/" in text
    assert "apiToken" in text  # the personal token scheme is documented

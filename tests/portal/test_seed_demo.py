from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()
            if m._meta.app_label in {"portal", "accreditation", "participation", "trustfund", "partnerships"}
            and m._meta.label != "portal.AuditEntry"}


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_makes_one_login_per_role():
    call_command("seed_demo", force=True, stdout=StringIO())
    first = _counts()
    call_command("seed_demo", force=True, stdout=StringIO())
    assert _counts() == first
    from django.contrib.auth import get_user_model

    User = get_user_model()
    for role in ["ngo", "secretariat", "committee", "board", "donor", "focalpoint", "admin"]:
        user = User.objects.get(username=role)
        assert user.role == role and user.check_password("demo")

"""Strong login, from outside: lockout after failed logins (form, admin,
API tokens) with an e-mail to the owner; two-step login for staff; idle
sessions; sign-up and password reset that do not tell who has an account;
seed_demo only on a development machine."""

import datetime
import re
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from portal.demo import current_code
from portal.models import AuditEntry, OutboxMessage
from portal.roles import Role
from tests.factories import UserFactory

PASSWORD = "pw-for-tests-123"


def _login(client, username, password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def _code(user):
    return current_code(TOTPDevice.objects.get(user=user, confirmed=True))


# ------------------------------------------------------------------ lockout


@pytest.mark.django_db
def test_thirty_wrong_passwords_then_the_right_one_is_refused_and_the_owner_is_told(
        client, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory(username="amina", role=Role.NGO)
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [_login(client, "amina", f"wrong-{i}").status_code for i in range(30)]
    assert statuses[:4] == [200] * 4  # the form again, with its error
    assert set(statuses[5:]) == {429}
    response = _login(client, "amina", PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed logins" in response.content
    assert client.get("/dashboard/").status_code == 302  # not logged in

    alerts = [m for m in mailoutbox if m.to == [user.email]]
    assert len(alerts) == 1
    assert "locked" in alerts[0].subject
    assert list(AuditEntry.objects.for_object(user).values_list("action", flat=True)) == ["user.locked_out"]


@pytest.mark.django_db
def test_an_e_mail_address_counts_for_its_account(client):
    UserFactory(username="amina", email="amina@example.org")
    for i in range(3):
        _login(client, "amina", f"wrong-{i}")
    for i in range(2):
        _login(client, "AMINA@example.org", f"wrong-{i}", REMOTE_ADDR="10.0.0.9")
    assert _login(client, "amina", PASSWORD, REMOTE_ADDR="10.0.0.10").status_code == 429


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_locked_out(client):
    for i in range(5):
        UserFactory(username=f"person{i}")
        _login(client, f"person{i}", "wrong", REMOTE_ADDR="203.0.113.7")
    UserFactory(username="innocent")
    assert _login(client, "innocent", PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 429
    # Elsewhere the account is not locked.
    assert _login(client, "innocent", PASSWORD, REMOTE_ADDR="198.51.100.1").status_code == 302


@pytest.mark.django_db
def test_the_admin_login_is_locked_out_too(client):
    UserFactory(username="root", role=Role.ADMIN, is_staff=True, is_superuser=True)
    for i in range(5):
        client.post("/admin/login/", {"username": "root", "password": f"wrong-{i}"})
    response = client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert response.status_code == 429


@pytest.mark.django_db
def test_wrong_api_tokens_lock_the_address_out():
    from rest_framework.test import APIClient

    from portal import services

    user = UserFactory(role=Role.NGO)
    _token, secret = services.api_token_create(user=user, by=user, name="Our CRM", scope="read")
    api = APIClient(REMOTE_ADDR="192.0.2.44")
    assert api.get("/api/v1/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    statuses = [api.get("/api/v1/", HTTP_AUTHORIZATION=f"Bearer ngo_{'0' * 40}").status_code for _i in range(6)]
    assert statuses[:4] == [401] * 4 and set(statuses[4:]) == {429}
    assert api.get("/api/v1/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 429
    other = APIClient(REMOTE_ADDR="192.0.2.45")
    assert other.get("/api/v1/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


# ------------------------------------------------------------------ two-step login


@pytest.mark.django_db
def test_staff_give_a_code_after_the_password_before_any_page(client):
    officer = UserFactory(username="officer", role=Role.SECRETARIAT)
    response = _login(client, "officer")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/verify/")
    # Nothing else until the code: pages, the admin, the API.
    page = client.get("/accreditation/prescreening/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/two-factor/verify/")
    assert client.get("/admin/").status_code == 302
    api = client.get("/api/v1/accreditation/applications/")
    assert api.status_code == 403
    assert client.post("/accounts/two-factor/verify/", {"token": "000000"}).status_code == 400
    time.sleep(1.1)  # after a wrong code the next try waits (1 s, doubling with each failure)
    response = client.post("/accounts/two-factor/verify/?next=/dashboard/", {"token": _code(officer)})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert client.get("/dashboard/secretariat/").status_code == 200


@pytest.mark.django_db
def test_a_code_works_once(client):
    officer = UserFactory(username="officer", role=Role.BOARD)
    code = _code(officer)
    _login(client, "officer")
    assert client.post("/accounts/two-factor/verify/", {"token": code}).status_code == 302
    client.post("/accounts/logout/")
    _login(client, "officer")
    assert client.post("/accounts/two-factor/verify/", {"token": code}).status_code == 400


@pytest.mark.django_db
def test_staff_without_an_authenticator_set_one_up_and_get_recovery_codes_once(client):
    member = UserFactory(username="member", role=Role.COMMITTEE, authenticator=False)
    response = _login(client, "member")
    assert response["Location"].startswith("/accounts/two-factor/setup/")
    assert client.get("/dashboard/committee/")["Location"].startswith("/accounts/two-factor/setup/")
    page = client.get("/accounts/two-factor/setup/")
    assert page.status_code == 200
    assert b"<svg" in page.content  # the QR code
    secret = re.search(r'data-testid="two-factor-secret">([A-Z2-7 ]+)<', page.content.decode()).group(1)
    device = TOTPDevice.objects.get(user=member, confirmed=False)
    import base64

    assert base64.b32decode(secret.replace(" ", "")) == device.bin_key
    assert client.post("/accounts/two-factor/setup/", {"token": "123456"}).status_code == 400
    response = client.post("/accounts/two-factor/setup/", {"token": current_code(device)})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and all(code in response.content.decode() for code in codes)
    assert response["Cache-Control"].startswith("no-store")
    assert client.get("/dashboard/committee/").status_code == 200
    # Shown once: the page about the authenticator shows how many are left, not the codes.
    manage = client.get("/accounts/two-factor/setup/").content.decode()
    assert "10 recovery codes are left" in manage and codes[0] not in manage
    assert list(AuditEntry.objects.for_object(member).values_list("action", flat=True)) == [
        "user.two_factor_enabled"]

    # A recovery code logs in once.
    client.post("/accounts/logout/")
    _login(client, "member")
    assert client.post("/accounts/two-factor/verify/", {"token": codes[0]}).status_code == 302
    assert StaticToken.objects.filter(device__user=member).count() == 9
    client.post("/accounts/logout/")
    _login(client, "member")
    assert client.post("/accounts/two-factor/verify/", {"token": codes[0]}).status_code == 400


@pytest.mark.django_db
def test_two_step_login_is_optional_for_ngos_and_asked_once_they_turn_it_on(client):
    ngo = UserFactory(username="ngo1", role=Role.NGO)
    assert _login(client, "ngo1")["Location"] == "/dashboard/"
    assert client.get("/dashboard/ngo/").status_code == 200
    device = TOTPDevice.objects.create(user=ngo, confirmed=True)
    client.post("/accounts/logout/")
    assert _login(client, "ngo1")["Location"].startswith("/accounts/two-factor/verify/")
    assert client.get("/dashboard/ngo/").status_code == 302
    assert client.post("/accounts/two-factor/verify/", {"token": current_code(device)}).status_code == 302
    assert client.get("/dashboard/ngo/").status_code == 200


@pytest.mark.django_db
def test_staff_cannot_turn_two_step_login_off_and_ngos_can(client):
    officer = UserFactory(role=Role.FOCAL_POINT)
    client.force_login(officer)
    client.post("/accounts/two-factor/disable/", {"confirmed": "yes"})
    assert TOTPDevice.objects.filter(user=officer).exists()
    ngo = UserFactory(role=Role.NGO)
    TOTPDevice.objects.create(user=ngo, confirmed=True)
    client.force_login(ngo)
    assert client.post("/accounts/two-factor/disable/", {"confirmed": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=ngo).exists()


@pytest.mark.django_db
@pytest.mark.real_two_factor
def test_force_login_without_the_test_helper_still_owes_the_code(client):
    client.force_login(UserFactory(role=Role.ADMIN, is_staff=True))
    assert client.get("/dashboard/admin/")["Location"].startswith("/accounts/two-factor/verify/")


# ------------------------------------------------------------------ idle sessions


@pytest.mark.django_db
def test_idle_staff_sessions_end_after_thirty_minutes_and_ngo_sessions_later(client, settings):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    officer, ngo = UserFactory(role=Role.SECRETARIAT), UserFactory(role=Role.NGO)
    with freeze_time(start) as clock:
        client.force_login(officer)
        assert client.get("/dashboard/secretariat/").status_code == 200
        clock.tick(datetime.timedelta(minutes=29))
        assert client.get("/dashboard/secretariat/").status_code == 200  # activity restarts the clock
        clock.tick(datetime.timedelta(minutes=31))
        response = client.get("/dashboard/secretariat/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert "_auth_user_id" not in client.session

        client.force_login(ngo)
        clock.tick(datetime.timedelta(minutes=31))
        assert client.get("/dashboard/ngo/").status_code == 200
        clock.tick(datetime.timedelta(minutes=settings.SESSION_IDLE_TIMEOUT_MINUTES + 1))
        assert client.get("/dashboard/ngo/").status_code == 302


# ------------------------------------------------------------------ who has an account


@pytest.mark.django_db
def test_sign_up_with_a_registered_address_answers_as_for_a_new_one_and_tells_the_owner(
        client, mailoutbox, django_capture_on_commit_callbacks):
    owner = UserFactory(username="amina", email="amina@example.org")
    form = {"first_name": "A", "last_name": "W", "username": "someone-else", "email": "Amina@example.org",
            "password1": "Nairobi-health-2026", "password2": "Nairobi-health-2026"}
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post("/accounts/signup/", form)
        new = client.post("/accounts/signup/", {**form, "username": "brandnew", "email": "new@example.org"})
    assert taken.status_code == new.status_code == 200
    for response in (taken, new):
        assert "registration/signup_done.html" in [t.name for t in response.templates]
    assert not type(owner).objects.filter(username="someone-else").exists()
    to_owner = [m for m in mailoutbox if m.to == [owner.email]]
    assert len(to_owner) == 1 and "/accounts/password_reset/" in to_owner[0].body


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, django_capture_on_commit_callbacks):
    UserFactory(email="known@example.org")
    known = client.post("/accounts/password_reset/", {"email": "known@example.org"})
    unknown = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    def page(url):
        return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "", client.get(url).content.decode())

    assert page(known["Location"]) == page(unknown["Location"])
    assert OutboxMessage.objects.filter(to=["known@example.org"]).count() == 1
    assert not OutboxMessage.objects.filter(to=["nobody@example.org"]).exists()


# ------------------------------------------------------------------ seed_demo


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", force=True, stdout=StringIO())
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(username="secretariat")
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).count() == 1
    assert not TOTPDevice.objects.filter(user__username="ngo").exists()

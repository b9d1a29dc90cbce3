import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from portal import services
from portal.models import AuditEntry
from portal.roles import Role

SIGNUP = {"first_name": "Amina", "last_name": "Wanjiru", "username": "amina", "email": "amina@example.org",
          "password1": "Nairobi-health-2026", "password2": "Nairobi-health-2026"}


@pytest.mark.django_db
def test_ngo_signup_needs_email_verification_before_login(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 200
    user = get_user_model().objects.get(username="amina")
    assert (user.role, user.is_active) == (Role.NGO, False)
    assert not client.login(username="amina", password=SIGNUP["password1"])

    link = re.search(r"http://\S+/accounts/verify/\S+/", mailoutbox[0].body).group(0)
    response = client.get("/accounts/" + link.split("/accounts/", 1)[1])
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.email_verified_at is not None
    assert client.login(username="amina@example.org", password=SIGNUP["password1"])
    assert list(AuditEntry.objects.for_object(user).values_list("action", flat=True)) == [
        "user.verify_email", "user.signup"]


@pytest.mark.django_db
def test_signup_shows_field_errors_and_keeps_the_input(client, make_user):
    make_user(username="taken", email="someone@example.org")
    response = client.post("/accounts/signup/", {**SIGNUP, "password2": "different"})
    assert response.status_code == 400
    assert response.context["form"].errors["password2"] == ["The two passwords differ."]
    response = client.post("/accounts/signup/", {**SIGNUP, "username": "taken"})
    assert response.context["form"].errors["username"] == ["This username is taken."]
    assert response.context["form"]["first_name"].value() == "Amina"


@pytest.mark.django_db
def test_a_tampered_verification_link_is_refused(client):
    response = client.get("/accounts/verify/not-a-token/")
    assert response.status_code == 400
    assert b"This verification link is not valid." in response.content


@pytest.mark.django_db
def test_only_administrators_create_staff_accounts(demo):
    with pytest.raises(PermissionDenied):
        services.staff_user_create(by=demo["secretariat"], username="x", email="x@un.org", role=Role.SECRETARIAT)
    with pytest.raises(ValidationError):
        services.staff_user_create(by=demo["admin"], username="x", email="x@un.org", role=Role.NGO)
    officer = services.staff_user_create(by=demo["admin"], username="officer2", email="o2@un.org",
                                         role=Role.SECRETARIAT, password="Officer-pass-2026")
    assert (officer.role, officer.is_active, officer.is_staff) == (Role.SECRETARIAT, True, True)


@pytest.mark.django_db
def test_password_reset_sends_a_link_and_change_requires_login(client, demo, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password_reset/", {"email": "ngo@demo.ngo-portal.example.org"})
    assert response.status_code == 302
    assert "/accounts/reset/" in mailoutbox[0].body
    assert client.get("/accounts/password_change/").status_code == 302
    client.force_login(demo["ngo"])
    response = client.post("/accounts/password_change/", {
        "old_password": "demo", "new_password1": "A-new-pass-2026!", "new_password2": "A-new-pass-2026!"})
    assert response.status_code == 302
    assert client.login(username="ngo", password="A-new-pass-2026!")


@pytest.mark.django_db
def test_logout_ends_the_session(client, demo):
    client.force_login(demo["ngo"])
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/dashboard/ngo/").status_code == 302


@pytest.mark.django_db
def test_password_reset_only_queues_the_e_mail_and_links_to_site_url_not_the_host_header(
        client, demo, settings, mailoutbox, django_capture_on_commit_callbacks):
    from portal.models import OutboxMessage

    settings.SITE_URL = "https://ngo-portal.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/accounts/password_reset/", {"email": "ngo@demo.ngo-portal.example.org"},
                               HTTP_HOST="attacker.example.com")
    assert response.status_code == 302
    assert mailoutbox == []  # the request sent nothing: a worker does
    row = OutboxMessage.objects.get(key__startswith="password-reset:")
    assert row.to == ["ngo@demo.ngo-portal.example.org"]
    assert "https://ngo-portal.example.org/accounts/reset/" in row.body
    assert "attacker" not in row.body + row.subject
    for callback in callbacks:
        callback()
    assert "https://ngo-portal.example.org/accounts/reset/" in mailoutbox[0].body

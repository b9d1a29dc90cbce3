"""Personal API tokens: made, named, scoped and revoked on the settings page;
stored hashed; read-only tokens refuse writes; each token is throttled; every
step audited."""

import datetime

import pytest
from django.utils import timezone

from portal import services
from portal.models import ApiToken, AuditEntry
from portal.roles import Role
from tests.factories import UserFactory

ME = "/api/v1/me/"


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.mark.django_db
def test_person_makes_a_token_on_the_settings_page_and_sees_the_secret_once(client):
    user = UserFactory(role=Role.NGO)
    client.force_login(user)
    response = client.post("/accounts/profile/tokens/", {"name": "Members database", "scope": "write"})
    assert response.status_code == 200
    secret = response.context["new_secret"]
    assert secret.startswith("ngo_")
    assert secret in response.content.decode()
    token = ApiToken.objects.get(user=user)
    assert (token.name, token.scope) == ("Members database", "write")
    assert secret not in token.key_hash  # only the fingerprint is stored
    assert token.key_hash == services.api_token_hash(secret)
    page = client.get("/accounts/profile/").content.decode()
    assert "Members database" in page
    assert secret not in page
    assert "Never" in page
    entry = AuditEntry.objects.get(action="api_token.create")
    assert (entry.actor, entry.data["scope"]) == (user, "write")


@pytest.mark.django_db
def test_token_without_a_name_or_with_an_unknown_scope_is_refused_on_the_page(client):
    client.force_login(UserFactory(role=Role.NGO))
    response = client.post("/accounts/profile/tokens/", {"name": " ", "scope": "admin"})
    assert response.status_code == 400
    assert set(response.context["token_form"].errors) == {"name", "scope"}
    assert ApiToken.objects.count() == 0


@pytest.mark.django_db
def test_token_authenticates_and_records_its_last_use(client):
    user = UserFactory(role=Role.NGO)
    token, secret = services.api_token_create(user=user, by=user, name="Sync", scope="read")
    assert token.last_used_at is None
    response = client.get(ME, **bearer(secret))
    assert response.status_code == 200
    assert response.json()["username"] == user.username
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_unknown_or_malformed_token_is_401_in_the_common_error_format(client):
    response = client.get(ME, **bearer("ngo_nothing_here"))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
    assert client.get(ME, HTTP_AUTHORIZATION="Bearer a b").status_code == 401


@pytest.mark.django_db
def test_read_only_token_refuses_writes_and_read_write_token_may_write(client):
    user = UserFactory(role=Role.NGO)
    _ro, read_secret = services.api_token_create(user=user, by=user, name="Reader", scope="read")
    _rw, write_secret = services.api_token_create(user=user, by=user, name="Writer", scope="write")
    body = {"name": "Andes Water Forum", "country": "PE", "hq_address": "Av. Arequipa 123, Lima"}
    refused = client.post("/api/v1/accreditation/organisations/", body, content_type="application/json",
                          **bearer(read_secret))
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    assert "read only" in refused.json()["error"]["message"]
    made = client.post("/api/v1/accreditation/organisations/", body, content_type="application/json",
                       **bearer(write_secret))
    assert made.status_code == 201, made.json()
    entry = AuditEntry.objects.get(action="organisation.create")
    assert entry.actor == user


@pytest.mark.django_db
def test_revoked_token_no_longer_works_and_revoking_asks_for_confirmation(client):
    user = UserFactory(role=Role.NGO)
    token, secret = services.api_token_create(user=user, by=user, name="Old laptop", scope="read")
    client.force_login(user)
    url = f"/accounts/profile/tokens/{token.pk}/revoke/"
    first = client.post(url)
    assert first.status_code == 200
    assert "Every system using this token loses access at once." in first.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    done = client.post(url, {"confirmed": "yes"})
    assert done.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert client.get(ME, **bearer(secret)).status_code == 401
    entry = AuditEntry.objects.get(action="api_token.revoke")
    assert (entry.actor, entry.to_state) == (user, "revoked")


@pytest.mark.django_db
def test_nobody_revokes_another_persons_token(client):
    owner = UserFactory(role=Role.NGO)
    token, _secret = services.api_token_create(user=owner, by=owner, name="Mine", scope="read")
    client.force_login(UserFactory(role=Role.NGO))
    assert client.post(f"/accounts/profile/tokens/{token.pk}/revoke/", {"confirmed": "yes"}).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db
def test_each_token_has_its_own_request_budget(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_TOKEN_THROTTLE_RATE = "3/minute"
    user = UserFactory(role=Role.NGO)
    _a, first = services.api_token_create(user=user, by=user, name="A", scope="read")
    _b, second = services.api_token_create(user=user, by=user, name="B", scope="read")
    codes = [client.get(ME, **bearer(first)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get(ME, **bearer(first)).json()["error"]["code"] == "throttled"
    assert client.get(ME, **bearer(second)).status_code == 200
    cache.clear()


@pytest.mark.django_db
def test_last_use_is_written_at_most_once_a_minute(client, django_assert_num_queries):
    user = UserFactory(role=Role.NGO)
    token, secret = services.api_token_create(user=user, by=user, name="Sync", scope="read")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - datetime.timedelta(seconds=5))
    # The address's lockout (django-axes reads its failures), then the token and its user: no update.
    with django_assert_num_queries(3):
        assert client.get(ME, **bearer(secret)).status_code == 200


@pytest.mark.django_db
def test_staff_give_their_code_again_before_a_token_is_made(client):
    import time

    from portal.security import AUTH_AT_KEY
    from tests.utils_auth import code_for

    officer = UserFactory(role=Role.SECRETARIAT, username="officer-with-token")
    client.force_login(officer)
    session = client.session
    session[AUTH_AT_KEY] = int(time.time()) - 3600  # logged in an hour ago
    session.save()
    first = client.post("/accounts/profile/tokens/", {"name": "Case system", "scope": "read"})
    assert first.status_code == 200 and 'name="reauth_secret"' in first.content.decode()
    assert not ApiToken.objects.filter(user=officer).exists()
    made = client.post("/accounts/profile/tokens/", {"name": "Case system", "scope": "read",
                                                     "reauth_secret": code_for("officer-with-token")})
    assert made.status_code == 200 and made.context["new_secret"].startswith("ngo_")
    assert ApiToken.objects.get(user=officer).name == "Case system"

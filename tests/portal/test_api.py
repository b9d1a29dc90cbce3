import pytest

from portal import services


@pytest.mark.django_db
def test_api_accepts_token_authentication(client, demo):
    _token, secret = services.api_token_create(user=demo["ngo"], by=demo["ngo"], name="Sync", scope="read")
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 200
    assert response.json()["username"] == "ngo"
    assert response.json()["role"] == "ngo"


@pytest.mark.django_db
def test_api_accepts_the_browser_session(client, demo):
    client.force_login(demo["committee"])
    assert client.get("/api/v1/me/").json()["role"] == "committee"


@pytest.mark.django_db
def test_api_errors_share_one_format(client):
    response = client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == response.status_code
    assert body["error"]["code"] == "not_authenticated"
    assert body["error"]["message"]


@pytest.mark.django_db
def test_openapi_schema_is_served_as_json_and_docs_use_local_assets(client):
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    assert "/api/v1/me/" in schema.json()["paths"]
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn" not in docs.lower()

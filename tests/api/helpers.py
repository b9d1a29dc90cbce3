"""Clients that act through the API only, each with a personal token."""

from rest_framework.test import APIClient

from portal import services


def token_client(user, scope="write"):
    _token, secret = services.api_token_create(user=user, by=user, name=f"{user.username} sync", scope=scope)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def ok(response, status=200):
    assert response.status_code == status, (response.status_code, getattr(response, "data", response.content))
    return response.json()

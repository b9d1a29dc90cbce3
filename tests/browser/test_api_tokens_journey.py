import pytest
from playwright.sync_api import expect

from portal.roles import Role
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_person_makes_uses_and_revokes_an_api_token(page, live_server, login):
    UserFactory(username="rosa", role=Role.NGO)
    login("rosa", password="pw-for-tests-123")
    page.goto(f"{live_server.url}/accounts/profile/")
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()
    page.get_by_label("Token name").fill("Our CRM")
    page.get_by_label("What it may do").select_option("write")
    page.get_by_role("button", name="Make the token").click()
    secret = page.get_by_test_id("token-secret").inner_text().strip()
    assert secret.startswith("ngo_")
    expect(page.locator("#new-token")).to_contain_text("shown only this once")

    me = page.request.get(f"{live_server.url}/api/v1/me/", headers={"Authorization": f"Bearer {secret}"})
    assert me.status == 200
    assert me.json()["username"] == "rosa"

    page.goto(f"{live_server.url}/accounts/profile/")
    row = page.get_by_role("row").filter(has_text="Our CRM")
    expect(row).to_contain_text("Read and write")
    expect(row).not_to_contain_text("Never")  # it has just been used
    assert secret not in page.content()
    row.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("Every system using this token loses access at once.")).to_be_visible()
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.get_by_role("alert").first).to_contain_text("is revoked")
    expect(page.get_by_role("row").filter(has_text="Our CRM")).to_contain_text("Revoked on")
    gone = page.request.get(f"{live_server.url}/api/v1/me/", headers={"Authorization": f"Bearer {secret}"})
    assert gone.status == 401

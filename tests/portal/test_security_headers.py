"""Headers of every response and redirects only into the site: a
Content-Security-Policy without inline script, a Permissions-Policy,
`Cache-Control: no-store` on private pages, documents and the API; `next=`
never leads to another site."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from portal.roles import Role
from tests.factories import UserFactory

EVIL = "https://evil.example.com/phish"


@pytest.mark.django_db
def test_every_page_has_a_csp_without_inline_script_and_a_permissions_policy(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_no_template_has_an_inline_script_handler_or_style_attribute():
    roots = [Path(settings.BASE_DIR) / d for d in ("templates", "accreditation", "participation", "trustfund",
                                                   "partnerships", "portal")]
    offenders = []
    for root in roots:
        for path in root.rglob("*.html"):
            text = path.read_text()
            for match in re.finditer(r"<script\b[^>]*>", text):
                if "src=" not in match.group(0) and 'type="application/json"' not in match.group(0):
                    offenders.append(f"{path}: {match.group(0)}")
            offenders += [f"{path}: {m.group(0)}" for m in re.finditer(r"\son[a-z]+\s*=", text)]
            offenders += [f"{path}: {m.group(0)}" for m in re.finditer(r"\sstyle\s*=", text)]
    assert offenders == []


@pytest.mark.django_db
def test_private_pages_documents_and_the_api_are_not_stored_public_pages_may_be(client):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    user = UserFactory(role=Role.NGO)
    client.force_login(user)
    for url in ("/dashboard/ngo/", "/accounts/profile/", "/api/v1/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"].startswith("no-store"), url
    client.logout()
    assert client.get("/api/v1/")["Cache-Control"].startswith("no-store")


@pytest.mark.django_db
def test_a_document_download_is_not_stored(client):
    from django.http import FileResponse

    from portal.security import SecurityHeadersMiddleware

    class Anonymous:
        is_authenticated = False

    def view(request):
        import io

        return FileResponse(io.BytesIO(b"%PDF-1.4"), as_attachment=True, filename="a.pdf")

    from django.test import RequestFactory

    request = RequestFactory().get("/accreditation/documents/1/")
    request.user = Anonymous()
    response = SecurityHeadersMiddleware(view)(request)
    assert response["Cache-Control"].startswith("no-store")


@pytest.mark.django_db
def test_next_never_leads_to_another_site(client):
    UserFactory(username="amina", role=Role.NGO)
    response = client.post(f"/accounts/login/?next={EVIL}", {"username": "amina", "password": "pw-for-tests-123",
                                                               "next": EVIL})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    response = client.post("/i18n/setlang/", {"language": "fr", "next": EVIL})
    assert not response["Location"].startswith("https://evil")
    officer = UserFactory(username="officer", role=Role.SECRETARIAT)
    client.logout()
    response = client.post("/accounts/login/", {"username": "officer", "password": "pw-for-tests-123",
                                                "next": EVIL})
    assert "evil.example.com" not in response["Location"]
    from tests.utils_auth import code_for

    response = client.post(f"/accounts/two-factor/verify/?next={EVIL}", {"token": code_for(officer.username)})
    assert response["Location"] == "/dashboard/"


@pytest.mark.django_db
def test_a_registration_action_does_not_follow_next_to_another_site(client):
    from participation import services
    from tests.participation.factories import designate, make_meeting, make_member, make_org

    org = make_org()
    fp = make_member(org, focal_point=True)
    meeting = make_meeting()
    reg = services.registration_create(by=fp, meeting=meeting, designation=designate(org, by=fp))
    client.force_login(fp)
    response = client.post(f"/participation/registrations/{reg.pk}/withdraw/", {"next": EVIL, "confirmed": "yes"})
    assert response.status_code == 302
    assert "evil.example.com" not in response["Location"]

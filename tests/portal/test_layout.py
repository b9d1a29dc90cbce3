"""The shell: a few menus per role instead of a long row of links,
breadcrumbs below the dashboard, a footer with help and the notices, a favicon."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["ngo", "secretariat", "committee", "board", "donor", "focalpoint", "admin"])
def test_each_role_sees_at_most_seven_top_level_menu_entries(client, demo, role):
    client.force_login(demo[role])
    response = client.get(reverse("dashboard-role", args=[demo[role].role]))
    top = len(response.context["nav_top"]) + len(response.context["nav_groups"])
    assert 1 <= top <= 7, [g["label"] for g in response.context["nav_groups"]]
    flat = {i["label"] for i in response.context["nav_items"]}
    grouped = {i["label"] for g in response.context["nav_groups"] for i in g["items"]} | {
        i["label"] for i in response.context["nav_top"]}
    assert flat == grouped  # nothing is lost by grouping


@pytest.mark.django_db
def test_the_secretariat_menus_are_grouped_by_subject(client, demo):
    client.force_login(demo["secretariat"])
    groups = {str(g["label"]): [str(i["label"]) for i in g["items"]]
              for g in client.get("/dashboard/secretariat/").context["nav_groups"]}
    assert "Pre-screening queue" in groups["Accreditation"]
    assert "Check-in desk" in groups["Meetings"]
    assert "Audit log" in groups["Administration"]


@pytest.mark.django_db
def test_pages_below_the_dashboard_have_breadcrumbs(client, demo):
    client.force_login(demo["secretariat"])
    page = client.get(reverse("accreditation:queue")).content.decode()
    crumbs = page[page.index('data-testid="breadcrumbs"'):page.index("</ol>", page.index('data-testid="breadcrumbs"'))]
    assert reverse("dashboard") in crumbs and "Accreditation" in crumbs and "Pre-screening queue" in crumbs
    assert 'data-testid="breadcrumbs"' not in client.get("/dashboard/secretariat/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["help", "privacy", "accessibility", "terms"])
def test_footer_pages_are_public_and_linked_from_every_page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert reverse(name) in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_help_page_leads_an_ngo_to_the_inquiry_desk(client, demo):
    client.force_login(demo["ngo"])
    assert reverse("partnerships:inquiry-new") in client.get(reverse("help")).content.decode()


def test_the_favicon_is_linked_and_served(client, db):
    page = client.get(reverse("home")).content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")


def test_no_page_shell_carries_inline_handlers(client, db):
    page = client.get(reverse("home")).content.decode()
    assert "onchange=" not in page and "onclick=" not in page


@pytest.mark.django_db
def test_secretariat_dashboard_counts_link_to_the_filtered_lists(client, demo):
    client.force_login(demo["secretariat"])
    page = client.get("/dashboard/secretariat/").content.decode()
    queue = reverse("accreditation:queue")
    for target in (f"{queue}?officer={demo['secretariat'].pk}", f"{queue}?officer=none",
                   f"{queue}?state=info_requested", f"{queue}?state=prescreening",
                   reverse("quadrennial:secretariat") + "?list=overdue"):
        assert f'href="{target}"' in page, target
        assert client.get(target).status_code == 200

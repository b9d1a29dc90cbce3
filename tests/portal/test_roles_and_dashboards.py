import pytest

from portal.roles import Role

ROLES = [r.value for r in Role]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_demo_role_logs_in_and_reaches_its_own_dashboard(client, demo, role):
    assert client.login(username=role, password="demo")
    response = client.get("/dashboard/", follow=True)
    assert response.redirect_chain[-1][0] == f"/dashboard/{role}/"
    assert response.status_code == 200
    assert response.context["role"] == role


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_other_role_is_refused_a_dashboard(client, demo, role):
    client.force_login(demo[role])
    statuses = {other: client.get(f"/dashboard/{other}/").status_code for other in ROLES if other != role}
    assert statuses == {other: 403 for other in ROLES if other != role}


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/dashboard/ngo/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_login_page_lists_the_demo_logins_in_demo_mode_only(client, settings):
    settings.DEMO_MODE = True
    assert b'data-testid="demo-logins"' in client.get("/accounts/login/").content
    settings.DEMO_MODE = False
    assert b'data-testid="demo-logins"' not in client.get("/accounts/login/").content


@pytest.mark.django_db
def test_navigation_follows_the_role(client, demo):
    client.force_login(demo["ngo"])
    ngo_nav = [i["label"] for i in client.get("/dashboard/ngo/").context["nav_items"]]
    client.force_login(demo["secretariat"])
    staff_nav = [i["label"] for i in client.get("/dashboard/secretariat/").context["nav_items"]]
    assert "Audit log" in staff_nav
    assert "Audit log" not in ngo_nav


@pytest.mark.django_db
def test_secretariat_sees_and_edits_the_periodic_schedule_and_ngo_cannot(client, demo):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="portal: heartbeat")
    client.force_login(demo["secretariat"])
    assert client.get("/admin/django_celery_beat/periodictask/").status_code == 200
    assert client.get(f"/admin/django_celery_beat/periodictask/{task.pk}/change/").status_code == 200
    client.force_login(demo["ngo"])
    response = client.get("/admin/django_celery_beat/periodictask/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

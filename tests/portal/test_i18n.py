import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "direction"), [("ar", "rtl"), ("zh-hans", "ltr"), ("fr", "ltr"), ("ru", "ltr"),
                                                 ("es", "ltr"), ("en", "ltr")])
def test_language_switcher_sets_language_and_direction(client, code, direction):
    response = client.post("/i18n/setlang/", {"language": code, "next": "/"}, follow=True)
    html = response.content.decode()
    assert f'<html lang="{code}" dir="{direction}">' in html
    if direction == "rtl":
        assert "bootstrap.rtl.min.css" in html


@pytest.mark.django_db
def test_the_shell_is_translated(client):
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert "Se connecter" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert "تسجيل الدخول" in client.get("/").content.decode()

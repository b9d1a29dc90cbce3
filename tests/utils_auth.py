"""Logging in in tests as people do, two-step code included.

- `mark_verified(client, user)`: the session of `client` (after
  `force_login`) counts as having given its two-step code. The autouse
  fixture in tests/conftest.py does it after every `Client.force_login`;
  people whose role needs two-step login get the demo authenticator first.
  The middleware still enforces everything: tests marked `real_two_factor`
  see a session without its code.
- `browser_login(page, url, username, password)`: the login form, then the
  code step when the account has an authenticator.
"""

from django_otp import DEVICE_ID_SESSION_KEY


def authenticator_for(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from portal.demo import ensure_demo_authenticator
    from portal.twofactor import requires_two_factor

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and requires_two_factor(user):
        device = ensure_demo_authenticator(user)
    return device


def mark_verified(client, user):
    device = authenticator_for(user)
    if device is None:
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def client_login(client, **credentials):
    """`Client.login` with the request django-axes needs (it counts failures
    per address), then, when the password was right, the two-step code too."""
    from django.contrib.auth import get_user_model
    from django.http import HttpRequest
    from django.test.client import ClientMixin

    request = HttpRequest()
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    credentials.setdefault("request", request)
    ok = ClientMixin.login(client, **credentials)
    if ok:
        user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
        mark_verified(client, user)
    return ok


def code_for(username):
    """The code the account's authenticator accepts now (demo key)."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from portal.demo import current_code

    user = get_user_model().objects.get(username=username)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return current_code(device)


def enter_code_if_asked(page, username):
    """After the password: on the two-step code page, type the current code."""
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/two-factor/verify/" in page.url:
        page.locator("#id_token").fill(code_for(username))
        page.locator("[data-testid=two-factor-verify] button[type=submit]").click()


def browser_login(page, base_url, username, password="demo"):
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    enter_code_if_asked(page, username)
    page.wait_for_url("**/dashboard/**")
    return page

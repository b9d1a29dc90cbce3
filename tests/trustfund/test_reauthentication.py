"""Awarding a grant asks for the password or a two-step code again when the
last one was given more than REAUTHENTICATE_AFTER_MINUTES ago — in pages
and in the API used with the browser's session."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from portal.demo import current_code
from trustfund.models import LedgerEntry

pytestmark = pytest.mark.django_db



def test_an_award_long_after_login_asks_for_the_password_again(scenario, client, settings):
    manager = scenario["manager"]
    url = reverse("trustfund:application-action", args=[scenario["mine"].pk, "award"])
    with freeze_time(timezone.now()) as clock:
        client.force_login(manager)
        clock.tick(datetime.timedelta(minutes=settings.REAUTHENTICATE_AFTER_MINUTES + 1))
        client.get("/dashboard/")  # still active: the session has not expired
        asked = client.post(url, {"amount_usd": "1200", "confirmed": "yes"})
        assert asked.status_code == 200
        page = asked.content.decode()
        assert 'data-testid="reauthenticate"' in page
        assert 'name="amount_usd" value="1200"' in page and 'name="confirmed"' not in page
        assert not LedgerEntry.objects.filter(kind="commitment").exists()

        wrong = client.post(url, {"amount_usd": "1200", "reauth_secret": "not-my-password"})
        assert wrong.status_code == 400
        right = client.post(url, {"amount_usd": "1200", "reauth_secret": "demo"}).content.decode()
        assert "Yes, award the grant" in right and "reauth_secret" not in right  # the confirmation comes next
        client.post(url, {"amount_usd": "1200", "confirmed": "yes"})
        assert LedgerEntry.objects.filter(kind="commitment").count() == 1


def test_the_authenticator_code_also_confirms_it_is_you(scenario, client, settings):
    manager = scenario["manager"]
    url = reverse("trustfund:application-action", args=[scenario["mine"].pk, "award"])
    with freeze_time(timezone.now()) as clock:
        client.force_login(manager)
        clock.tick(datetime.timedelta(minutes=settings.REAUTHENTICATE_AFTER_MINUTES + 1))
        client.get("/dashboard/")
        code = current_code(TOTPDevice.objects.get(user=manager, confirmed=True))
        page = client.post(url, {"amount_usd": "", "reauth_secret": code}).content.decode()
        assert "Yes, award the grant" in page


def test_the_api_award_with_an_old_session_is_refused_until_logging_in_again(scenario, client, settings):
    url = f"/api/v1/trustfund/applications/{scenario['mine'].pk}/award/"
    with freeze_time(timezone.now()) as clock:
        client.force_login(scenario["manager"])
        clock.tick(datetime.timedelta(minutes=settings.REAUTHENTICATE_AFTER_MINUTES + 1))
        client.get("/dashboard/")
        assert client.post(url, {}, content_type="application/json").status_code == 403
        client.force_login(scenario["manager"])
        assert client.post(url, {}, content_type="application/json").status_code == 200

"""Grant decisions are e-mailed in the recipient's language with a working
link; awards and cancellations ask for confirmation; the board's review
starts empty and opens pre-filled when changed."""

import pytest
from django.urls import reverse

from tests.utils_mail import SITE, assert_language, assert_link_works
from trustfund import services
from trustfund.models import BoardReview, LedgerEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_ngo(scenario):
    user = scenario["users"]["ngo"]
    user.preferred_language = "fr"
    user.save(update_fields=["preferred_language"])
    return user


@pytest.mark.parametrize("outcome, call", [
    ("awarded", lambda app, by: services.application_award(application=app, by=by)),
    ("refused", lambda app, by: services.application_reject(application=app, by=by, reason="Budget spent.")),
])
def test_a_grant_decision_is_emailed_in_the_recipients_language(
        scenario, french_ngo, client, settings, mailoutbox, django_capture_on_commit_callbacks, outcome, call):
    settings.SITE_URL = SITE
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call(scenario["mine"], scenario["manager"])
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in mailoutbox] == [[french_ngo.email]]
    message = mailoutbox[0]
    assert_language(message, "fr", "Bonjour")
    assert message.subject.startswith("Bourse de voyage accordée" if outcome == "awarded"
                                      else "Bourse de voyage non accordée")
    assert_link_works(client, french_ngo, message,
                      expect_path_start=f"/trustfund/applications/{scenario['mine'].pk}/")


def test_an_award_asks_for_confirmation_and_says_how_much(scenario, client):
    client.force_login(scenario["manager"])
    url = reverse("trustfund:application-action", args=[scenario["mine"].pk, "award"])
    first = client.post(url, {"amount_usd": ""})
    page = first.content.decode()
    assert first.status_code == 200 and "Yes, award the grant" in page
    assert str(scenario["mine"].requested_usd) in page
    assert not LedgerEntry.objects.filter(kind="commitment").exists()
    client.post(url, {"amount_usd": "", "confirmed": "yes"})
    assert LedgerEntry.objects.filter(kind="commitment").count() == 1


def test_a_cancellation_needs_a_reason_then_a_confirmation(scenario, client):
    services.application_award(application=scenario["mine"], by=scenario["manager"])
    client.force_login(scenario["manager"])
    url = reverse("trustfund:application-action", args=[scenario["mine"].pk, "cancel"])
    assert "Give the reason" in client.post(url, {"reason": ""}, follow=True).content.decode()
    assert "Yes, cancel the grant" in client.post(url, {"reason": "Visa refused."}).content.decode()
    scenario["mine"].refresh_from_db()
    assert scenario["mine"].state == "awarded"
    client.post(url, {"reason": "Visa refused.", "confirmed": "yes"})
    scenario["mine"].refresh_from_db()
    assert scenario["mine"].state == "cancelled"


def test_the_board_review_starts_empty_refuses_no_choice_and_reopens_prefilled(scenario, client):
    board = scenario["users"]["board"]
    client.force_login(board)
    detail = reverse("trustfund:application", args=[scenario["mine"].pk])
    page = client.get(detail).content.decode()
    assert page.count('<option value="" selected>— choose —</option>') == 2
    url = reverse("trustfund:application-action", args=[scenario["mine"].pk, "review"])
    refused = client.post(url, {"score": "", "recommendation": "", "comment": "Good"})
    assert refused.status_code == 400
    assert "Choose a score." in refused.content.decode() and "Choose a recommendation." in refused.content.decode()
    assert not BoardReview.objects.exists()
    client.post(url, {"score": "4", "recommendation": "waitlist", "comment": "Strong but late."})
    page = client.get(detail).content.decode()
    assert "Change your review" in page
    assert '<option value="4" selected>' in page and '<option value="waitlist" selected>' in page
    assert "Strong but late." in page

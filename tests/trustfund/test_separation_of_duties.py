"""Separation of duties in the trust fund, binding every account, the
superuser included: whoever reviewed an application cannot award it;
awards and payments above settings.TRUSTFUND_FOUR_EYES_USD need a second
person (one proposes, another confirms), kept as data and audited."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from portal.models import AuditEntry
from portal.roles import Role
from tests.factories import UserFactory
from trustfund import services
from trustfund.models import FourEyesApproval, LedgerEntry


@pytest.fixture
def low_limit(settings):
    settings.TRUSTFUND_FOUR_EYES_USD = 100
    return settings


def _second_manager():
    return UserFactory(role=Role.SECRETARIAT)


def test_whoever_reviewed_an_application_cannot_award_it(scenario):
    app, board = scenario["mine"], scenario["users"]["board"]
    services.application_review(application=app, by=board, score=4, recommendation="full")
    board.role = Role.SECRETARIAT  # even after moving to the fund manager's role
    board.save(update_fields=["role"])
    with pytest.raises(PermissionDenied):
        services.application_award(application=app, by=board)
    app.refresh_from_db()
    assert app.state == "submitted"
    services.application_award(application=app, by=scenario["manager"])
    app.refresh_from_db()
    assert app.state == "awarded"


def test_a_superuser_without_the_roles_can_neither_review_nor_award(scenario, client):
    root = UserFactory(role=Role.NGO, is_superuser=True, is_staff=True)
    app = scenario["mine"]
    with pytest.raises(PermissionDenied):
        services.application_review(application=app, by=root, score=5, recommendation="full")
    with pytest.raises(PermissionDenied):
        services.application_award(application=app, by=root)
    client.force_login(root)
    assert client.post(reverse("trustfund:application-action", args=[app.pk, "award"]),
                       {"confirmed": "yes"}).status_code in (403, 404)
    assert client.post(f"/api/v1/trustfund/applications/{app.pk}/review/",
                       {"score": 5, "recommendation": "full"}).status_code in (403, 404)
    assert client.post(f"/api/v1/trustfund/applications/{app.pk}/award/").status_code in (403, 404)
    app.refresh_from_db()
    assert (app.state, app.reviews.count()) == ("submitted", 0)


def test_an_award_above_the_threshold_is_proposed_then_confirmed_by_a_second_person(scenario, low_limit):
    app, first, second = scenario["mine"], scenario["manager"], _second_manager()
    services.application_award(application=app, by=first)
    app.refresh_from_db()
    approval = FourEyesApproval.objects.get(application=app)
    assert (app.state, approval.state, approval.amount_usd) == ("submitted", "pending", app.requested_usd)
    assert not LedgerEntry.objects.filter(application=app).exists()
    with pytest.raises(ValidationError):
        services.application_award(application=app, by=first)  # the same person cannot confirm
    services.approval_confirm(approval=approval, by=second)
    app.refresh_from_db()
    approval.refresh_from_db()
    assert (app.state, approval.state, approval.decided_by, app.awarded_usd) == (
        "awarded", "confirmed", second, app.requested_usd)
    actions = list(AuditEntry.objects.filter(object_id=str(app.pk), action__startswith="grant_application.award")
                   .order_by("pk").values_list("action", "actor"))
    assert actions == [("grant_application.award_proposed", first.pk), ("grant_application.award_confirmed", second.pk),
                       ("grant_application.award", second.pk)]


def test_the_confirmation_must_be_for_the_amount_proposed(scenario, low_limit):
    app = scenario["mine"]
    services.application_award(application=app, by=scenario["manager"], amount_usd="500")
    with pytest.raises(ValidationError) as exc:
        services.application_award(application=app, by=_second_manager(), amount_usd="600")
    assert "amount_usd" in exc.value.message_dict


def test_a_payment_above_the_threshold_needs_a_second_person(scenario, settings):
    app, first, second = scenario["mine"], scenario["manager"], _second_manager()
    services.application_award(application=app, by=first)  # below the default threshold: one person
    settings.TRUSTFUND_FOUR_EYES_USD = 10
    assert services.application_disburse(application=app, by=first, purpose="ticket", amount_usd="50") is None
    assert not LedgerEntry.objects.filter(application=app, kind="disbursement").exists()
    entry = services.approval_confirm(approval=FourEyesApproval.objects.get(kind="disbursement"), by=second)
    assert (entry.kind, entry.amount_usd, entry.created_by) == ("disbursement", Decimal("50.00"), second)


def test_amounts_at_or_below_the_threshold_take_one_person(scenario, low_limit):
    app = scenario["mine"]
    services.application_award(application=app, by=scenario["manager"], amount_usd="100")
    app.refresh_from_db()
    assert app.state == "awarded" and not FourEyesApproval.objects.exists()


def test_a_superuser_cannot_be_the_second_person_without_the_role(scenario, low_limit):
    app = scenario["mine"]
    services.application_award(application=app, by=scenario["manager"])
    root = UserFactory(role=Role.NGO, is_superuser=True, is_staff=True)
    with pytest.raises(PermissionDenied):
        services.approval_confirm(approval=FourEyesApproval.objects.get(), by=root)


def test_the_database_refuses_a_confirmation_by_the_proposer(scenario):
    from django.db import IntegrityError, transaction

    manager = scenario["manager"]
    approval = FourEyesApproval.objects.create(application=scenario["mine"], kind="award", amount_usd="20000",
                                               proposed_by=manager)
    approval.state, approval.decided_by = "confirmed", manager
    with pytest.raises(IntegrityError), transaction.atomic():
        approval.save()


def test_the_page_proposes_then_a_second_manager_confirms(scenario, client, low_limit):
    app, second = scenario["mine"], _second_manager()
    url = reverse("trustfund:application-action", args=[app.pk, "award"])
    client.force_login(scenario["manager"])
    response = client.post(url, {"confirmed": "yes"}, follow=True)
    assert "a second person must confirm it" in response.content.decode()
    page = client.get(reverse("trustfund:application", args=[app.pk])).content.decode()
    assert 'data-testid="four-eyes"' in page and "confirm-approval" not in page  # not the proposer's to confirm
    approval = FourEyesApproval.objects.get()
    client.force_login(second)
    page = client.get(reverse("trustfund:application", args=[app.pk])).content.decode()
    assert "confirm-approval" in page
    confirm = reverse("trustfund:application-action", args=[app.pk, "confirm-approval"])
    assert client.post(confirm, {"approval": approval.pk}).status_code == 200  # the confirmation page
    client.post(confirm, {"approval": approval.pk, "confirmed": "yes"})
    app.refresh_from_db()
    assert app.state == "awarded"


def test_the_api_answers_202_for_a_proposal_and_200_once_confirmed(scenario, client, low_limit):
    app = scenario["mine"]
    client.force_login(scenario["manager"])
    assert client.post(f"/api/v1/trustfund/applications/{app.pk}/award/").status_code == 202
    client.force_login(_second_manager())
    response = client.post(f"/api/v1/trustfund/applications/{app.pk}/award/")
    assert (response.status_code, response.json()["state"]) == (200, "awarded")

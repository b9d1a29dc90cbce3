import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from partnerships import services
from partnerships.models import Inquiry, RoutingRule
from portal import outbox
from portal.models import AuditEntry
from portal.roles import Role
from tests.partnerships.factories import OrganisationFactory, inquiry, member, units_and_rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    return units_and_rules()


@pytest.fixture
def ngo(make_user):
    org = OrganisationFactory(name="Nairobi Health Network")
    return member(make_user(role=Role.NGO), org), org


@pytest.mark.parametrize(("topic", "subject", "unit"), [
    ("accreditation", "Our application", "accreditation"),
    ("meetings", "When is our quadrennial report due?", "accreditation"),   # keyword rule comes first
    ("elected", "Mayors at the hearing", "elected-reps"),
    ("other", "Une question du Parlement", "elected-reps"),               # keyword, accents ignored
    ("policy", "Code of conduct", "ngo-policy"),
    ("information", "Calendar", "ngo-liaison"),                           # catch-all
])
def test_inquiries_are_routed_by_the_rules_in_order(units, topic, subject, unit):
    routed, _rule = services.route(topic=topic, text=subject)
    assert routed.code == unit


def test_changing_a_rule_changes_the_routing(units):
    RoutingRule.objects.filter(topic="policy").update(unit=units["ngo-liaison"])
    assert services.route(topic="policy", text="x")[0].code == "ngo-liaison"


def test_submission_is_acknowledged_at_once_and_by_email_after_commit(units, ngo, django_capture_on_commit_callbacks):
    user, org = ngo
    with django_capture_on_commit_callbacks(execute=True):
        inq = services.inquiry_submit(organisation=org, by=user, topic="accreditation", subject="Status?",
                                      message="Where is our application?")
    assert inq.state == "received"
    assert inq.acknowledged_at is not None
    assert inq.unit.code == "accreditation"
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert inq.reference in mail.outbox[0].subject
    assert "Accreditation Unit" in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="inquiry.submit").count() == 1
    inq.refresh_from_db()
    assert inq.acknowledgement_sent_at is not None
    assert outbox.relay()["sent"] == 0  # a second delivery sends nothing
    assert len(mail.outbox) == 1


def test_an_ngo_writes_only_for_its_own_organisation(units, ngo, make_user):
    user, _org = ngo
    other = OrganisationFactory(name="Someone else")
    with pytest.raises(PermissionDenied):
        services.inquiry_submit(organisation=other, by=user, topic="other", subject="s", message="m")
    with pytest.raises(PermissionDenied):
        services.inquiry_submit(organisation=other, by=make_user(role=Role.SECRETARIAT), topic="other",
                                subject="s", message="m")


def test_empty_inquiry_is_refused_with_field_errors(units, ngo):
    user, org = ngo
    with pytest.raises(ValidationError) as exc:
        services.inquiry_submit(organisation=org, by=user, topic="nonsense", subject=" ", message="")
    assert set(exc.value.error_dict) == {"topic", "subject", "message"}
    assert Inquiry.objects.count() == 0


def test_the_conversation_runs_through_the_workflow(units, ngo, make_user, django_capture_on_commit_callbacks):
    user, org = ngo
    staff = make_user(role=Role.SECRETARIAT)
    inq = services.inquiry_submit(organisation=org, by=user, topic="other", subject="s", message="m")
    inq = services.inquiry_transition(inquiry=inq, by=staff, transition="take")
    assert (inq.state, inq.assigned_to) == ("in_progress", staff)
    with django_capture_on_commit_callbacks(execute=True):
        inq = services.inquiry_transition(inquiry=inq, by=staff, transition="ask", text="Which session?")
    assert inq.state == "awaiting_ngo"
    assert "We need information from you" in mail.outbox[-1].body
    with pytest.raises(PermissionDenied):
        services.inquiry_transition(inquiry=inq, by=staff, transition="reply", text="not mine")
    inq = services.inquiry_transition(inquiry=inq, by=user, transition="reply", text="The resumed session")
    inq = services.inquiry_transition(inquiry=inq, by=staff, transition="answer", text="It is listed.")
    inq = services.inquiry_transition(inquiry=inq, by=user, transition="close")
    assert inq.state == "closed"
    assert [m.from_staff for m in inq.messages.all()] == [True, False, True]
    with pytest.raises(ValidationError):
        services.inquiry_transition(inquiry=inq, by=staff, transition="answer", text="again")


def test_answering_needs_a_text(units, ngo, make_user):
    user, org = ngo
    inq = services.inquiry_submit(organisation=org, by=user, topic="other", subject="s", message="m")
    with pytest.raises(ValidationError):
        services.inquiry_transition(inquiry=inq, by=make_user(role=Role.SECRETARIAT), transition="answer", text="")


def test_ngo_sees_its_state_and_another_ngos_inquiry_is_not_found(client, units, ngo, make_user):
    user, org = ngo
    mine = inquiry(org, user, units["ngo-liaison"], state="awaiting_ngo")
    stranger = member(make_user(role=Role.NGO), OrganisationFactory(name="Other NGO"))
    theirs = inquiry(stranger.organisations.get(), stranger, units["ngo-liaison"])
    client.force_login(user)
    response = client.get(reverse("partnerships:inquiry-detail", args=[mine.pk]))
    assert "We need information from you" in response.content.decode()
    assert client.get(reverse("partnerships:inquiry-detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("partnerships:inquiry-detail", args=[theirs.pk]),
                       {"transition": "close"}).status_code == 404
    assert [i.pk for i in client.get(reverse("partnerships:inquiry-list")).context["page"]] == [mine.pk]


def test_staff_queue_lists_open_inquiries_oldest_first(client, units, ngo, make_user):
    import datetime

    from django.utils import timezone

    user, org = ngo
    now = timezone.now()
    newer = inquiry(org, user, units["ngo-liaison"], created_at=now - datetime.timedelta(days=1))
    older = inquiry(org, user, units["accreditation"], created_at=now - datetime.timedelta(days=9))
    inquiry(org, user, units["accreditation"], state="answered", created_at=now - datetime.timedelta(days=20))
    client.force_login(make_user(role=Role.SECRETARIAT))
    page = client.get(reverse("partnerships:inquiry-queue")).context["page"]
    assert [(i.pk, i.age_days) for i in page] == [(older.pk, 9), (newer.pk, 1)]
    page = client.get(reverse("partnerships:inquiry-queue"), {"unit": "accreditation"}).context["page"]
    assert [i.pk for i in page] == [older.pk]


def test_new_inquiry_page_shows_the_reference_on_screen(client, units, ngo):
    user, org = ngo
    client.force_login(user)
    response = client.post(reverse("partnerships:inquiry-new"),
                           {"organisation": org.pk, "topic": "accreditation", "subject": "Status",
                            "message": "Where is it?"}, follow=True)
    inq = Inquiry.objects.get()
    assert inq.reference in response.content.decode()
    assert "Accreditation Unit" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("topic", "subject", "unit"), [
    ("other", "Joining the Global Compact", "global-compact"),
    ("other", "A foundation wants to fund a programme", "unfip"),
    ("other", "Question about UNFIP grants", "unfip"),
    ("private_sector", "Partnership", "private-sector"),
    ("information", "Our business association", "private-sector"),
])
def test_the_shipped_rules_route_the_private_sector_to_the_partnerships_office_core(topic, subject, unit):
    from partnerships.models import RoutingRule, Unit
    from partnerships.reference import ROUTING_RULES, UNITS

    units = {code: Unit.objects.create(code=code, name=name, description=text) for code, name, text in UNITS}
    RoutingRule.objects.bulk_create([RoutingRule(position=p, topic=t, keyword=k, unit=units[u])
                                     for p, t, k, u in ROUTING_RULES])
    routed, _rule = services.route(topic=topic, text=subject)
    assert routed.code == unit

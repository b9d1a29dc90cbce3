import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from portal.models import AuditEntry
from portal.workflow import State, Transition, TransitionNotAllowed, Workflow

flow = Workflow(
    name="demoflow",
    field="first_name",
    states=[State("draft", "Draft", "Being prepared"), State("sent", "Sent", "Received"),
            State("closed", "Closed", "Closed", terminal=True)],
    transitions=[
        Transition("send", ("draft",), "sent", "Send", allowed=lambda user, obj: user == obj),
        Transition("close", ("sent",), "closed", "Close", allowed=lambda user, obj: True, requires_reason=True),
    ],
)


def test_a_workflow_refuses_transitions_to_unknown_states():
    with pytest.raises(ValueError):
        Workflow(name="bad", field="x", states=[State("a", "A", "A")],
                 transitions=[Transition("go", ("a",), "nowhere", "Go")])


@pytest.mark.django_db
def test_fire_checks_state_permission_and_reason_then_saves_and_audits(make_user):
    owner, other = make_user(first_name="draft"), make_user()
    with pytest.raises(PermissionDenied), transaction.atomic():
        flow.fire(owner, "send", by=other)
    with pytest.raises(TransitionNotAllowed), transaction.atomic():
        flow.fire(owner, "close", by=owner, reason="x")
    with transaction.atomic():
        flow.fire(owner, "send", by=owner)
    with pytest.raises(ValidationError), transaction.atomic():
        flow.fire(owner, "close", by=owner, reason=" ")
    owner.refresh_from_db()
    assert owner.first_name == "sent"
    entry = AuditEntry.objects.for_object(owner).get()
    assert (entry.action, entry.from_state, entry.to_state, entry.actor) == ("demoflow.send", "draft", "sent", owner)
    assert [t.name for t in flow.available(owner, owner)] == ["close"]
    assert flow.public_label("sent") == "Received"

"""Workflows as data, with one door for every transition.

An app's workflow.py declares its states (internal label and the label the
NGO sees) and its transitions (from which states, to which, who may fire
them). Services call `Workflow.fire`, which vetoes, saves and audits in the
caller's transaction; nothing else sets a state field.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .audit import audit


@dataclass(frozen=True)
class State:
    value: str
    label: str
    public_label: str
    terminal: bool = False


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: str
    # who may fire it: a predicate (user, obj) -> bool, e.g. from rules.py
    allowed: Callable = field(default=lambda user, obj: False)
    requires_reason: bool = False


class TransitionNotAllowed(ValidationError):
    pass


# Every workflow by name, so the audit trail can put its transitions and states in words.
WORKFLOWS: dict[str, "Workflow"] = {}


class Workflow:
    def __init__(self, *, name: str, field: str, states: list[State], transitions: list[Transition],
                 on_change: Callable | None = None):
        self.name = name
        self.field = field
        # Called after every transition, in the caller's transaction, with
        # (obj, transition, from_state): e.g. to queue the e-mail telling the NGO.
        self.on_change = on_change
        self.states = {s.value: s for s in states}
        self.transitions = {t.name: t for t in transitions}
        WORKFLOWS[name] = self
        for t in transitions:
            unknown = {*t.sources, t.target} - set(self.states)
            if unknown:
                raise ValueError(f"{name}.{t.name} names unknown states {unknown}")

    @property
    def choices(self):
        return [(s.value, s.label) for s in self.states.values()]

    def state_of(self, obj) -> State:
        return self.states[getattr(obj, self.field)]

    def public_label(self, value: str) -> str:
        return str(self.states[value].public_label)

    def label(self, value: str) -> str:
        return str(self.states[value].label)

    def can_fire(self, obj, name: str, user) -> bool:
        t = self.transitions[name]
        return getattr(obj, self.field) in t.sources and bool(t.allowed(user, obj))

    def available(self, obj, user) -> list[Transition]:
        return [t for t in self.transitions.values() if self.can_fire(obj, t.name, user)]

    def fire(self, obj, name: str, *, by, reason: str = "", data: dict | None = None,
             check_permission: bool = True, update_fields: tuple[str, ...] = ()):
        """Move `obj` along transition `name`. Call inside the service's
        transaction, on a row the service has locked."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Workflow.fire must run inside a transaction")
        t = self.transitions[name]
        current = getattr(obj, self.field)
        # Who may act is asked first: a caller without the right learns nothing about the item's state.
        if check_permission and not t.allowed(by, obj):
            raise PermissionDenied(_("You may not do “%(action)s” here.") % {"action": t.label})
        if current not in t.sources:
            raise TransitionNotAllowed(
                _("“%(action)s” is not possible while the item is “%(state)s”.")
                % {"action": t.label, "state": self.label(current)},
                code="invalid_state",
            )
        if t.requires_reason and not (reason or "").strip():
            raise ValidationError({"reason": _("A reason is required.")}, code="required")
        setattr(obj, self.field, t.target)
        obj.save(update_fields=[self.field, *update_fields] if obj.pk else None)
        audit(actor=by, action=f"{self.name}.{t.name}", obj=obj, from_state=current,
              to_state=t.target, reason=reason, data=data)
        if self.on_change is not None:
            self.on_change(obj, t, current)
        return obj

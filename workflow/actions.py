"""One declaration per action.

Every action a user can take on a case is declared once, by the ``@action(...)`` decorator on
its service function: its label, and for a transition of the state machine its input
serializer (the API payload, which also validates the web form's), its web form, the letters
it issues and the message for a guard that forbids it now. The API, the web views, letter
issuing, the case page, the state diagram and the case file's audit trail all read
:data:`ACTIONS`; nothing else keeps a table keyed by action name.

Who may take an action is its policy: for a transition the ``permission=`` of the machine's
transition (``workflow.permissions``), for any other action the ``policy=`` declared here (none:
a step the system takes itself, such as building the case file). The services check it
themselves; the edges ask :meth:`Action.allowed` first only to answer 403 before they parse.

Adding a transition: a ``@transition`` method on ``workflow.machine.CaseStateMachine``, its
serializer and form, and the service with its ``@action(...)``;
``tests/workflow/test_actions.py`` fails until all of them agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from workflow.machine import TRANSITION_NAMES, transition_permission


@dataclass(frozen=True)
class Action:
    name: str  # the event it records; for a transition, the machine's method
    label: str
    service: Callable[..., Any]
    serializer: type | None = None
    form: type | None = None
    # (case, payload, actor) -> the LetterOrders to issue, inside the action's transaction.
    letters: Callable[..., list] | None = None
    conflict: str = ""  # why the transition's guard forbids it now (409)
    policy: Callable[[Any, Any], bool] | None = None  # (subject, user) for non-transitions
    # (case) -> whether the case page offers the transition now, beyond the machine's guards:
    # a limit that depends on the date of the act (checked by the service against that date)
    # hides the form once it has passed today.
    offered: Callable[[Any], bool] | None = None

    @property
    def is_transition(self) -> bool:
        return self.name in TRANSITION_NAMES

    @property
    def is_system_step(self) -> bool:
        """Done by the system itself after an action (no user takes it): no policy."""
        return not self.is_transition and self.policy is None

    def allowed(self, subject, user) -> bool:
        """Whether ``user`` may ever take this action on ``subject`` (a case, for a
        transition), whatever its state."""
        policy = transition_permission(self.name) if self.is_transition else self.policy
        return policy is not None and bool(policy(subject, user))

    def fire(self, *, case, actor, data: dict):
        """Run the service with a payload its serializer validated."""
        return self.service(case=case, actor=actor, **data)


ACTIONS: dict[str, Action] = {}


def action(*, label: str, name: str = "", **declared) -> Callable:
    """Declare the decorated service as the action ``name`` (default: the function's name)."""

    def declare(service: Callable) -> Callable:
        key = name or service.__name__
        if key in ACTIONS:
            raise ImproperlyConfigured(f"action {key!r} is declared twice")
        ACTIONS[key] = Action(name=key, label=label, service=service, **declared)
        return service

    return declare


def transition_action(name: str) -> Action | None:
    """The declaration of the transition ``name``; None for anything else."""
    return ACTIONS.get(name) if name in TRANSITION_NAMES else None


def transition_actions() -> list[Action]:
    """Every transition's declaration, in workflow order."""
    return [ACTIONS[name] for name in TRANSITION_NAMES]


def available_actions(case, user) -> list[Action]:
    """The transitions ``user`` may fire on ``case`` now, in workflow order."""
    available = {t.name for t in case.get_available_user_status_transitions(user)}
    return [a for a in transition_actions() if a.name in available]


def offered_actions(case, user) -> list[Action]:
    """The transitions the case page offers ``user`` now: those available whose date limit
    (``offered``) has not passed."""
    return [a for a in available_actions(case, user) if a.offered is None or a.offered(case)]


def event_label(name: str) -> str:
    """The label of an audit event: the label of the action that recorded it."""
    declared = ACTIONS.get(name)
    return declared.label if declared is not None else name

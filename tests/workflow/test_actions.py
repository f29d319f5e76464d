"""The action declarations (workflow.actions) agree with the state machine: every transition is
declared once, completely, and nothing is declared that the machine does not know."""

import inspect

import pytest
from rest_framework import serializers

from letters.kinds import KINDS
from workflow.actions import ACTIONS, available_actions, event_label, transition_actions
from workflow.forms import ActionForm
from workflow.machine import TRANSITION_NAMES, transition_conditions, transition_permission


def test_every_transition_is_declared_in_workflow_order():
    assert [a.name for a in transition_actions()] == list(TRANSITION_NAMES)


@pytest.mark.parametrize("declared", transition_actions(), ids=lambda a: a.name)
def test_every_transition_declaration_is_complete(declared):
    assert str(declared.label).strip()
    assert issubclass(declared.serializer, serializers.Serializer)
    assert issubclass(declared.form, ActionForm)
    assert declared.service.__name__ == declared.name  # the service is the action
    # A transition with a guard says why the guard forbids it; one without has nothing to say.
    assert bool(declared.conflict) == bool(transition_conditions(declared.name))
    # Who may fire it is the machine's permission=, never a second policy here.
    assert declared.policy is None and transition_permission(declared.name) is not None
    if declared.letters is not None:
        assert list(inspect.signature(declared.letters).parameters) == ["case", "payload", "actor"]


def test_the_serializers_fields_are_the_services_arguments():
    for declared in transition_actions():
        parameters = inspect.signature(declared.service).parameters
        accepted = set(parameters) - {"case", "actor"}
        fields = set(declared.serializer().fields)
        if declared.name in ("submit_reply", "reply_on_the_spot"):
            # the decision's elements arrive as one argument
            fields = fields - set(declared.serializer.DETAILS) | {"details"}
        assert fields == accepted, declared.name


def test_other_actions_have_a_label_and_a_policy():
    system = {a.name for a in ACTIONS.values() if a.is_system_step}
    assert system == {"build_case_file"}
    others = [a for a in ACTIONS.values() if not a.is_transition and not a.is_system_step]
    assert {a.name for a in others} >= {
        "register",
        "correct_registration",
        "respond_task",
        "answer_consultation",
        "reissue_letter",
        "archive_note",
        "record_review",
        "decide_review",
    }
    for declared in others:
        assert str(declared.label).strip() and callable(declared.policy), declared.name
        assert declared.serializer is None and declared.form is None and not declared.conflict


def test_the_letters_an_action_issues_are_known_kinds(agency, clerk, handler, approver):
    """Walk a case through the letter-issuing transitions; every letter is of a declared kind."""
    from datetime import date

    from tests.cases.helpers import make_case
    from workflow import services

    case = make_case(agency, clerk)
    services.submit_reply(case=case, actor=handler, decision="unavailable.not_held", text="无")
    services.approve_reply(case=case, actor=approver, issued_on=date(2023, 8, 1))
    assert set(case.letters.values_list("kind", flat=True)) <= set(KINDS)


def test_event_labels_come_from_the_declarations():
    assert event_label("assign") == ACTIONS["assign"].label
    assert event_label("register") == "登记"
    assert event_label("no_such_event") == "no_such_event"


@pytest.mark.django_db
def test_available_actions_follow_the_role(agency, clerk, handler, approver, auditor):
    from tests.cases.helpers import make_case

    case = make_case(agency, clerk)
    assert "assign" in {a.name for a in available_actions(case, handler)}
    assert "assign" not in {a.name for a in available_actions(case, clerk)}
    assert available_actions(case, auditor) == []

"""A task's due date may not be after the case's reply_due (refused next to its field)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from tests.cases.helpers import make_case
from workflow import services

pytestmark = pytest.mark.django_db


def test_a_task_due_after_the_reply_is_due_is_refused(agency, clerk, handler, department_a):
    case = make_case(agency, clerk)
    case.refresh_from_db()
    assert case.reply_due is not None
    with pytest.raises(ValidationError) as refused:
        services.assign(
            case=case, actor=handler, assigned_on=case.first_received_on,
            tasks=[{"department": department_a.pk, "instructions": "查",
                    "due_on": case.reply_due + timedelta(days=1)}],
        )
    assert "tasks.0.due_on" in refused.value.message_dict
    assert not case.tasks.exists()

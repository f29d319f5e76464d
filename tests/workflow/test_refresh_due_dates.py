from datetime import date

import pytest
from django.core.management import call_command

from cases.models import Case
from tests.cases.helpers import make_case
from workflow import services

pytestmark = pytest.mark.django_db


def test_daily_refresh_moves_the_due_date_of_a_paused_case(agency, handler, capsys):
    case = make_case(agency, handler)
    services.consult(case=case, actor=handler, parties=[
        {"kind": "third_party", "name": "某公司", "sent_on": date(2023, 7, 21)}])
    # A third party's silence pauses the clock only up to its deadline; an open pause would
    # run to today. Make the stored date stale, as a day passing would.
    Case.objects.filter(pk=case.pk).update(reply_due=date(2023, 8, 1))
    call_command("refresh_due_dates")
    assert "1 open case(s)" in capsys.readouterr().out
    assert Case.objects.get(pk=case.pk).reply_due > date(2023, 8, 11)

import pytest

from rules.states import Status
from workflow.diagram import edges, state_diagram_svg
from workflow.machine import TRANSITION_NAMES, transition_graph


def test_every_state_changing_transition_is_an_arrow():
    drawn = {name for names in edges().values() for name in names}
    changing = {name for source, name, target in transition_graph() if source != target}
    assert drawn == changing
    assert {"extend", "record_delivery"} <= set(TRANSITION_NAMES) - drawn  # self-loops only


def test_every_state_is_a_box_and_the_current_one_is_marked():
    svg = state_diagram_svg(Status.CONSULTING)
    for status in Status:
        assert f">{status.label}</text>" in svg
    assert svg.count('aria-current="step"') == 1
    assert 'class="state current" aria-current="step"><rect' in svg
    assert svg.index('aria-current="step"') < svg.index(">征求意见</text>")




@pytest.mark.django_db
def test_case_page_shows_the_diagram(client, agency, handler):
    from tests.cases.helpers import make_case

    case = make_case(agency, handler)
    client.force_login(handler)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'class="state-diagram"' in html and 'aria-current="step"' in html

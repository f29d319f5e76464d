"""What letters do with domain events, after the commit (``workflow.events``)."""

from letters import rendering
from letters.bundle import compose
from workflow.events import subscriber
from workflow.models import Event


@subscriber()
def render_letters(event: Event) -> None:
    """Any action may have issued letters: render those of its case still without a PDF."""
    rendering.render_pending(event.case_id)


@subscriber("archive")
def build_case_file(event: Event) -> None:
    """The archived case's file (一件一档), built once after the commit."""
    compose.build_pending(event.case_id)

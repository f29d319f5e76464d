"""The workflow as an SVG state diagram, generated from the transition definitions, with the
case's current state highlighted. Only the placement of the boxes is fixed here; every arrow
comes from ``workflow.machine.transition_graph()``."""

from django.utils.html import escape

from rules.states import Status
from workflow.actions import ACTIONS
from workflow.machine import transition_graph

# (column, row) of each state's box: the main path on row 0, side states below it.
PLACES = {
    Status.REGISTERED: (0, 0),
    Status.ASSISTING: (1, 0),
    Status.CONSULTING: (2, 0),
    Status.DRAFTING: (3, 0),
    Status.PENDING_APPROVAL: (4, 0),
    Status.REPLIED: (5, 0),
    Status.ARCHIVED: (6, 0),
    Status.AWAITING_CORRECTION: (0, 1),
    Status.AWAITING_FEE: (3, 1),
    Status.CLOSED: (5, 1),
}
BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 96, 34, 36, 64, 12
ARC = 44  # room above and below the boxes for arrows that skip over a neighbour


def _centre(state: str) -> tuple[float, float]:
    col, row = PLACES[state]
    return PAD + col * (BOX_W + GAP_X) + BOX_W / 2, ARC + row * (BOX_H + GAP_Y) + BOX_H / 2


def _edge_end(x1, y1, x2, y2) -> tuple[float, float]:
    """Where the line from (x1, y1) to (x2, y2) meets the target box's border."""
    dx, dy = x2 - x1, y2 - y1
    scale = min(
        (BOX_W / 2) / abs(dx) if dx else float("inf"),
        (BOX_H / 2) / abs(dy) if dy else float("inf"),
    )
    return x2 - dx * scale, y2 - dy * scale


def _path(source: str, target: str) -> str:
    """A straight arrow between neighbours; an arc over (row 0) or under (row 1) the boxes
    when it would otherwise cross the boxes in between."""
    (c1, r1), (c2, r2) = PLACES[source], PLACES[target]
    x1, y1 = _centre(source)
    x2, y2 = _centre(target)
    if r1 == r2 and abs(c2 - c1) > 1:
        side = -1 if r1 == 0 else 1
        edge_y = y1 + side * BOX_H / 2
        lift = side * min(ARC - 8, 8 + 7 * abs(c2 - c1))
        sx, ex = x1 + (8 if c2 > c1 else -8), x2 - (8 if c2 > c1 else -8)
        return (
            f"M{sx:.1f},{edge_y:.1f} C{sx:.1f},{edge_y + lift * 4 / 3:.1f} "
            f"{ex:.1f},{edge_y + lift * 4 / 3:.1f} {ex:.1f},{edge_y:.1f}"
        )
    sx, sy = _edge_end(x2, y2, x1, y1)
    ex, ey = _edge_end(x1, y1, x2, y2)
    return f"M{sx:.1f},{sy:.1f} L{ex:.1f},{ey:.1f}"


def edges() -> dict[tuple[str, str], list[str]]:
    """(source, target) → transition names, self-loops left out."""
    found: dict[tuple[str, str], list[str]] = {}
    for source, name, target in transition_graph():
        if source != target:
            found.setdefault((source, target), []).append(name)
    return found


def state_diagram_svg(current: str | None = None) -> str:
    width = PAD * 2 + 7 * BOX_W + 6 * GAP_X
    height = ARC * 2 + 2 * BOX_H + GAP_Y
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="state-diagram" role="img" aria-labelledby="state-diagram-title">',
        '<title id="state-diagram-title">办理流程图</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" '
        'fill="#6b7885"/></marker></defs>',
    ]
    for (source, target), names in edges().items():
        labels = "、".join(str(ACTIONS[n].label) for n in names)
        css = "edge minor" if names == ["withdraw"] else "edge"
        parts.append(
            f'<path class="{css}" d="{_path(source, target)}" fill="none" '
            f'marker-end="url(#arrow)"><title>{escape(labels)}</title></path>'
        )
    for state, (col, row) in PLACES.items():
        x = PAD + col * (BOX_W + GAP_X)
        y = ARC + row * (BOX_H + GAP_Y)
        css = "state current" if state == current else "state"
        aria = ' aria-current="step"' if state == current else ""
        parts.append(
            f'<g class="{css}"{aria}><rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" '
            f'rx="5"/><text x="{x + BOX_W / 2}" y="{y + BOX_H / 2 + 5}" '
            f'text-anchor="middle">{escape(str(Status(state).label))}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)

"""The append-only, hash-chained audit trail of a case."""

from django.utils import timezone

from workflow.events import publish
from workflow.models import Event

GENESIS_HASH = "0" * 64


def record_event(
    case,
    *,
    actor,
    name: str,
    source: str,
    target: str,
    payload: dict | None = None,
    note: str = "",
) -> Event:
    """Append one event. The caller holds the case row lock, so ``seq`` cannot collide. Once the
    transaction commits, the event goes to its subscribers (``workflow.events``)."""
    last = case.events.order_by("-seq").only("seq", "hash").first()
    event = Event(
        case=case,
        seq=(last.seq + 1) if last else 1,
        actor=actor,
        at=timezone.now().replace(microsecond=0),
        name=name,
        source=source,
        target=target,
        payload=payload or {},
        note=note,
        prev_hash=last.hash if last else GENESIS_HASH,
    )
    event.hash = event.compute_hash()
    event.save()
    publish(event)
    return event


def verify_chain(events) -> list[str]:
    """Recompute the chain of one case's events (oldest first); return the problems found."""
    problems = []
    prev = GENESIS_HASH
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            problems.append(f"办理记录序号不连续：期望第{expected_seq}条，实际为第{event.seq}条")
        if event.prev_hash != prev:
            problems.append(f"第{event.seq}条办理记录的前序哈希与上一条不符")
        if event.compute_hash() != event.hash:
            problems.append(f"第{event.seq}条办理记录的内容与其哈希不符（记录被改动）")
        prev = event.hash
    return problems

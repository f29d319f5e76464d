"""The append-only, keyed, hash-chained audit trail of a case (``workflow.chain``)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from workflow.chain import CHAIN_VERSION, GENESIS_HASH, LEGACY_VERSION, matches
from workflow.events import publish
from workflow.models import Event, LegacyChainSeal
from workflow.snapshot import case_state

__all__ = ["GENESIS_HASH", "record_event", "verify_chain"]


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
    """Append one event, sealing the case's record as it now stands (``workflow.snapshot``).
    The caller holds the case row lock, so ``seq`` cannot collide, and has written the rows the
    action changes. Once the transaction commits, the event goes to its subscribers
    (``workflow.events``)."""
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
        version=CHAIN_VERSION,
        state=case_state(case.pk),
        prev_hash=last.hash if last else GENESIS_HASH,
    )
    event.hash = event.compute_hash()
    event.save()
    publish(event)
    return event


def _legacy_problems(events, seal) -> list[str]:
    """Version-1 events verify only up to the head their keyed seal recorded."""
    legacy = [e for e in events if e.version == LEGACY_VERSION]
    if not legacy:
        return []
    if seal is None or not matches(
        seal.mac, LegacyChainSeal.compute_mac(seal.case_id, seal.seq, seal.hash)
    ):
        return [_("旧格式（无密钥）的办理记录没有有效的封存凭证（记录被改写）。")]
    problems = []
    head = next((e for e in events if e.seq == seal.seq), None)
    if head is None or head.version != LEGACY_VERSION or head.hash != seal.hash:
        problems.append(_("旧格式办理记录与封存时的记录不符（记录被改写或删除）。"))
    if any(e.seq > seal.seq for e in legacy):
        problems.append(_("封存之后出现了旧格式（无密钥）的办理记录（记录被改写）。"))
    return problems


def verify_chain(events, *, legacy_seal=None) -> list[str]:
    """Recompute the chain of one case's events (oldest first); return the problems found.
    ``legacy_seal``: the case's :class:`LegacyChainSeal`, if it has version-1 events."""
    problems = []
    prev = GENESIS_HASH
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            problems.append(f"办理记录序号不连续：期望第{expected_seq}条，实际为第{event.seq}条")
        if event.prev_hash != prev:
            problems.append(f"第{event.seq}条办理记录的前序哈希与上一条不符")
        if event.version not in (LEGACY_VERSION, CHAIN_VERSION) or not matches(
            event.compute_hash(), event.hash
        ):
            problems.append(f"第{event.seq}条办理记录的内容与其哈希不符（记录被改动）")
        prev = event.hash
    return problems + _legacy_problems(events, legacy_seal)

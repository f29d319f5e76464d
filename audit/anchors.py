"""Daily anchors of the chains (README "Integrity").

A keyed chain shows any edit inside it, but not its own end cut off: a whole case deleted with
its events, or the newest events or reads removed, leaves chains that still verify. The anchor
records, per agency, how far every chain reached (``anchor_chains``, daily from cron or Celery
beat), in an append-only, keyed and chained table; exported by the platform admin (Django admin
"办理记录锚点", or ``anchor_chains --file``) it lives outside the database too.
``verify_integrity --anchors`` then checks that every case chain still contains its last
anchored head, that every agency's read log still reaches its anchored head, that the anchors
themselves are intact and, given an exported file, that none of them has gone.

Everything streams (``iterator()``), so anchoring and verifying stay in constant memory.
"""

import csv
import hashlib
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from audit.models import AnchoredHead, AuditView, ChainAnchor
from workflow.chain import GENESIS_HASH, canonical, matches
from workflow.models import Event

CHUNK = 2000
CSV_FIELDS = (
    "agency_id",
    "agency",
    "seq",
    "created_at",
    "cases",
    "heads_digest",
    "read_seq",
    "read_hash",
    "prev_hash",
    "hash",
)


def _heads(agency):
    """Every case's last event in the agency, with the seq last anchored for that case."""
    later = Event.objects.filter(case_id=OuterRef("case_id"), seq__gt=OuterRef("seq"))
    anchored = AnchoredHead.objects.filter(case_id=OuterRef("case_id")).order_by("-anchor_id")
    return (
        Event.objects.filter(case__agency=agency)
        .filter(~Exists(later))
        .annotate(anchored_seq=Subquery(anchored.values("seq")[:1]))
        .order_by("case_id")
        .values_list("case_id", "case__number", "seq", "hash", "anchored_seq")
    )


def anchor_agency(agency) -> ChainAnchor:
    """Take one anchor of the agency's chains now."""
    with transaction.atomic():
        # The agency's row lock: one anchor at a time, and the read log holds still meanwhile.
        Agency.objects.select_for_update().only("pk").get(pk=agency.pk)
        last = ChainAnchor.objects.filter(agency=agency).order_by("-seq").first()
        read = AuditView.objects.filter(agency=agency).order_by("-seq").only("seq", "hash").first()
        anchor = ChainAnchor(
            agency=agency,
            seq=(last.seq + 1) if last else 1,
            created_at=timezone.now().replace(microsecond=0),
            cases=0,
            heads_digest="",
            read_seq=read.seq if read else 0,
            read_hash=read.hash if read else GENESIS_HASH,
            prev_hash=last.hash if last else GENESIS_HASH,
        )
        digest, moved = hashlib.sha256(), []
        for case_id, number, seq, head, anchored_seq in _heads(agency).iterator(CHUNK):
            anchor.cases += 1
            digest.update(canonical([case_id, seq, head]) + b"\n")
            if anchored_seq != seq:
                moved.append((case_id, number, seq, head))
        anchor.heads_digest = digest.hexdigest()
        anchor.hash = anchor.compute_hash()
        anchor.save()
        for start in range(0, len(moved), CHUNK):
            AnchoredHead.objects.bulk_create(
                AnchoredHead(anchor=anchor, case_id=c, number=n, seq=s, hash=h)
                for c, n, s, h in moved[start : start + CHUNK]
            )
    return anchor


def anchor_chains() -> list[ChainAnchor]:
    return [anchor_agency(agency) for agency in Agency.objects.order_by("pk")]


def anchor_problems() -> Iterator[str]:
    yield from _anchor_chain_problems()
    yield from _missing_case_heads()
    yield from _missing_read_heads()


def _anchor_chain_problems() -> Iterator[str]:
    agency_id, prev, expected = None, GENESIS_HASH, 1
    anchors = ChainAnchor.objects.select_related("agency").order_by("agency_id", "seq")
    for anchor in anchors.iterator(chunk_size=CHUNK):
        if anchor.agency_id != agency_id:
            agency_id, prev, expected = anchor.agency_id, GENESIS_HASH, 1
        name = _("%(agency)s的第%(seq)s号锚点") % {"agency": anchor.agency.name, "seq": anchor.seq}
        if anchor.seq != expected:
            yield _("%(name)s之前缺少锚点（锚点被删除）。") % {"name": name}
        if anchor.prev_hash != prev:
            yield _("%(name)s的前序哈希与上一号锚点不符。") % {"name": name}
        if not matches(anchor.compute_hash(), anchor.hash):
            yield _("%(name)s的内容与其哈希不符（锚点被改动）。") % {"name": name}
        prev, expected = anchor.hash, anchor.seq + 1


def _missing_case_heads() -> Iterator[str]:
    """The last anchored head of each case that its chain no longer contains."""
    newer = AnchoredHead.objects.filter(
        case_id=OuterRef("case_id"), anchor_id__gt=OuterRef("anchor_id")
    )
    present = Event.objects.filter(
        case_id=OuterRef("case_id"), seq=OuterRef("seq"), hash=OuterRef("hash")
    )
    missing = (
        AnchoredHead.objects.filter(~Exists(newer))
        .filter(~Exists(present))
        .order_by("case_id")
        .values_list("number", "seq", "anchor__seq", "anchor__created_at")
    )
    for number, seq, anchor_seq, at in missing.iterator(chunk_size=CHUNK):
        yield _(
            "案件%(number)s的第%(seq)s条办理记录已于第%(anchor)s号锚点（%(at)s）锚定，"
            "现已不存在或被改动（案件或记录被删除）。"
        ) % {
            "number": number,
            "seq": seq,
            "anchor": anchor_seq,
            "at": timezone.localtime(at).strftime("%Y-%m-%d %H:%M"),
        }


def _missing_read_heads() -> Iterator[str]:
    newer = ChainAnchor.objects.filter(agency_id=OuterRef("agency_id"), seq__gt=OuterRef("seq"))
    present = AuditView.objects.filter(
        agency_id=OuterRef("agency_id"), seq=OuterRef("read_seq"), hash=OuterRef("read_hash")
    )
    latest = ChainAnchor.objects.filter(~Exists(newer), read_seq__gt=0).filter(~Exists(present))
    for anchor in latest.select_related("agency").order_by("agency_id").iterator(CHUNK):
        yield _(
            "%(agency)s的第%(read)s条监督查阅记录已于第%(seq)s号锚点锚定，"
            "现已不存在或被改动（查阅记录被删除）。"
        ) % {"agency": anchor.agency.name, "read": anchor.read_seq, "seq": anchor.seq}


# -- the exported copy ---------------------------------------------------------------------------


def _cell(text: str) -> str:
    """A name that a spreadsheet would take for a formula is written as text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def csv_rows(anchors: Iterable[ChainAnchor]) -> Iterator[list[str]]:
    for anchor in anchors:
        yield [
            str(anchor.agency_id),
            _cell(anchor.agency.name),
            str(anchor.seq),
            anchor.created_at.isoformat(),
            str(anchor.cases),
            anchor.heads_digest,
            str(anchor.read_seq),
            anchor.read_hash,
            anchor.prev_hash,
            anchor.hash,
        ]


def write_csv(handle, anchors: Iterable[ChainAnchor], *, header: bool = True) -> None:
    writer = csv.writer(handle)
    if header:
        writer.writerow(CSV_FIELDS)
    writer.writerows(csv_rows(anchors))


def anchor_file_problems(path: str) -> Iterator[str]:
    """Every anchor in an exported file that the database no longer holds as it was."""
    try:
        handle = open(path, newline="", encoding="utf-8-sig")  # noqa: SIM115
    except OSError as exc:
        yield _("无法读取锚点文件：%(error)s") % {"error": exc}
        return
    with handle:
        for row in csv.DictReader(handle):
            try:
                agency_id, seq = int(row["agency_id"]), int(row["seq"])
            except (KeyError, TypeError, ValueError):
                yield _("锚点文件格式不正确。")
                return
            stored = ChainAnchor.objects.filter(agency_id=agency_id, seq=seq).first()
            if stored is None or stored.hash != row.get("hash"):
                yield _(
                    "文件中机关%(agency)s的第%(seq)s号锚点在数据库中已不存在或被改动。"
                ) % {"agency": agency_id, "seq": seq}

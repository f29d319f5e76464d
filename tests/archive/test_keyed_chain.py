"""The keyed audit chain (workflow.chain): someone who can run SQL but does not hold
AUDIT_CHAIN_KEY cannot rewrite an event and recompute the chain so that it still verifies,
neither as a keyed (version 2) chain nor by passing it off as an old plain one (version 1)."""

import hashlib
import json

import pytest
from django.db import connection

from workflow.chain import CHAIN_VERSION, GENESIS_HASH, LEGACY_VERSION, legacy_seal_mac
from workflow.integrity import check_case
from workflow.models import Event, LegacyChainSeal

pytestmark = pytest.mark.django_db

TABLE = Event._meta.db_table


def plain_hash(row: dict, prev: str) -> str:
    """What the chain was before the key: SHA-256 of the event's fields (workflow.models)."""
    body = json.dumps(
        {
            "case": row["case_id"],
            "seq": row["seq"],
            "actor": row["actor_id"],
            "at": row["at"].isoformat(),
            "name": row["name"],
            "source": row["source"],
            "target": row["target"],
            "payload": row["payload"],
            "note": row["note"],
            "prev": prev,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


def rewrite_chain_in_sql(case, *, seq: int, note: str, version: int | None = None) -> None:
    """Edit one event's note, then recompute every hash of the chain the plain way and write
    them back, as someone with database access but without the key would."""
    rows = list(
        Event.objects.filter(case=case)
        .order_by("seq")
        .values("id", "case_id", "seq", "actor_id", "at", "name", "source", "target",
                "payload", "note", "version")
    )
    prev = GENESIS_HASH
    with connection.cursor() as cursor:
        for row in rows:
            if row["seq"] == seq:
                row["note"] = note
            digest = plain_hash(row, prev)
            cursor.execute(
                f"UPDATE {TABLE} SET note = %s, prev_hash = %s, hash = %s, version = %s "  # noqa: S608
                "WHERE id = %s",
                [row["note"], prev, digest, version or row["version"], row["id"]],
            )
            prev = digest


def test_new_events_are_keyed_and_seal_the_state(archived):
    events = list(archived.events.order_by("seq"))
    assert {e.version for e in events} == {CHAIN_VERSION}
    assert all(len(e.state) == 64 for e in events)
    assert check_case(archived) == []


def test_a_rewritten_event_with_a_recomputed_plain_chain_is_found(archived):
    rewrite_chain_in_sql(archived, seq=2, note="改过的备注")
    problems = check_case(archived)
    count = archived.events.count()
    assert [p for p in problems if "内容与其哈希不符" in p] == [
        f"第{seq}条办理记录的内容与其哈希不符（记录被改动）" for seq in range(1, count + 1)
    ]


def test_a_rewritten_chain_passed_off_as_the_old_plain_format_is_found(archived):
    rewrite_chain_in_sql(archived, seq=2, note="改过的备注", version=LEGACY_VERSION)
    assert check_case(archived) == [
        "旧格式（无密钥）的办理记录没有有效的封存凭证（记录被改写）。"
    ]


def test_a_recomputed_chain_with_another_key_is_found(archived, settings):
    events = list(archived.events.order_by("seq"))
    settings.AUDIT_CHAIN_KEY = "someone-elses-key-" + "x" * 20
    prev = GENESIS_HASH
    with connection.cursor() as cursor:
        for event in events:
            event.prev_hash = prev
            event.hash = event.compute_hash()
            cursor.execute(
                f"UPDATE {TABLE} SET prev_hash = %s, hash = %s WHERE id = %s",  # noqa: S608
                [event.prev_hash, event.hash, event.pk],
            )
            prev = event.hash
    settings.AUDIT_CHAIN_KEY = "test-audit-chain-key-not-for-production-use"
    assert len(check_case(archived)) == len(events)


def make_legacy(case) -> None:
    """The case as it was before the key: a plain chain, sealed by the migration."""
    rewrite_chain_in_sql(case, seq=0, note="", version=LEGACY_VERSION)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET state = '' WHERE case_id = %s", [case.pk])  # noqa: S608
    head = case.events.order_by("-seq").first()
    LegacyChainSeal.objects.create(
        case=case, seq=head.seq, hash=head.hash, mac=legacy_seal_mac(case.pk, head.seq, head.hash)
    )


def test_an_old_plain_chain_sealed_by_the_migration_still_verifies(archived):
    make_legacy(archived)
    assert check_case(archived) == []


def test_an_edit_to_an_old_plain_chain_is_found(archived):
    make_legacy(archived)
    rewrite_chain_in_sql(archived, seq=2, note="改过的备注")
    assert check_case(archived) == ["旧格式办理记录与封存时的记录不符（记录被改写或删除）。"]


def test_a_forged_legacy_seal_is_found(archived):
    make_legacy(archived)
    rewrite_chain_in_sql(archived, seq=2, note="改过的备注")
    head = archived.events.order_by("-seq").first()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {LegacyChainSeal._meta.db_table} SET hash = %s, mac = %s",  # noqa: S608
            [head.hash, hashlib.sha256(head.hash.encode()).hexdigest()],
        )
    assert check_case(archived) == [
        "旧格式（无密钥）的办理记录没有有效的封存凭证（记录被改写）。"
    ]


def test_the_migration_seals_every_case_head(archived, agency, clerk):
    import importlib

    from django.apps import apps

    from tests.cases.helpers import make_case

    other = make_case(agency, clerk)
    migration = importlib.import_module("workflow.migrations.0003_keyed_chain")
    migration.seal_legacy_chains(apps, None)
    seals = {s.case_id: (s.seq, s.hash) for s in LegacyChainSeal.objects.all()}
    for case in (archived, other):
        head = case.events.order_by("-seq").first()
        assert seals[case.pk] == (head.seq, head.hash)
        seal = LegacyChainSeal.objects.get(case=case)
        assert seal.mac == legacy_seal_mac(case.pk, head.seq, head.hash)

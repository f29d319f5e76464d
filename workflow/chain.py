"""The keys of the record (README "Integrity"): HMAC-SHA256 with ``AUDIT_CHAIN_KEY``, a secret
held outside the database, so someone who can edit rows (SQL, a backup restored by hand) cannot
recompute a hash that still verifies.

Every keyed value names its purpose ("event", "letter", "read", ...) so a MAC made for one kind
of record never verifies as another. Canonical JSON (sorted keys, no spaces, dates as ISO
strings) is what is signed; it must never change for a version once rows carry it.
"""

import hashlib
import hmac
import json
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings

GENESIS_HASH = "0" * 64
# 1: plain SHA-256 chain (rows written before the key); 2: HMAC-SHA256 with a state snapshot.
LEGACY_VERSION = 1
CHAIN_VERSION = 2


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not canonical JSON")


def canonical(data) -> bytes:
    return json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain
    ).encode()


def digest(data) -> str:
    """A plain SHA-256 of canonical JSON (for values a keyed MAC then covers)."""
    return hashlib.sha256(canonical(data)).hexdigest()


def mac(purpose: str, data) -> str:
    """HMAC-SHA256 of ``data`` for ``purpose`` under ``AUDIT_CHAIN_KEY``."""
    key = settings.AUDIT_CHAIN_KEY.encode()
    return hmac.new(key, purpose.encode() + b"\x00" + canonical(data), hashlib.sha256).hexdigest()


def matches(expected: str, actual: str) -> bool:
    return hmac.compare_digest(expected or "", actual or "")


def legacy_seal_mac(case_id: int, seq: int, head: str) -> str:
    """The seal of a case's version-1 chain head (``workflow.LegacyChainSeal``)."""
    return mac("legacy-chain", {"case": case_id, "seq": seq, "hash": head})

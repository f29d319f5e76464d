"""Intake before registration: the duplicate policy and the staging of uploads.

**Duplicates.** Registration never refuses a likely duplicate (the law lets anyone apply again).
A possible duplicate is an earlier case of the same agency and applicant (same ID number) with a
similar description (:func:`possible_duplicates`). The web form asks the clerk once, before
registering, to link the application to one of them or to go on
(:func:`must_confirm_duplicates`); the API cannot ask, so it registers and lists them in its
answer for the clerk to review. Both use the same rule.

**Staging.** While the clerk decides, the files chosen on the first submit are kept
(:class:`~cases.models.StagedUpload`) so they need not be chosen again: for their owner only,
and for ``INTAKE_STAGING_HOURS``; ``manage.py clean_intake_staging`` removes what expired.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from difflib import SequenceMatcher

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from cases.models import Case, StagedUpload
from cases.uploads import check_uploads
from infra import storage

SIMILARITY_THRESHOLD = 0.5
CANDIDATES = 50  # the applicant's latest cases compared
STAGING_DIR = "intake-staging"


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def possible_duplicates(*, agency, id_number: str, description: str, exclude=None) -> list[Case]:
    """Earlier cases of the same applicant (same ID number) with a similar description."""
    if not id_number:
        return []
    candidates = Case.objects.filter(agency=agency, applicant__id_number=id_number)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    found = []
    for case in candidates.select_related("applicant").order_by("-received_on")[:CANDIDATES]:
        score = similarity(description, case.description)
        if score >= SIMILARITY_THRESHOLD:
            case.similarity = round(score, 2)
            found.append(case)
    return found


def must_confirm_duplicates(
    *, agency, id_number: str, description: str, repeat_of=None, confirmed: bool = False
) -> list[Case]:
    """The possible duplicates the clerk must see before registering: none once the application
    is linked to an earlier case or the clerk has chosen to register it anyway."""
    if repeat_of is not None or confirmed:
        return []
    return possible_duplicates(agency=agency, id_number=id_number, description=description)


# -- staging -------------------------------------------------------------------------------------


def _expiry() -> timedelta:
    return timedelta(hours=settings.INTAKE_STAGING_HOURS)


def _live(owner, token: str):
    if not token:
        return StagedUpload.objects.none()
    return StagedUpload.objects.filter(
        owner=owner, token=token, created_at__gt=timezone.now() - _expiry()
    )


def stage(*, owner, files_by_kind: dict, token: str = "") -> str:
    """Keep the uploads (checked first: a bad file is refused, never kept) under a token of
    ``owner``; files of a kind chosen again replace the kept ones. Returns the token."""
    for kind, uploads in files_by_kind.items():
        check_uploads(uploads, field=kind)
    token = token if _live(owner, token).exists() else secrets.token_urlsafe(16)
    for kind, uploads in files_by_kind.items():
        _discard(_live(owner, token).filter(kind=kind))
        for upload in uploads:
            path = default_storage.save(f"{STAGING_DIR}/{token}/{kind}/{upload.name}", upload)
            StagedUpload.objects.create(
                token=token, owner=owner, kind=kind, name=upload.name[:255], path=path
            )
    return token


def staged(*, owner, token: str) -> dict[str, list[StagedUpload]]:
    """The owner's kept files under ``token`` by kind (none when expired or someone else's)."""
    by_kind: dict[str, list[StagedUpload]] = {}
    for item in _live(owner, token):
        by_kind.setdefault(item.kind, []).append(item)
    return by_kind


def open_staged(by_kind: dict[str, list[StagedUpload]]) -> dict[str, list]:
    """The kept files, open, named as they were uploaded (the caller closes them)."""
    files: dict[str, list] = {}
    for kind, items in by_kind.items():
        files[kind] = []
        for item in items:
            upload = default_storage.open(item.path)
            upload.name = item.name
            files[kind].append(upload)
    return files


def discard(*, owner, token: str) -> None:
    """Forget the owner's kept files under ``token`` (after registering, or to start again)."""
    _discard(StagedUpload.objects.filter(owner=owner, token=token))


def _discard(items) -> None:
    for item in list(items):
        storage.delete(item.path)
        item.delete()


def purge_expired(now=None) -> int:
    """Remove every kept file older than ``INTAKE_STAGING_HOURS``; how many were removed."""
    expired = StagedUpload.objects.filter(created_at__lte=(now or timezone.now()) - _expiry())
    with transaction.atomic():
        items = list(expired.select_for_update())
        _discard(items)
    return len(items)

"""File storage, as the services use it (Django's default storage underneath: the file system
in the embedded default, any Django storage backend elsewhere).

Files are written after the transaction that records them commits, so a rolled-back action
leaves no file: uploads through :func:`save_after_commit`, rendered documents (deterministic
bytes, possibly written twice by racing renderers) through :func:`write_once`. What is left over
by a crash between a commit and its write is found by ``manage.py sweep_storage``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024


def sha256_of(name: str) -> str | None:
    """The SHA-256 of a stored file, read in chunks; None when it is missing or unreadable."""
    if not name:
        return None
    digest = hashlib.sha256()
    try:
        with default_storage.open(name, "rb") as handle:
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError, ValueError):
        return None
    return digest.hexdigest()


def read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def write_once(name: str, data: bytes) -> str:
    """Store deterministic bytes under ``name`` and return the name they are stored under: the
    same file when it is already there (a second render of the same document), a free name
    beside it when something else holds that name."""
    if default_storage.exists(name):
        if sha256_of(name) == hashlib.sha256(data).hexdigest():
            return name
    return default_storage.save(name, ContentFile(data))


def save_after_commit(name: str, content: File) -> None:
    """Write an upload under ``name`` once the current transaction commits (never, when it
    rolls back). ``content`` must stay open until then (an upload of the current request)."""

    def place() -> None:
        stored = default_storage.save(name, content)
        if stored != name:  # the name was taken meanwhile: the record points elsewhere
            logger.error("stored %s as %s; the record names %s", name, stored, name)

    transaction.on_commit(place)


def delete(name: str) -> None:
    if name:
        default_storage.delete(name)


def walk(directory: str = "") -> Iterator[str]:
    """Every file name under ``directory`` of the storage."""
    try:
        directories, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return
    for file in files:
        yield f"{directory}/{file}" if directory else file
    for sub in directories:
        yield from walk(f"{directory}/{sub}" if directory else sub)


def modified_at(name: str):
    return default_storage.get_modified_time(name)

"""A letter's bytes, written after its action's commit.

The action's transaction numbers the letter and freezes everything it prints in its snapshot
(``letters.issuing``); this module renders the PDF from that snapshot alone, writes it once and
records its SHA-256. Rendering is deterministic, so a render that failed (or a second renderer
racing the first) gives the same bytes and never a new number. It runs for every event of the
case (``letters.subscribers``), when a PDF is downloaded before its render has run, and from
``manage.py complete_documents``.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from infra import storage
from letters.fonts import FontSet, register_fonts
from letters.kinds import KINDS
from letters.layout import LetterDocument, render_letter
from letters.models import Letter
from workflow.errors import Conflict

logger = logging.getLogger(__name__)


class RenderError(Conflict):
    """The letter cannot be rendered from its snapshot (e.g. the seal it names is gone)."""


def letter_fonts() -> FontSet:
    """The shipped open fonts, or the office's licensed ones from ``LETTER_FONTS``."""
    return register_fonts(settings.LETTER_FONTS or None)


def document_of(kind: str, snapshot: dict, number: str) -> LetterDocument:
    """The letter as laid out from its snapshot (no seal: that is bytes, see :func:`render`)."""
    document = KINDS[kind].document(snapshot, number=number or None, draft=False)
    document.seal_diameter_mm = float(snapshot["agency"].get("seal_diameter_mm") or 42)
    return document


def _seal(snapshot: dict) -> bytes:
    """The seal image the letter was issued with, checked against the hash in its snapshot."""
    agency = snapshot["agency"]
    expected = agency.get("seal_sha256") or ""
    if not expected:
        return b""
    name = agency.get("seal_file") or ""
    if storage.sha256_of(name) != expected:
        raise RenderError(
            _("文书签发时使用的印章图片已不存在或已被改动，无法生成文书。请重新生成该文书。")
        )
    return storage.read(name)


def render(letter: Letter) -> bytes:
    document = document_of(letter.kind, letter.snapshot, letter.number)
    document.seal_image = _seal(letter.snapshot) or None
    return render_letter(document, fonts=letter_fonts())


def ensure_rendered(letter: Letter) -> Letter:
    """The letter with its PDF written and its hash recorded (rendered now if need be)."""
    if letter.rendered:
        return letter
    pdf = render(letter)
    wanted = letter.pdf.field.generate_filename(
        letter, f"{letter.case_id}-{letter.kind}-{letter.sequence or letter.pk}.pdf"
    )
    name = storage.write_once(wanted, pdf)
    digest, now = hashlib.sha256(pdf).hexdigest(), timezone.now()
    seal = letter.compute_seal(sha256=digest)
    if Letter.objects.filter(pk=letter.pk).complete(
        pdf=name, sha256=digest, seal=seal, rendered_at=now
    ):
        letter.pdf.name, letter.sha256, letter.seal, letter.rendered_at = name, digest, seal, now
        return letter
    done = Letter.objects.get(pk=letter.pk)  # another renderer finished first
    if done.pdf.name != name:
        storage.delete(name)
    return done


def render_pending(case_id: int) -> int:
    """Render every letter of the case still without its PDF; how many were rendered."""
    pending = list(Letter.objects.filter(case_id=case_id, sha256="").order_by("pk"))
    for letter in pending:
        ensure_rendered(letter)
    return len(pending)

"""Writes after archiving: a numbered 补正说明, and the log of auditors' reads."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Agency
from agencies.numbering import format_number, next_sequence
from agencies.roles import has_role_perm
from audit.models import ArchiveNote, AuditView
from cases.models import Case
from rules.states import Status
from workflow.actions import action
from workflow.audit import record_event
from workflow.chain import GENESIS_HASH
from workflow.errors import Conflict
from workflow.permissions import can_write_archive_note

NOTE_SCOPE = "archive_note"
NOTE_FAMILY = "归档补正"  # the word in the number: 郯政办归档补正〔2024〕1号


def check_may_add_note(case, user) -> None:
    """Handlers and approvers of the case's agency write 补正说明; nobody else (403)."""
    if not can_write_archive_note(case, user):
        raise PermissionDenied(_("您无权添加补正说明。"))


@action(name="archive_note", label=gettext_lazy("补正说明"), policy=can_write_archive_note)
def add_archive_note(*, case, actor, text: str) -> ArchiveNote:
    """Correct an archived case by a numbered note (handler or approver); the case file and
    the record stay as they were, the note is added and recorded in the audit trail."""
    text = (text or "").strip()
    with transaction.atomic():
        case = (
            Case.objects.select_related("agency")
            .select_for_update(of=("self",))
            .get(pk=case.pk)
        )
        check_may_add_note(case, actor)
        if case.status != Status.ARCHIVED:
            raise Conflict(_("案件尚未归档，请直接更正；补正说明只用于已归档的案件。"))
        if not text:
            raise ValidationError({"text": [_("请填写补正说明。")]})
        year = timezone.localdate().year
        sequence = next_sequence(case.agency, NOTE_SCOPE, year)
        number = format_number(
            case.agency.letter_number_pattern,
            short=case.agency.short_name,
            family=NOTE_FAMILY,
            year=year,
            seq=sequence,
        )
        note = ArchiveNote.objects.create(
            agency=case.agency,
            case=case,
            year=year,
            sequence=sequence,
            number=number,
            text=text,
            author=actor,
        )
        record_event(
            case,
            actor=actor,
            name="archive_note",
            source=case.status,
            target=case.status,
            payload={"number": number, "note": note.pk},
            note=text,
        )
    return note


def record_view(user, case, what: str, detail: str = "") -> None:
    """Log an auditor's look at a case (who, what, when); other roles' reads are not logged.
    Outside the case's hash chain, so it works on archived cases and changes nothing there; in
    its agency's keyed read log instead, appended under the agency's row lock."""
    if not has_role_perm(user, "cases.audit_case"):
        return
    with transaction.atomic():
        Agency.objects.select_for_update().only("pk").get(pk=case.agency_id)
        last = (
            AuditView.objects.filter(agency_id=case.agency_id)
            .order_by("-seq")
            .only("seq", "hash")
            .first()
        )
        view = AuditView(
            agency_id=case.agency_id,
            seq=(last.seq + 1) if last else 1,
            user=user,
            case=case,
            what=what,
            detail=detail[:200],
            at=timezone.now().replace(microsecond=0),
            prev_hash=last.hash if last else GENESIS_HASH,
        )
        view.hash = view.compute_hash()
        view.save()

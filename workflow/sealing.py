"""An archived case is sealed (workflow.md: "case file sealed; read-only for everyone"). This
module is the one place that says what may still be written to it.

Every model of the case record (case, applicant, attachments, tasks, consultations, fee notices,
letters, events) calls a guard here from ``save()`` and ``delete()`` and uses
:class:`SealedQuerySet`, so a write reaches the database only while its case is not archived,
whatever path it takes (a service, the admin, a shell). The guards read the status from the
database, not from the instance in hand: the ``archive`` transition itself saves a case whose
in-memory status is already ``archived``.

After archiving, the only writes are appended events named in :data:`EVENTS_AFTER_ARCHIVING`
and the records that go with them, kept outside the sealed models (numbered 补正说明, review
records). Auditors' reads are logged outside the case's record (``audit.AuditView``), so they
need no exception here.
"""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _

from rules.states import Status
from workflow.errors import Conflict

# Events that may still be appended to an archived case's trail.
EVENTS_AFTER_ARCHIVING = frozenset(
    {
        "archive",  # the transition's own event, recorded right after the status is saved
        "build_case_file",  # the case file, built after the archive commit, with its SHA-256
        "archive_note",  # a numbered 补正说明, the only way to correct an archived case
        # Reconsideration and litigation (Art. 51) come after the reply, often after archiving;
        # reports.services records them (and their outcome) beside the sealed record.
        "record_review",
        "decide_review",
    }
)


class CaseSealed(Conflict):
    """A write to the record of an archived case. A Conflict, so the API answers 409."""

    def __init__(self, what: str = "") -> None:
        message = _("案件已归档，%(what)s不能再更改；如需更正，请添加补正说明。") % {
            "what": what or _("案卷内容")
        }
        super().__init__(message)


class ImmutableRecordError(Exception):
    """A change or delete of a record that never changes (events, letters, case files, archive
    notes, auditors' reads), through the model or its queryset."""


def _cases():
    return apps.get_model("cases", "Case").objects


def is_archived(case_id) -> bool:
    """Whether the case is archived in the database (one query; False for no case)."""
    if case_id is None:
        return False
    return _cases().filter(pk=case_id, status=Status.ARCHIVED).exists()


def guard_case(case_id, what: str = "") -> None:
    """Refuse a write that belongs to an archived case."""
    if is_archived(case_id):
        raise CaseSealed(what)


def guard_applicant(applicant_id, what: str = "") -> None:
    if applicant_id is not None and (
        _cases().filter(applicant_id=applicant_id, status=Status.ARCHIVED).exists()
    ):
        raise CaseSealed(what)


def guard_event(event) -> None:
    """Events are append-only; an archived case takes only the events named above."""
    if event.name not in EVENTS_AFTER_ARCHIVING:
        guard_case(event.case_id, _("办理记录"))


def _what(model) -> str:
    return str(model._meta.verbose_name)


class SealedQuerySet(models.QuerySet):
    """``update()``, ``delete()`` and ``bulk_create()`` refuse when a row belongs to an archived
    case. The model names its way to the case in ``sealed_case_path`` ("" for the case)."""

    def _sealed(self) -> models.QuerySet:
        path = self.model.sealed_case_path
        return self.filter(**{f"{path}__status" if path else "status": Status.ARCHIVED})

    def update(self, **kwargs) -> int:
        if self._sealed().exists():
            raise CaseSealed(_what(self.model))
        return super().update(**kwargs)

    update.alters_data = True

    def delete(self):
        if self._sealed().exists():
            raise CaseSealed(_what(self.model))
        return super().delete()

    delete.queryset_only = True
    delete.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs) -> int:
        # Checked before Django opens its atomic block, so a refusal leaves no broken transaction.
        objs = list(objs)
        if self.filter(pk__in=[obj.pk for obj in objs])._sealed().exists():
            raise CaseSealed(_what(self.model))
        return super().bulk_update(objs, fields, *args, **kwargs)

    bulk_update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if self.model.sealed_case_path == "case":
            case_ids = {obj.case_id for obj in objs}
            if _cases().filter(pk__in=case_ids, status=Status.ARCHIVED).exists():
                raise CaseSealed(_what(self.model))
        return super().bulk_create(objs, *args, **kwargs)


class ImmutableQuerySet(SealedQuerySet):
    """For records that never change at all, archived or not: events, letters, case files,
    archive notes. New rows still go through ``save()`` and its guard.

    Some are created in their action's transaction and their bytes written after it (a letter's
    PDF, the case file): the model names those fields in ``completed_later`` and how to tell a
    row that still lacks them in ``incomplete``; :meth:`complete` writes them, once."""

    def complete(self, **values) -> int:
        """Write the ``completed_later`` fields of the rows still ``incomplete``; the number of
        rows written (0: another process completed them first). Never anything else."""
        allowed = set(getattr(self.model, "completed_later", ()))
        if not values or not set(values) <= allowed:
            raise ImmutableRecordError(
                f"{self.model.__name__}: only {sorted(allowed)} are completed after creation"
            )
        return models.QuerySet.update(self.filter(**self.model.incomplete), **values)

    complete.alters_data = True

    def update(self, **kwargs) -> int:
        raise ImmutableRecordError(f"{self.model.__name__} rows are never updated")

    update.alters_data = True

    def delete(self):
        raise ImmutableRecordError(f"{self.model.__name__} rows are never deleted")

    delete.queryset_only = True
    delete.alters_data = True

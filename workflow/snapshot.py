"""The sealed state of a case: one digest of every row of its record that an action writes.

Each keyed event carries the digest of the case as that event left it (``workflow.audit``);
verification recomputes it from the rows as they are now and compares it with the last event's
(``workflow.integrity``). An edit behind the application's back to any covered field, of any
covered row, or a row added or deleted, then shows.

Covered: the case row and its applicant; tasks (answers), consultations (opinions), fee notices,
review records (results), archive notes and attachments (with their files' SHA-256). Not here:

- ``Case.reply_due``: derived, recomputed without an event when the calendar changes;
- letters: issued after their action's event, then rendered after the commit; each carries its
  own keyed seal over its content and its file's SHA-256 (``letters.rendering``);
- the case file: its SHA-256 is in the ``build_case_file`` event itself.

Models are looked up by label: this module sits below the apps whose rows it reads.
"""

from django.apps import apps

from workflow.chain import digest

DERIVED = {"cases.Case": {"reply_due"}}

# (model label, the lookup from that model to the case)
COVERED = (
    ("workflow.Task", "case_id"),
    ("workflow.Consultation", "case_id"),
    ("workflow.FeeNotice", "case_id"),
    ("reports.ReviewRecord", "case_id"),
    ("audit.ArchiveNote", "case_id"),
    ("cases.Attachment", "case_id"),
)


def _columns(label: str) -> list[str]:
    model = apps.get_model(label)
    skip = DERIVED.get(label, set())
    return [f.attname for f in model._meta.concrete_fields if f.name not in skip]


def _rows(label: str, **lookup) -> list[dict]:
    model = apps.get_model(label)
    return list(model._base_manager.filter(**lookup).order_by("pk").values(*_columns(label)))


def case_state(case_id: int) -> str:
    """The digest of the case's covered rows as they are in the database now."""
    case = _rows("cases.Case", pk=case_id)
    applicant = _rows("cases.Applicant", pk=case[0]["applicant_id"]) if case else []
    state = {"case": case, "applicant": applicant}
    for label, lookup in COVERED:
        state[label] = _rows(label, **{lookup: case_id})
    return digest(state)

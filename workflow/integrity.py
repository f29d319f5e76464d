"""Tamper evidence (api.md, ``/integrity/``): a case's stored record checked against the hashes
recorded when each piece was written.

- the audit trail: every event's keyed hash recomputed and chained
  (``workflow.audit.verify_chain``), and the case's status equal to where the trail ends;
- the case's record (case and applicant rows, tasks, consultations, fee notices, review records,
  archive notes, attachments with their SHA-256) against the state digest the last keyed event
  sealed (``workflow.snapshot``);
- every issued letter's content and SHA-256 against its keyed seal, and its stored PDF against
  that SHA-256;
- every attachment's stored file against its SHA-256;
- the case file (once archived) against its SHA-256, and that SHA-256 against the one the
  ``build_case_file`` event recorded (the chain vouches for it); a case file still being built
  cannot be vouched for yet and is reported as such.

The messages are for people: Chinese, naming the item.
"""

import hashlib

from django.utils.translation import gettext as _

from letters.models import CaseFile
from rules.states import Status
from workflow.audit import verify_chain
from workflow.chain import CHAIN_VERSION, matches
from workflow.models import LegacyChainSeal
from workflow.snapshot import case_state

CHUNK = 1024 * 1024


def _file_problem(field_file, expected: str, what: str) -> str | None:
    if not field_file:
        return _("%(what)s没有存储文件。") % {"what": what}
    digest = hashlib.sha256()
    try:
        with field_file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError, ValueError):
        return _("%(what)s的文件缺失。") % {"what": what}
    if digest.hexdigest() != expected:
        return _("%(what)s的文件与记录的 SHA-256 不符（文件被改动或替换）。") % {"what": what}
    return None


def _letter_name(letter) -> str:
    number = f"（{letter.number}）" if letter.number else ""
    return _("文书“%(title)s”%(number)s") % {"title": letter.title, "number": number}


def check_case(case) -> list[str]:
    """Every problem found in the case's stored record; an empty list when all is intact."""
    events = list(case.events.order_by("seq"))
    seal = LegacyChainSeal.objects.filter(case_id=case.pk).first()
    problems = verify_chain(events, legacy_seal=seal)
    if not events:
        problems.append(_("案件没有办理记录。"))
    else:
        if events[-1].target != case.status:
            problems.append(
                _("案件状态“%(status)s”与办理记录最后一条的状态“%(last)s”不符。")
                % {"status": _label(case.status), "last": _label(events[-1].target)}
            )
        if events[-1].version == CHAIN_VERSION and events[-1].state != case_state(case.pk):
            problems.append(
                _(
                    "案件的登记、办理或归档数据（申请人、描述、结果、日期、协办答复、征求意见、"
                    "收费、复议诉讼、补正说明或附件）与最后一条办理记录封存时不符（数据被改动）。"
                )
            )

    for letter in case.letters.order_by("issued_at", "id"):
        if not letter.rendered:
            problems.append(_("%(what)s的 PDF 尚未生成。") % {"what": _letter_name(letter)})
            continue
        if not matches(letter.seal, letter.compute_seal()):
            problems.append(
                _("%(what)s的内容或 SHA-256 与其密钥封印不符（记录被改动）。")
                % {"what": _letter_name(letter)}
            )
            continue
        problem = _file_problem(letter.pdf, letter.sha256, _letter_name(letter))
        if problem:
            problems.append(problem)

    for attachment in case.attachments.order_by("uploaded_at", "id"):
        what = _("附件“%(name)s”") % {"name": attachment.original_name}
        problem = _file_problem(attachment.file, attachment.sha256, what)
        if problem:
            problems.append(problem)

    case_file = CaseFile.objects.filter(case=case).first()
    if case.status == Status.ARCHIVED or case_file is not None:
        problems += _case_file_problems(case_file, events)
    return problems


def _case_file_problems(case_file, events) -> list[str]:
    what = _("电子案卷")
    if case_file is None:
        return [_("案件已归档，但没有电子案卷。")]
    if not case_file.ready:
        return [_("电子案卷尚在生成中，尚不能校验。")]
    problems = []
    problem = _file_problem(case_file.pdf, case_file.sha256, what)
    if problem:
        problems.append(problem)
    # Case files built before they moved after the commit were recorded by the archive event.
    recorded = next(
        (
            e.payload["case_file"].get("sha256")
            for e in reversed(events)
            if e.name in ("build_case_file", "archive") and "case_file" in e.payload
        ),
        None,
    )
    if recorded != case_file.sha256:
        problems.append(_("电子案卷记录的 SHA-256 与归档时写入办理记录的不符。"))
    return problems


def _label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status

"""The words of each notice. A notice names the case by its number, never by the applicant:
its text may go by e-mail, also to department liaisons, who must not learn who applied."""

from datetime import date

from django.utils.translation import gettext as _

from rules.deadline import format_cn_date


def task_assigned(number: str, department: str, due_on: date) -> str:
    return _("新的协助调查任务：%(number)s，交%(department)s办理，请于%(due)s前答复。") % {
        "number": number, "department": department, "due": format_cn_date(due_on)}


def task_due(number: str, department: str, due_on: date) -> str:
    return _("%(number)s 的协助调查任务（%(department)s）将于%(due)s到期，请及时答复。") % {
        "number": number, "department": department, "due": format_cn_date(due_on)}


def task_overdue(number: str, department: str, due_on: date) -> str:
    return _("%(number)s 的协助调查任务（%(department)s）已于%(due)s到期，尚未答复。") % {
        "number": number, "department": department, "due": format_cn_date(due_on)}


def consultation_due(number: str, party: str, due: date) -> str:
    return _("%(number)s 向%(party)s征求意见的答复期限为%(due)s。") % {
        "number": number, "party": party, "due": format_cn_date(due)}


def consultation_overdue(number: str, party: str, due: date) -> str:
    text = _("%(number)s 向%(party)s征求意见已过答复期限（%(due)s），请登记答复或结束征求意见。")
    return text % {"number": number, "party": party, "due": format_cn_date(due)}


def draft_returned(number: str, comment: str) -> str:
    return _("%(number)s 的答复草稿被退回修改。审批意见：%(comment)s") % {
        "number": number, "comment": comment}


def approval_waiting(number: str, drafter: str) -> str:
    return _("%(number)s 的答复草稿待签发（拟稿人：%(drafter)s）。") % {
        "number": number, "drafter": drafter}


def extension_waiting(number: str, days: int, requester: str) -> str:
    return _("%(number)s 申请延期答复%(days)d个工作日，待审批（申请人：%(requester)s）。") % {
        "number": number, "days": days, "requester": requester}


def extension_decided(number: str, granted: bool, comment: str) -> str:
    if granted:
        return _("%(number)s 的延期申请已批准。") % {"number": number}
    return _("%(number)s 的延期申请未获批准。意见：%(comment)s") % {
        "number": number, "comment": comment}


def case_due(number: str, due: date, within: int) -> str:
    return _("%(number)s 的答复期限为%(due)s，剩余不超过%(n)d个工作日。") % {
        "number": number, "due": format_cn_date(due), "n": within}


def case_overdue(number: str, due: date) -> str:
    return _("%(number)s 已超过答复期限（%(due)s），尚未答复。") % {
        "number": number, "due": format_cn_date(due)}


def correction_lapsed(number: str, due: date) -> str:
    return _("%(number)s 的补正期限已于%(due)s届满，申请人未补正，可以终止办理。") % {
        "number": number, "due": format_cn_date(due)}


def fee_lapsed(number: str, due: date) -> str:
    return _("%(number)s 的缴费期限已于%(due)s届满，申请人未缴费，可以终止办理。") % {
        "number": number, "due": format_cn_date(due)}


def handler_named(number: str, reason: str) -> str:
    text = _("您已被指定为 %(number)s 的承办人。") % {"number": number}
    return text + (_("理由：%(reason)s") % {"reason": reason} if reason else "")

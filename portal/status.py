"""What an applicant may read about an application: plain words, dates, the due date and
whether the clock is paused (never who is consulted), the letters addressed to the applicant.
Never staff names, other parties' data or internal notes."""

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import ApplicationStatus, OnlineApplication
from rules.states import Status
from workflow import clock

APPLICANT_LETTERS = (
    "receipt", "correction_notice", "reasons_notice", "later_reply_notice",
    "consultation_notice", "extension_notice", "fee_notice", "reply", "termination_notice",
)
LINK_SALT = "portal.letter"
LINK_MAX_AGE = 30 * 60  # seconds a download link from the status page stays valid

PLAIN_WORDS = {
    Status.REGISTERED: _("已受理，正在办理"),
    Status.AWAITING_CORRECTION: _("需要您补正申请"),
    Status.ASSISTING: _("正在办理（相关部门协助调查中）"),
    Status.CONSULTING: _("正在办理（征求意见中）"),
    Status.AWAITING_FEE: _("等待您缴纳信息处理费"),
    Status.DRAFTING: _("正在办理（拟写答复中）"),
    Status.PENDING_APPROVAL: _("正在办理（答复审核中）"),
    Status.REPLIED: _("已答复"),
    Status.CLOSED: _("已终止办理"),
    Status.ARCHIVED: _("已办结"),
}
NEXT_STEPS = {
    Status.AWAITING_CORRECTION: _(
        "请按补正告知书的要求在规定期限内补正；逾期未补正的视为放弃申请。"
    ),
    Status.AWAITING_FEE: _("请按收费通知书缴费；缴费期间答复期限暂停计算。"),
    Status.REPLIED: _("请查看答复书。对答复不服的，可依法申请行政复议或提起行政诉讼。"),
    Status.CLOSED: _("请查看终止办理告知书。"),
    Status.ARCHIVED: _("本申请已办结。"),
}


def letter_link_token(application: OnlineApplication, letter_pk: int) -> str:
    return signing.dumps([application.pk, letter_pk], salt=LINK_SALT)


def letter_from_token(token: str):
    """The (application pk, letter pk) a download link names, or None when forged or old."""
    try:
        app_pk, letter_pk = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return app_pk, letter_pk


def applicant_letters(case):
    return (
        case.letters.filter(kind__in=APPLICANT_LETTERS, superseded_by__isnull=True)
        .order_by("issued_at", "id")
    )


def status_of(application: OnlineApplication) -> dict:
    """The applicant's view as plain data (the page and the API both show this)."""
    data = {
        "query_code": application.query_code,
        "agency": application.agency.name,
        "submitted_at": timezone.localtime(application.submitted_at).isoformat(),
        "status": application.status,
        "confirmed_on": None, "case_number": None, "due": None, "paused": False,
        "pause_reason": "", "rejection_reason": "", "letters": [],
    }
    if application.status == ApplicationStatus.PENDING:
        data["words"] = _("已提交，等待工作人员确认")
        data["next"] = _("工作人员确认后即为收到申请之日，答复期限从该日起算。")
        return data
    if application.status == ApplicationStatus.REJECTED:
        data["words"] = _("不作为政府信息公开申请处理")
        data["rejection_reason"] = application.rejection_reason
        data["next"] = _("如需申请政府信息公开，可重新提交申请。")
        return data
    case = application.case
    data["confirmed_on"] = application.confirmed_on.isoformat()
    data["case_number"] = case.number
    data["status"] = case.status
    data["words"] = str(PLAIN_WORDS.get(case.status, case.get_status_display()))
    data["next"] = str(NEXT_STEPS.get(case.status, _("本机关将在答复期限内作出答复。")))
    today = timezone.localdate()
    if case.status == Status.AWAITING_CORRECTION:
        data["paused"] = True
        data["pause_reason"] = _("等待申请人补正，答复期限自收到补正之日起重新计算")
    elif case.is_open:
        deadline = clock.case_deadline(case, today)
        data["due"] = deadline.due.isoformat() if deadline else None
        if any(c.pause_end(today) is None or c.pause_end(today) > today
               for c in case.consultations.all()):
            data["paused"] = True
            data["pause_reason"] = _("征求第三方或有关机关意见，所需时间不计入答复期限")
        elif any(f.paid_on is None for f in case.fee_notices.all()):
            data["paused"] = True
            data["pause_reason"] = _("等待缴纳信息处理费，所需时间不计入答复期限")
    data["letters"] = [
        {"pk": letter.pk, "title": letter.title, "number": letter.number,
         "issued_on": letter.issued_on.isoformat(),
         "token": letter_link_token(application, letter.pk)}
        for letter in applicant_letters(case)
    ]
    return data

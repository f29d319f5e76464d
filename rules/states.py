"""The states of a case and the decision codes (workflow.md, statute.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    AWAITING_CORRECTION = "awaiting_correction", _("待补正")
    ASSISTING = "assisting", _("协助调查")
    CONSULTING = "consulting", _("征求意见")
    AWAITING_FEE = "awaiting_fee", _("待缴费")
    DRAFTING = "drafting", _("拟稿")
    PENDING_APPROVAL = "pending_approval", _("待审批")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已终止")
    ARCHIVED = "archived", _("已归档")


OPEN_STATES = (
    Status.REGISTERED,
    Status.AWAITING_CORRECTION,
    Status.ASSISTING,
    Status.CONSULTING,
    Status.AWAITING_FEE,
    Status.DRAFTING,
    Status.PENDING_APPROVAL,
)
CONCLUDED_STATES = (Status.REPLIED, Status.CLOSED, Status.ARCHIVED)


class Decision(models.TextChoices):
    DISCLOSED = "disclosed", _("予以公开")
    ALREADY_PUBLIC = "already_public", _("予以公开（已主动公开）")
    PARTIALLY_DISCLOSED = "partially_disclosed", _("部分公开")
    WITHHELD_STATE_SECRET = "withheld.state_secret", _("不予公开：属于国家秘密")
    WITHHELD_PROHIBITED_BY_LAW = "withheld.prohibited_by_law", _(
        "不予公开：其他法律行政法规禁止公开"
    )
    WITHHELD_SECURITY_STABILITY = "withheld.security_stability", _(
        "不予公开：危及“三安全一稳定”"
    )
    WITHHELD_THIRD_PARTY_RIGHTS = "withheld.third_party_rights", _(
        "不予公开：保护第三方合法权益"
    )
    WITHHELD_INTERNAL_AFFAIRS = "withheld.internal_affairs", _("不予公开：属于三类内部事务信息")
    WITHHELD_PROCESS_INFORMATION = "withheld.process_information", _(
        "不予公开：属于四类过程性信息"
    )
    WITHHELD_ENFORCEMENT_FILE = "withheld.enforcement_file", _("不予公开：属于行政执法案卷")
    WITHHELD_ADMINISTRATIVE_QUERY = "withheld.administrative_query", _(
        "不予公开：属于行政查询事项"
    )
    UNAVAILABLE_NOT_HELD = "unavailable.not_held", _("无法提供：本机关不掌握相关政府信息")
    UNAVAILABLE_OTHER_AGENCY = "unavailable.other_agency", _("无法提供：非本机关负责公开")
    UNAVAILABLE_NEEDS_CREATION = "unavailable.needs_creation", _(
        "无法提供：没有现成信息需要另行制作"
    )
    UNAVAILABLE_UNCLEAR = "unavailable.unclear_after_correction", _(
        "无法提供：补正后申请内容仍不明确"
    )
    NOT_PROCESSED_PETITION = "not_processed.petition", _("不予处理：信访举报投诉类申请")
    NOT_PROCESSED_REPEATED = "not_processed.repeated", _("不予处理：重复申请")
    NOT_PROCESSED_PUBLICATION = "not_processed.publication", _("不予处理：要求提供公开出版物")
    NOT_PROCESSED_EXCESSIVE = "not_processed.excessive", _("不予处理：无正当理由大量反复申请")
    NOT_PROCESSED_CONFIRM = "not_processed.confirm_or_reissue", _(
        "不予处理：要求行政机关确认或重新出具已获取信息"
    )
    OTHER_NO_CORRECTION = "other.no_correction", _("其他处理：逾期不补正")
    OTHER_NO_PAYMENT = "other.no_payment", _("其他处理：逾期未缴费")
    OTHER_WITHDRAWN = "other.withdrawn", _("其他处理：申请人撤回申请")


# Codes a handler may submit; other.* are set by their transitions.
SUBMITTABLE_DECISIONS = tuple(d for d in Decision if not d.value.startswith("other."))

"""One small declarative definition per letter kind (letters.md). Each turns a snapshot
(plain data captured when the letter is issued) into a ``LetterDocument``; no database here,
so the wording of every kind and decision code is testable as pure functions.

What users typed enters sentences only through :mod:`letters.typography`: a value continued by
the template loses its own closing punctuation (:func:`clause`), a multi-line field prints as
one inline item or as numbered paragraphs (:func:`listing`), and quotes nest. The snapshot is
normalised first (``\n`` line breaks, no control characters), so even data stored before the
boundary normalised it prints cleanly. The remedy paragraph is chosen by
:func:`rules.remedies.remedy_for` (kind, decision, date of the act).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from letters.layout import LetterDocument
from letters.typography import clause, items, listing, numbered, sentence
from rules.deadline import format_cn_date
from rules.remedies import Remedy, remedy_for
from rules.text import normalize_data, normalize_line

REGULATIONS = "《中华人民共和国政府信息公开条例》"
REVIEW_LAW = "《中华人民共和国行政复议法》"
FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

CHANNEL_TEXT = {
    "in_person": "当面提交",
    "mail": "邮寄",
    "online": "网上申请",
    "fax": "传真",
    "email": "电子邮件",
}
DELIVERY_TEXT = {
    ("paper", "mail"): "以纸质形式邮寄给您",
    ("paper", "pickup"): "以纸质形式由您到本机关领取",
    ("paper", "email"): "以纸质形式扫描后通过电子邮件发送给您",
    ("electronic", "mail"): "以电子文档形式刻录光盘后邮寄给您",
    ("electronic", "email"): "以电子文档形式通过电子邮件发送给您",
    ("electronic", "pickup"): "以电子文档形式由您到本机关领取",
}
SERVICE_TEXT = {"mail": "邮寄送达", "email": "电子邮件送达", "in_person": "直接送达"}


def cn(value: str | date | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return format_cn_date(value)


def you(ctx: dict) -> str:
    return "您" if ctx["applicant"]["kind"] == "person" else "你单位"


def remedy(ctx: dict, variant: Remedy) -> str:
    """The remedy paragraph (statute.md, "Remedies"); both bodies come from the agency."""
    agency, doc = ctx["agency"], ctx["_doc_name"]
    body, court = clause(agency["reconsideration_body"]), clause(agency["court"])
    if variant is Remedy.REVIEW_FIRST:
        # 行政复议法 Art. 23(1)(4), (2): reconsideration first, and the act must say so;
        # 行政诉讼法 Art. 45: suit within 15 days of receiving the reconsideration decision.
        return (
            f"如对本{doc}不服，根据{REVIEW_LAW}第二十三条第一款第（四）项的规定，应当先自收到"
            f"本{doc}之日起60日内向{body}申请行政复议；对行政复议决定不服的，可以自收到行政"
            f"复议决定书之日起15日内向{court}提起行政诉讼。"
        )
    return (
        f"如对本{doc}不服，可以自收到本{doc}之日起60日内向{body}申请行政复议，或者自收到"
        f"本{doc}之日起6个月内向{court}提起行政诉讼。"
    )


def _request(ctx: dict, lead: str, then: str = "") -> list[str]:
    """``lead`` + what was asked for: one item quoted inline, several numbered; ``then``
    continues the sentence (one item) or follows as a paragraph of its own (several)."""
    wanted = items(ctx["description"])
    if len(wanted) <= 1:
        return [f"{lead}申请获取“{wanted[0] if wanted else ''}”。{then}"]
    return [f"{lead}申请获取以下政府信息：", *numbered(wanted), *([then] if then else [])]


def opening(ctx: dict, then: str = "") -> list[str]:
    return _request(
        ctx,
        f"本机关于{cn(ctx['received_on'])}收到{you(ctx)}提出的政府信息公开申请"
        f"（编号：{ctx['case_number']}），",
        then,
    )


def request_summary(ctx: dict) -> list[str]:
    """The request as a department or a consulted party sees it: no applicant identity."""
    return _request(
        ctx,
        f"本机关于{cn(ctx['received_on'])}收到一件政府信息公开申请"
        f"（编号：{ctx['case_number']}），",
    )


def contact(ctx: dict) -> str:
    agency = ctx["agency"]
    parts = [agency.get("disclosure_office") or agency["name"]]
    if agency.get("phone"):
        parts.append(f"联系电话：{agency['phone']}")
    if agency.get("address"):
        parts.append(f"地址：{agency['address']}")
    return "联系单位：" + "，".join(parts)


def applicant_addressee(ctx: dict) -> str:
    """The applicant; with an agent (委托代理), care of the agent."""
    applicant = ctx["applicant"]
    agent = applicant.get("agent")
    if agent:
        return f"{applicant['name']}（委托代理人：{agent['name']}）"
    return applicant["name"]


@dataclass(frozen=True)
class Kind:
    """A letter kind: title, number family, addressee and the body paragraphs."""

    code: str
    title: str
    family: str  # the word in the number, e.g. 公开 in 郯政办公开〔2023〕12号; "" = unnumbered
    body: callable
    addressee: callable = field(default=lambda ctx: applicant_addressee(ctx))
    attachments: callable = field(default=lambda ctx: [])

    def remedy(self, ctx: dict) -> Remedy:
        return remedy_for(self.code, ctx.get("decision"), date.fromisoformat(ctx["issued_on"]))

    def document(self, ctx: dict, *, number: str | None, draft: bool) -> LetterDocument:
        ctx = {**normalize_data(ctx), "_doc_name": self.title[-3:]}  # 答复书, 通知书, 告知书
        paragraphs = list(self.body(ctx))
        variant = self.remedy(ctx)
        if variant is not Remedy.NONE:
            paragraphs.append(remedy(ctx, variant))
        return LetterDocument(
            letterhead=ctx["agency"]["name"],
            title=self.title,
            addressee=f"{name}：" if (name := normalize_line(self.addressee(ctx))) else "",
            paragraphs=paragraphs,
            signature=ctx["agency"]["name"],
            date_text=cn(ctx["issued_on"]),
            number=None if draft else number,
            attachments=list(self.attachments(ctx)),
            draft=draft,
            footer_note=contact(ctx),
        )


# -- the reply, by decision code (statute.md, Art. 36-39) --------------------------------------

ART = {
    "36.1": f"{REGULATIONS}第三十六条第（一）项",
    "36.2": f"{REGULATIONS}第三十六条第（二）项",
    "36.3": f"{REGULATIONS}第三十六条第（三）项",
    "36.4": f"{REGULATIONS}第三十六条第（四）项",
    "36.5": f"{REGULATIONS}第三十六条第（五）项",
    "36.6": f"{REGULATIONS}第三十六条第（六）项",
    "36.7": f"{REGULATIONS}第三十六条第（七）项",
}

WITHHELD_GROUNDS = {
    "withheld.state_secret": ("属于国家秘密", "第十四条"),
    "withheld.prohibited_by_law": ("属于法律、行政法规禁止公开的政府信息", "第十四条"),
    "withheld.security_stability": (
        "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
        "第十四条",
    ),
    "withheld.third_party_rights": (
        "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
        "第十五条",
    ),
    "withheld.internal_affairs": (
        "属于人事管理、后勤管理、内部工作流程等方面的内部事务信息",
        "第十六条第一款",
    ),
    "withheld.process_information": (
        "属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等"
        "过程性信息",
        "第十六条第二款",
    ),
    "withheld.enforcement_file": ("属于行政执法案卷信息", "第十六条第二款"),
}


def _disclosed_items(ctx: dict) -> list[str]:
    return items(ctx["details"].get("disclosed_items") or [])


def _delivery(ctx: dict) -> str:
    return DELIVERY_TEXT.get((ctx["delivery_format"], ctx["delivery_method"]), "提供给您")


def _with_reasons(lead: str, value, rest: str) -> list[str]:
    """A finding with the reasons the record gives: one reason in brackets
    (``lead（reason）。rest``), several as numbered paragraphs (``lead，具体如下：`` … ``rest``)."""
    reasons = items(value)
    if len(reasons) <= 1:
        reason = f"（{reasons[0]}）" if reasons else ""
        return [f"{lead}{reason}。{rest}"]
    return [f"{lead}，具体如下：", *numbered(reasons), rest]


def reply_decision(ctx: dict) -> list[str]:
    """The operative paragraphs of the reply: what the law requires for the decision code."""
    code, d = ctx["decision"], ctx["details"]
    if code == "disclosed":
        return listing(
            f"经审查，{you(ctx)}申请获取的政府信息属于公开范围。根据{ART['36.2']}的规定，"
            f"本机关予以公开，现{_delivery(ctx)}：",
            _disclosed_items(ctx),
        )
    if code == "already_public":
        return [
            f"经审查，{you(ctx)}申请获取的政府信息已经主动公开。根据{ART['36.1']}的规定，"
            "现告知获取该政府信息的方式和途径如下。"
        ]
    if code == "partially_disclosed":
        withheld = items(d.get("withheld"))
        if len(withheld) <= 1:
            finding = [f"经审查，{you(ctx)}申请获取的政府信息中，{sentence(d.get('withheld', ''))}"]
        else:
            finding = [
                f"经审查，{you(ctx)}申请获取的政府信息中，以下内容不予公开：",
                *numbered(withheld),
            ]
        return finding + listing(
            f"根据{REGULATIONS}第三十七条的规定，本机关对可以公开的部分予以提供，其余部分不予"
            f"公开。现{_delivery(ctx)}：",
            _disclosed_items(ctx),
        )
    if code in WITHHELD_GROUNDS:
        ground, article = WITHHELD_GROUNDS[code]
        return _with_reasons(
            f"经审查，{you(ctx)}申请获取的政府信息{ground}",
            d.get("withheld"),
            f"根据{REGULATIONS}{article}和第三十六条第（三）项的规定，本机关不予公开。",
        )
    if code == "withheld.administrative_query":
        return _with_reasons(
            f"经审查，{you(ctx)}申请获取的信息属于工商、不动产登记资料等有关法律、行政法规对"
            "信息的获取有特别规定的事项",
            d.get("withheld"),
            f"根据{ART['36.7']}的规定，请依照有关法律、行政法规的规定办理。",
        )
    if code == "unavailable.not_held":
        return [
            f"经检索，本机关未制作或者获取{you(ctx)}申请的政府信息，该政府信息不存在。"
            f"根据{ART['36.4']}的规定，特此告知。"
        ]
    if code == "unavailable.other_agency":
        referral = d.get("referral") or {}
        return [
            f"经审查，{you(ctx)}申请获取的政府信息不属于本机关负责公开。根据{ART['36.5']}"
            f"的规定，告知{you(ctx)}该政府信息由{clause(referral.get('agency', ''))}负责公开，"
            f"联系方式：{clause(referral.get('contact', ''))}。"
        ]
    if code == "unavailable.needs_creation":
        return [
            f"经审查，{you(ctx)}申请获取的信息需要本机关对现有政府信息进行加工、分析或者另行"
            f"制作。根据{REGULATIONS}第三十八条的规定，本机关不予提供。"
        ]
    if code == "unavailable.unclear_after_correction":
        return [
            f"本机关已要求{you(ctx)}对申请内容作出补正，补正后申请内容仍不明确。根据"
            f"{REGULATIONS}第三十条的规定，本机关无法按照{you(ctx)}的申请提供政府信息。"
        ]
    if code == "not_processed.petition":
        return [
            f"经审查，{you(ctx)}以政府信息公开申请的形式进行信访、投诉、举报等活动。根据"
            f"{REGULATIONS}第三十九条第一款的规定，本机关不作为政府信息公开申请处理，"
            f"请通过{clause(d['channel'])}提出。"
        ]
    if code == "not_processed.repeated":
        earlier = ctx.get("repeat_of")
        ref = f"（编号：{earlier}）" if earlier else ""
        return [
            f"经审查，{you(ctx)}提出的申请与此前已经答复的申请{ref}内容相同。根据"
            f"{ART['36.6']}的规定，本机关不予重复处理。"
        ]
    if code == "not_processed.publication":
        return [
            f"经审查，{you(ctx)}要求提供的是公开出版物。根据{REGULATIONS}第三十九条第二款的"
            f"规定，本机关告知获取的途径：{clause(d['channel'])}。"
        ]
    if code == "not_processed.excessive":
        return [
            f"经审查，{you(ctx)}申请公开政府信息的数量、频次明显超过合理范围，且说明的理由"
            f"不合理。根据{REGULATIONS}第三十五条的规定，本机关不予处理。"
        ]
    if code == "not_processed.confirm_or_reissue":
        # Art. 2 defines government information as what an agency has made or obtained and
        # keeps on record; a confirmation or a fresh copy of what the applicant already holds
        # is not such information, so the request is no disclosure application.
        return [
            f"经审查，{you(ctx)}要求本机关确认或者重新出具{you(ctx)}已经获取的信息。根据"
            f"{REGULATIONS}第二条的规定，政府信息是指行政机关在履行行政管理职能过程中制作或者"
            "获取的，以一定形式记录、保存的信息；确认或者重新出具已经获取的信息不属于申请获取"
            "政府信息，本机关不予处理。"
        ]
    raise ValueError(f"no reply wording for decision {code!r}")


def _free_text(text: str | None) -> list[str]:
    """A free-text field (the reply's own wording): one paragraph per line, as written."""
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def reply_body(ctx: dict):
    yield from opening(ctx, "现答复如下：")
    yield from reply_decision(ctx)
    yield from _free_text(ctx.get("reply_text"))


def receipt_body(ctx: dict):
    yield from _request(
        ctx,
        f"本机关已于{cn(ctx['received_on'])}收到{you(ctx)}通过"
        f"{CHANNEL_TEXT.get(ctx['channel'], ctx['channel'])}方式提出的政府信息公开申请，"
        f"申请编号为{ctx['case_number']}，",
    )
    yield (
        f"根据{REGULATIONS}第三十三条的规定，本机关将于{cn(ctx['reply_due'])}前作出答复。"
        "如需延长答复期限、征求第三方或者其他机关意见，本机关将另行书面告知。"
    )
    yield f"{you(ctx)}可以凭申请编号向本机关查询办理进度。"


def correction_body(ctx: dict):
    c = ctx["correction"]
    yield from opening(ctx)
    yield from listing(
        f"经审查，{you(ctx)}的申请内容不明确。根据{REGULATIONS}第三十条的规定，请对以下内容"
        "作出补正：",
        c["items"],
    )
    yield (
        f"请于{cn(c['due'])}前将补正后的申请提交本机关。答复期限自本机关收到补正后的申请之日起"
        f"计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"
    )


def reasons_body(ctx: dict):
    r = ctx["reasons"]
    yield from opening(ctx)
    yield (
        f"经审查，{you(ctx)}申请公开政府信息的数量、频次明显超过合理范围。根据{REGULATIONS}"
        f"第三十五条的规定，请于{cn(r['due'])}前说明理由。本机关认为理由不合理的，告知不予"
        "处理；认为理由合理，但是无法在规定期限内答复的，将确定合理期限并告知。"
    )


def assistance_body(ctx: dict):
    t = ctx["task"]
    yield from request_summary(ctx)
    yield from listing("请你单位协助调查：", t["instructions"])
    yield (
        f"请于{cn(t['due_on'])}前完成检索和保密审查，书面答复是否掌握该信息，并提供相关信息"
        "或者说明情况。"
    )


def _before(value) -> str:
    """"（2023年8月7日前）" when the last day is known; the letter usually leaves before it
    is (the period runs from the addressee's receipt)."""
    return f"（{cn(value)}前）" if value else ""


def consultation_party_body(ctx: dict):
    p = ctx["party"]
    yield from request_summary(ctx)
    if p["kind"] == "third_party":
        yield (
            f"经审查，该政府信息的公开可能损害你方合法权益。根据{REGULATIONS}第三十二条的规定，"
            f"现书面征求你方意见。请自收到本意见书之日起15个工作日内{_before(p.get('answer_due'))}"
            "提出意见；不同意公开的，请说明理由。"
        )
        yield (
            "逾期未提出意见的，由本机关依照条例的规定决定是否公开。第三方不同意公开且有合理"
            "理由的，本机关不予公开；但本机关认为不公开可能对公共利益造成重大影响的，可以"
            "决定予以公开，并将决定公开的政府信息内容和理由书面告知第三方。"
        )
    elif p.get("jointly_made", True):  # snapshots from before the field said "jointly made"
        yield (
            f"该政府信息由本机关与你单位共同制作。根据{REGULATIONS}第三十四条的规定，现征求"
            f"你单位意见。请自收到本意见书之日起15个工作日内{_before(p.get('answer_due'))}提出"
            "意见，逾期未提出意见的视为同意公开。"
        )
    else:
        # Not jointly made: Art. 34 (and its deemed consent) does not apply; Art. 11 asks the
        # agency to agree with the other agencies concerned before it discloses.
        yield (
            f"该政府信息涉及你单位。根据{REGULATIONS}第十一条的规定，现征求你单位意见。请自收到"
            f"本意见书之日起15个工作日内{_before(p.get('answer_due'))}提出意见；逾期未提出意见的，"
            "由本机关依照条例的规定决定是否公开。"
        )


def _consulted(parties: list[dict]) -> str:
    """Who is consulted, as the applicant may read it: a third party is never named (it may
    be a private person, whose name is not the applicant's to know); agencies are."""
    names: list[str] = []
    if any(p["kind"] == "third_party" for p in parties):
        names.append("第三方")
    names += [clause(p["name"]) for p in parties if p["kind"] != "third_party"]
    return "、".join(dict.fromkeys(names))


def consultation_notice_body(ctx: dict):
    parties = ctx["parties"]
    yield from opening(ctx)
    dates = sorted({p["sent_on"] for p in parties})
    when = f"已于{cn(dates[0])}" if len(dates) == 1 else "已分别于" + "、".join(map(cn, dates))
    yield (
        f"因{you(ctx)}申请的政府信息需要征求{_consulted(parties)}的意见，本机关{when}"
        f"发出征求意见书。根据{REGULATIONS}第三十三条第三款的规定，征求意见所需时间不计算在"
        "答复期限内。"
    )


def third_party_disclosure_body(ctx: dict):
    p = ctx["party"]
    yield (
        f"本机关于{cn(p['sent_on'])}就政府信息公开申请（编号：{ctx['case_number']}）征求你方"
        f"意见，你方不同意公开。"
    )
    disclosed = _disclosed_items(ctx) or items(ctx["description"])
    yield from listing(
        f"经审查，本机关认为不公开该政府信息可能对公共利益造成重大影响。根据{REGULATIONS}"
        f"第三十二条的规定，本机关决定予以公开，公开的内容为：",
        disclosed,
    )
    reasons = _free_text(ctx.get("reply_text"))
    if reasons:
        yield from listing("决定公开的理由：", reasons)


def extension_body(ctx: dict):
    e = ctx["extension"]
    yield from opening(ctx)
    approver = clause(e.get("approver") or "")  # never a login name; none when unrecorded
    approval = (
        f"经政府信息公开工作机构负责人{approver}同意，根据{REGULATIONS}第三十三条"
        f"第二款的规定，答复期限延长{e['working_days']}个工作日，延长后的答复期限为"
        f"{cn(e['new_due'])}。"
    )
    reasons = items(e["reason"])
    if len(reasons) <= 1:
        yield f"因{reasons[0] if reasons else ''}，本机关不能在规定期限内作出答复。{approval}"
    else:
        yield "因以下原因，本机关不能在规定期限内作出答复："
        yield from numbered(reasons)
        yield approval


def fee_body(ctx: dict):
    f = ctx["fee"]
    method = "按件计收" if f["method"] == "per_piece" else "按量计收"
    yield from opening(ctx)
    yield (
        f"经审查，{you(ctx)}申请公开政府信息的数量、频次明显超过合理范围。根据{REGULATIONS}"
        f"第四十二条和{FEE_RULES}的规定，本机关决定收取信息处理费。"
    )
    yield f"计收方式：{method}。计算过程：{sentence(f['computation'])}应缴金额：{f['amount']}元。"
    payment = f.get("payment") or {}
    where = ctx["agency"].get("disclosure_office") or ctx["agency"]["name"]
    how = [f"缴款渠道：{payment['channel']}"] if payment.get("channel") else []
    if payment.get("account"):
        how.append(f"收款账户：{payment['account']}")
    if payment.get("qr_text"):
        how.append(f"扫码缴款：{payment['qr_text']}")
    yield (
        f"请自收到本通知书次日起20个工作日内{_before(f.get('pay_due'))}按非税收入管理规定"
        f"缴纳" + (f"（{'；'.join(how)}）" if how else "") + f"，缴款凭证交{where}。逾期未缴纳"
        f"的，视为放弃申请，本机关不再处理该政府信息公开申请。自发出本通知书至{you(ctx)}缴费"
        "的期间，不计算在答复期限内。"
    )


def termination_body(ctx: dict):
    yield from opening(ctx)
    if ctx["decision"] == "other.no_correction":
        c = ctx["correction"]
        yield (
            f"本机关于{cn(c['notice_on'])}向{you(ctx)}发出补正告知书，要求于{cn(c['due'])}前"
            f"作出补正。{you(ctx)}无正当理由逾期未补正，根据{REGULATIONS}第三十条的规定，视为"
            "放弃申请，本机关不再处理该政府信息公开申请。"
        )
    else:
        f = ctx["fee"]
        yield (
            f"本机关于{cn(f['notice_on'])}向{you(ctx)}发出收费通知书，要求于{cn(f['pay_due'])}"
            f"前缴纳信息处理费{f['amount']}元。{you(ctx)}逾期未缴纳，根据{REGULATIONS}第四十二条"
            f"和{FEE_RULES}的规定，视为放弃申请，本机关不再处理该政府信息公开申请。"
        )


def delivery_body(ctx: dict):
    d = ctx["delivery"]
    yield f"送达文书：{d['document']}"
    yield f"受送达人：{ctx['applicant']['name']}"
    yield f"送达方式：{SERVICE_TEXT.get(d['method'], d['method'])}"
    yield f"送达日期：{cn(d['delivered_on'])}"
    if d.get("tracking_number"):
        yield f"邮件号：{d['tracking_number']}"
    yield f"送达人：{d.get('by') or '＿＿＿＿＿＿＿＿'}"  # a name, or a line to sign on
    # One blank per line, so neither breaks across lines.
    yield "受送达人签名：＿＿＿＿＿＿＿＿"
    yield "签收日期：＿＿＿＿年＿＿月＿＿日"


KINDS: dict[str, Kind] = {
    k.code: k
    for k in [
        Kind("receipt", "政府信息公开申请接收回执", "公开收", receipt_body),
        Kind("correction_notice", "补正告知书", "公开告", correction_body),
        Kind("reasons_notice", "说明理由告知书", "公开告", reasons_body),
        Kind(
            "assistance_request",
            "政府信息公开协助调查函",
            "公开协",
            assistance_body,
            addressee=lambda ctx: ctx["task"]["department"],
        ),
        Kind(
            "consultation_third_party",
            "政府信息公开征求意见书",
            "公开征",
            consultation_party_body,
            addressee=lambda ctx: ctx["party"]["name"],
        ),
        Kind(
            "consultation_agency",
            "政府信息公开征求意见书",
            "公开征",
            consultation_party_body,
            addressee=lambda ctx: ctx["party"]["name"],
        ),
        Kind("consultation_notice", "征求意见告知书", "公开告", consultation_notice_body),
        Kind(
            "third_party_disclosure_notice",
            "依申请公开告知书",
            "公开告",
            third_party_disclosure_body,
            addressee=lambda ctx: ctx["party"]["name"],
        ),
        Kind("extension_notice", "延期答复告知书", "公开告", extension_body),
        Kind("fee_notice", "收费通知书", "公开告", fee_body),
        Kind("reply", "政府信息公开申请答复书", "公开", reply_body),
        Kind("termination_notice", "终止办理告知书", "公开告", termination_body),
        Kind("delivery_receipt", "送达回证", "", delivery_body, addressee=lambda ctx: ""),
    ]
}

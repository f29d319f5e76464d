"""Proof, kind by kind and decision by decision: render the letter from a realistic case
snapshot, read it back with pypdf and check what the law requires (statute.md, letters.md):
the required sentences, the cited articles, the remedy variant for the act's date, clean text
(no control characters, no doubled punctuation, quotes nested), the page count, no page
number on page 1 and the closing (signature, date, 附注) together on the last page."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date

import pytest
from pypdf import PdfReader

from letters.kinds import KINDS
from letters.layout import render_letter
from letters.linebreak import NO_LINE_END, NO_LINE_START
from rules.remedies import Remedy, remedy_for
from rules.states import SUBMITTABLE_DECISIONS
from tests.letters.sample import context

NUMBER = "郯政办公开〔2023〕12号"
PAGE_NUMBER = re.compile(r"^—\s*(\d+)\s*—$")
A4 = (595.27, 841.89)
BODY = "郯城县人民政府"  # the sample agency's reconsideration body
COURT = "临沂市兰山区人民法院"


@dataclass
class Rendered:
    pdf: bytes
    pages: list[str]  # extracted text per page, page numbers included

    @property
    def text(self) -> str:
        """The text without page numbers (they sit between a paragraph's halves)."""
        lines = [line for page in self.pages for line in page.splitlines()]
        return "\n".join(line for line in lines if not PAGE_NUMBER.match(line.strip()))

    @property
    def flat(self) -> str:
        return re.sub(r"\s+", "", self.text)


def render(kind: str, **overrides) -> Rendered:
    ctx = context(**overrides)
    pdf = render_letter(KINDS[kind].document(ctx, number=NUMBER, draft=False))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    return Rendered(pdf, pages)


def assert_clean(letter: Rendered, *, pages: int, dated: str = "2023年9月26日") -> None:
    """What every letter must be, whatever its kind."""
    assert len(letter.pages) == pages, letter.pages
    for char in letter.text:
        assert char == "\n" or (ord(char) >= 0x20 and not 0x7F <= ord(char) <= 0x9F), repr(char)
    assert "\ufffd" not in letter.text and "☒" not in letter.text
    flat = letter.flat
    assert not re.search(r"[。；，、：]{2}", flat), flat
    assert not re.search(r"[。；，、：][”’）》]+[。；，、：]", flat), flat
    assert not re.search(r"[？！][”’]*。", flat), flat
    _assert_quotes_nest(flat)
    for line in letter.text.splitlines():
        line = line.strip()
        if line:
            assert line[0] not in NO_LINE_START, line
            assert line[-1] not in NO_LINE_END, line
    # GB/T 9704: no number on page 1 of a 信函; then "— n —".
    assert "—" not in letter.pages[0].splitlines()[-1]
    for number, page in enumerate(letter.pages[1:], start=2):
        assert PAGE_NUMBER.match(page.strip().splitlines()[-1]).group(1) == str(number)
    # The closing never parts: name, date and the contact note on the last page.
    last = re.sub(r"\s+", "", letter.pages[-1])
    assert f"郯城县人民政府办公室{dated}（联系单位：郯城县人民政府办公室政务公开科" in last, last


def _assert_quotes_nest(flat: str) -> None:
    depth = []
    for char in flat:
        if char in "“‘":
            expected = "“" if len(depth) % 2 == 0 else "‘"
            assert char == expected, flat
            depth.append(char)
        elif char in "”’" and depth and (char == "”") == (depth[-1] == "“"):
            depth.pop()
    assert not depth, flat


def assert_remedy(letter: Rendered, variant: Remedy, doc: str) -> None:
    flat = letter.flat
    if variant is Remedy.NONE:
        assert "行政复议" not in flat and "行政诉讼" not in flat
        return
    if variant is Remedy.REVIEW_FIRST:
        assert (
            f"如对本{doc}不服，根据《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，"
            f"应当先自收到本{doc}之日起60日内向{BODY}申请行政复议；对行政复议决定不服的，"
            f"可以自收到行政复议决定书之日起15日内向{COURT}提起行政诉讼。"
        ) in flat
        assert "6个月" not in flat and "或者自收到" not in flat  # never suing directly
    else:
        assert (
            f"如对本{doc}不服，可以自收到本{doc}之日起60日内向{BODY}申请行政复议，或者自收到"
            f"本{doc}之日起6个月内向{COURT}提起行政诉讼。"
        ) in flat
        assert "应当先" not in flat


# -- the reply, every decision code, on both sides of 2024-01-01 ---------------------------------

ARTICLE_BY_CODE = {
    "disclosed": ["第三十六条第（二）项"],
    "already_public": ["第三十六条第（一）项"],
    "partially_disclosed": ["第三十七条"],
    "withheld.state_secret": ["第十四条和第三十六条第（三）项"],
    "withheld.prohibited_by_law": ["第十四条和第三十六条第（三）项"],
    "withheld.security_stability": ["第十四条和第三十六条第（三）项"],
    "withheld.third_party_rights": ["第十五条和第三十六条第（三）项"],
    "withheld.internal_affairs": ["第十六条第一款和第三十六条第（三）项"],
    "withheld.process_information": ["第十六条第二款和第三十六条第（三）项"],
    "withheld.enforcement_file": ["第十六条第二款和第三十六条第（三）项"],
    "withheld.administrative_query": ["第三十六条第（七）项"],
    "unavailable.not_held": ["第三十六条第（四）项"],
    "unavailable.other_agency": ["第三十六条第（五）项"],
    "unavailable.needs_creation": ["第三十八条"],
    "unavailable.unclear_after_correction": ["第三十条"],
    "not_processed.petition": ["第三十九条第一款"],
    "not_processed.repeated": ["第三十六条第（六）项"],
    "not_processed.publication": ["第三十九条第二款"],
    "not_processed.excessive": ["第三十五条"],
    "not_processed.confirm_or_reissue": ["第二条"],
}

# The sentence each code needs, as the sample's details fill it in.
SAID_BY_CODE = {
    "disclosed": [
        "属于公开范围。根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，本机关"
        "予以公开，现以纸质形式邮寄给您：",
        "1.郯城县城区道路改造工程立项批复（郯发改投资〔2023〕15号）；2.工程概算表。",
    ],
    "already_public": ["已经主动公开"],
    "partially_disclosed": [
        "政府信息中，工程概算表中涉及投标单位报价的部分属于商业秘密。",
        "本机关对可以公开的部分予以提供，其余部分不予公开。现以纸质形式邮寄给您：1.",
    ],
    "withheld.state_secret": ["属于国家秘密（工程概算表中涉及", "本机关不予公开。"],
    "withheld.prohibited_by_law": ["属于法律、行政法规禁止公开的政府信息（", "不予公开"],
    "withheld.security_stability": ["危及国家安全、公共安全、经济安全、社会稳定（", "不予公开"],
    "withheld.third_party_rights": ["对第三方合法权益造成损害（", "不予公开"],
    "withheld.internal_affairs": ["内部事务信息（", "不予公开"],
    "withheld.process_information": ["过程性信息（", "不予公开"],
    "withheld.enforcement_file": ["行政执法案卷信息（", "不予公开"],
    "withheld.administrative_query": ["特别规定的事项（", "请依照有关法律、行政法规的规定办理"],
    "unavailable.not_held": ["该政府信息不存在"],
    "unavailable.other_agency": ["由临沂市自然资源和规划局负责公开，联系方式：0539-8123456。"],
    "unavailable.needs_creation": ["加工、分析或者另行制作", "不予提供"],
    "unavailable.unclear_after_correction": ["补正后申请内容仍不明确"],
    "not_processed.petition": ["请通过郯城县信访局（郯城县人民路3号）提出。"],
    "not_processed.repeated": ["（编号：郯政办依申〔2023〕3号）内容相同", "不予重复处理"],
    "not_processed.publication": ["获取的途径：郯城县信访局（郯城县人民路3号）。"],
    "not_processed.excessive": ["不予处理"],
    "not_processed.confirm_or_reissue": [
        "政府信息是指行政机关在履行行政管理职能过程中制作或者获取的，以一定形式记录、保存的信息",
        "本机关不予处理。",
    ],
}

# Page counts of the sample case: every reply runs onto a second page, which then holds at
# least its last two body lines with the closing.
REPLY_PAGES = {code: 2 for code in ARTICLE_BY_CODE}


def test_every_decision_code_has_a_test():
    codes = {d.value for d in SUBMITTABLE_DECISIONS}
    assert set(ARTICLE_BY_CODE) == codes == set(SAID_BY_CODE) == set(REPLY_PAGES)


@pytest.mark.parametrize("issued_on", ["2023-12-31", "2024-01-01"])
@pytest.mark.parametrize("code", sorted(ARTICLE_BY_CODE))
def test_reply_for_every_decision_code(code, issued_on):
    letter = render("reply", decision=code, issued_on=issued_on)
    flat = letter.flat
    year, _, _ = issued_on.split("-")
    assert "政府信息公开申请答复书" in flat and "张喆：" in flat and NUMBER in flat
    assert (
        "本机关于2023年7月14日收到您提出的政府信息公开申请（编号：郯政办依申〔2023〕12号），"
        "申请获取“2023年郯城县城区道路改造工程的立项批复文件及工程概算”。现答复如下："
    ) in flat
    for article in ARTICLE_BY_CODE[code]:
        assert article in flat, (code, article)
    for sentence in SAID_BY_CODE[code]:
        assert sentence in flat, (code, sentence)
    assert "如对提供的信息有疑问，可与本机关政务公开科联系。" in flat  # the handler's own text
    variant = remedy_for("reply", code, date.fromisoformat(issued_on))
    refusal = code.startswith("withheld.") or code == "partially_disclosed"
    assert variant is (
        Remedy.REVIEW_FIRST if refusal and year == "2024" else Remedy.REVIEW_OR_SUIT
    )
    assert_remedy(letter, variant, "答复书")
    assert_clean(letter, pages=REPLY_PAGES[code], dated=CN_DATE[issued_on])


CN_DATE = {"2023-12-31": "2023年12月31日", "2024-01-01": "2024年1月1日"}


def test_an_organisation_is_addressed_as_one():
    organisation = {"kind": "organization", "name": "某律师事务所", "address": ""}
    flat = render("reply", applicant=organisation).flat
    assert "某律师事务所：" in flat and "收到你单位提出" in flat


# -- every other kind ----------------------------------------------------------------------------

EXPECTED = {
    "receipt": [
        "政府信息公开申请接收回执",
        "本机关已于2023年7月14日收到您通过邮寄方式提出的政府信息公开申请，申请编号为"
        "郯政办依申〔2023〕12号，申请获取“2023年郯城县城区道路改造工程的立项批复文件及工程概算”。",
        "第三十三条的规定，本机关将于2023年8月11日前作出答复。",
        "查询办理进度",
    ],
    "correction_notice": [
        "补正告知书",
        "第三十条的规定，请对以下内容作出补正：请写明所需文件的名称或者文号。",
        "请于2023年8月4日前将补正后的申请提交本机关。",
        "视为放弃申请",
    ],
    "reasons_notice": ["说明理由告知书", "第三十五条", "请于2023年8月4日前说明理由。"],
    "later_reply_notice": [
        "确定答复期限告知书",
        "本机关于2023年7月18日要求您说明理由，您于2023年8月1日说明了理由。",
        "本机关认为理由合理，但是无法在《中华人民共和国政府信息公开条例》第三十三条规定的期限内答复",
        "第三十五条的规定，本机关确定延迟答复的合理期限为2023年9月15日，将于该日前作出答复。",
    ],
    "assistance_request": [
        "政府信息公开协助调查函",
        "县自然资源局：",
        "请你单位协助调查：请检索2023年道路改造工程立项批复。",
        "请于2023年7月24日前完成检索和保密审查",
    ],
    "consultation_third_party": [
        "政府信息公开征求意见书",
        "临沂某某建设有限公司：",
        "第三十二条",
        "请自收到本意见书之日起15个工作日内（2023年8月10日前）提出意见",
        "逾期未提出意见的，由本机关依照条例的规定决定是否公开。",
    ],
    "consultation_agency": [
        "政府信息公开征求意见书",
        "县财政局：",
        "该政府信息由本机关与你单位共同制作。根据《中华人民共和国政府信息公开条例》第三十四条",
        "逾期未提出意见的视为同意公开。",
    ],
    "consultation_notice": [
        "征求意见告知书",
        "因您申请的政府信息需要征求第三方的意见，本机关已于2023年7月20日发出征求意见书。",
        "第三十三条第三款的规定，征求意见所需时间不计算在答复期限内。",
    ],
    "third_party_disclosure_notice": [
        "依申请公开告知书",
        "临沂某某建设有限公司：",
        "本机关于2023年7月20日就政府信息公开申请（编号：郯政办依申〔2023〕12号）征求你方意见，"
        "你方不同意公开。",
        "公共利益造成重大影响。根据《中华人民共和国政府信息公开条例》第三十二条的规定",
        "1.郯城县城区道路改造工程立项批复（郯发改投资〔2023〕15号）；2.工程概算表。",
    ],
    "extension_notice": [
        "延期答复告知书",
        "因需要调取历史档案，本机关不能在规定期限内作出答复。经政府信息公开工作机构负责人"
        "张审批同意，根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，答复期限延长"
        "20个工作日，延长后的答复期限为2023年9月8日。",
    ],
    "fee_notice": [
        "收费通知书",
        "计收方式：按量计收。计算过程：按量收费：共101页；1—30页免费；31—100页70页×10元=700元；"
        "101—200页1页×20元=20元；合计720元。应缴金额：720元。",
        "国办函〔2020〕109号",
        "2023年8月22日前",
        "视为放弃申请",
    ],
    "termination_notice": [
        "终止办理告知书",
        "本机关于2023年7月18日向您发出补正告知书，要求于2023年8月4日前作出补正。",
        "第三十条的规定，视为放弃申请",
    ],
    "delivery_receipt": [
        "送达回证",
        "送达文书：政府信息公开申请答复书（郯政办公开〔2023〕12号）",
        "送达方式：邮寄送达",
        "送达日期：2023年9月27日",
        "邮件号：1100123456789",
        "送达人：王登记",
        "受送达人签名",
        "签收日期",
    ],
}

KIND_PAGES = {
    "receipt": 1,
    "correction_notice": 1,
    "reasons_notice": 1,
    "later_reply_notice": 1,
    "assistance_request": 1,
    "consultation_third_party": 2,
    "consultation_agency": 1,
    "consultation_notice": 1,
    "third_party_disclosure_notice": 2,
    "extension_notice": 1,
    "fee_notice": 2,
    "termination_notice": 1,
    "delivery_receipt": 1,
}

OVERRIDES = {
    "consultation_agency": {
        "party": {
            "kind": "agency",
            "name": "县财政局",
            "sent_on": "2023-07-20",
            "answer_due": "2023-08-10",
            "jointly_made": True,
        }
    },
    "termination_notice": {"decision": "other.no_correction"},
}

DOC_NAME = {kind: KINDS[kind].title[-3:] for kind in KINDS}


def test_every_kind_has_a_test():
    assert set(EXPECTED) | {"reply"} == set(KINDS) == set(KIND_PAGES) | {"reply"}


@pytest.mark.parametrize("issued_on", ["2023-12-31", "2024-01-01"])
@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_every_kind_says_what_letters_md_requires(kind, issued_on):
    letter = render(kind, issued_on=issued_on, **OVERRIDES.get(kind, {}))
    flat = letter.flat
    for phrase in EXPECTED[kind]:
        assert re.sub(r"\s+", "", phrase) in flat, (kind, phrase)
    decision = OVERRIDES.get(kind, {}).get("decision", "disclosed")
    variant = remedy_for(kind, decision, date.fromisoformat(issued_on))
    # Only the reply's refusals change on 2024-01-01; adverse notices keep the alternative.
    assert variant is (
        Remedy.REVIEW_OR_SUIT
        if kind in ("fee_notice", "termination_notice", "third_party_disclosure_notice")
        else Remedy.NONE
    )
    assert_remedy(letter, variant, DOC_NAME[kind])
    assert_clean(letter, pages=KIND_PAGES[kind], dated=CN_DATE[issued_on])


def test_termination_for_an_unpaid_fee_cites_article_42():
    flat = render("termination_notice", decision="other.no_payment").flat
    assert "第四十二条" in flat and "720元" in flat and "逾期未缴纳" in flat


def test_letters_to_departments_and_consulted_parties_never_name_the_applicant():
    for kind in ("assistance_request", "consultation_third_party", "consultation_agency"):
        assert "张喆" not in render(kind, **OVERRIDES.get(kind, {})).flat, kind


# -- what the record says, and nothing else ------------------------------------------------------


def test_the_notice_to_the_applicant_never_names_a_third_party():
    def party(kind, name, sent_on):
        return {"kind": kind, "name": name, "sent_on": sent_on, "answer_due": "2023-08-11"}

    parties = [
        party("third_party", "李某某", "2023-07-20"),  # private persons
        party("third_party", "王某", "2023-07-21"),
        party("agency", "县财政局", "2023-07-21"),
    ]
    flat = render("consultation_notice", parties=parties).flat
    assert "李某某" not in flat and "王某" not in flat
    assert "需要征求第三方、县财政局的意见，本机关已分别于2023年7月20日、2023年7月21日发出" in flat


def test_deemed_consent_only_for_jointly_made_information():
    party = {**OVERRIDES["consultation_agency"]["party"], "jointly_made": False}
    flat = render("consultation_agency", party=party).flat
    assert "视为同意" not in flat and "共同制作" not in flat and "第三十四条" not in flat
    assert "该政府信息涉及你单位。根据《中华人民共和国政府信息公开条例》第十一条的规定" in flat
    assert (
        "请自收到本意见书之日起15个工作日内（2023年8月10日前）提出意见；逾期未提出意见的，"
        "由本机关依照条例的规定决定是否公开。"
    ) in flat


@pytest.mark.parametrize("kind", ["agency", "third_party"])
def test_a_letter_sent_before_its_service_date_is_known_names_no_last_day(kind):
    party = {**OVERRIDES["consultation_agency"]["party"], "kind": kind, "served_on": None,
             "answer_due": None}
    kind = f"consultation_{kind}"
    flat = render(kind, party=party).flat
    assert "请自收到本意见书之日起15个工作日内提出" in flat and "前）" not in flat


def test_a_fee_notice_says_how_to_pay_and_without_a_service_date_no_last_day():
    fee = {
        **context()["fee"],
        "served_on": None,
        "pay_due": None,
        "payment": {
            "channel": "山东省非税收入统一缴款平台",
            "account": "郯城县财政局，账号1234567890",
            "qr_text": "https://pay.example.cn/tc",
        },
    }
    flat = render("fee_notice", fee=fee).flat
    assert "请自收到本通知书次日起20个工作日内按非税收入管理规定缴纳" in flat
    assert "缴款渠道：山东省非税收入统一缴款平台" in flat
    assert "收款账户：郯城县财政局，账号1234567890" in flat
    assert "扫码缴款：https://pay.example.cn/tc" in flat


def test_snapshots_from_before_the_field_keep_saying_jointly_made():
    party = dict(OVERRIDES["consultation_agency"]["party"])
    del party["jointly_made"]
    assert "视为同意公开" in render("consultation_agency", party=party).flat


def test_an_unnamed_approver_or_courier_is_never_replaced_by_a_login_name():
    extension = {**context()["extension"], "approver": ""}
    flat = render("extension_notice", extension=extension).flat
    assert "经政府信息公开工作机构负责人同意" in flat
    delivery = {**context()["delivery"], "by": ""}
    assert "送达人：＿＿＿＿＿＿＿＿" in render("delivery_receipt", delivery=delivery).flat


def test_confirm_or_reissue_cites_its_basis():
    flat = render("reply", decision="not_processed.confirm_or_reissue").flat
    assert "根据《中华人民共和国政府信息公开条例》第二条的规定" in flat


# -- typography: CRLF from a browser, the user's own numbering, quotes ---------------------------

BROWSER = {
    "description": "1、立项批复文件；\r\n2、工程概算。\r\n",
    "correction": {
        "items": "（1）写明文件名称\r\n（2）写明文号。\r\n",
        "due": "2023-08-04",
        "notice_on": "2023-07-18",
    },
    "task": {
        "department": "县自然资源局",
        "instructions": "检索立项批复\r\n检索工程概算\r\n",
        "due_on": "2023-07-24",
    },
    "extension": {
        "reason": "需要调取历史档案\r\n需要征求第三方意见",
        "working_days": 20,
        "approver": "张审批",
        "new_due": "2023-09-08",
    },
    "reply_text": "请查收。\r\n如有疑问请来电。",
    "details": {
        "disclosed_items": ["立项批复\r", "工程概算\x07"],
        "withheld": "涉及商业秘密；\r\n涉及个人隐私。",
        "referral": {"agency": "临沂市自然资源和规划局", "contact": "0539-8123456"},
        "channel": "郯城县信访局",
    },
}


@pytest.mark.parametrize(
    ("kind", "decision", "numbered"),
    [
        ("reply", "disclosed", ["1.立项批复文件；", "2.工程概算。", "1.立项批复；"]),
        ("reply", "withheld.third_party_rights", ["1.涉及商业秘密；", "2.涉及个人隐私。"]),
        ("reply", "partially_disclosed", ["1.涉及商业秘密；", "2.涉及个人隐私。"]),
        ("correction_notice", None, ["1.写明文件名称；", "2.写明文号。"]),
        ("assistance_request", None, ["1.检索立项批复；", "2.检索工程概算。"]),
        ("extension_notice", None, ["1.需要调取历史档案；", "2.需要征求第三方意见。"]),
        ("receipt", None, ["1.立项批复文件；", "2.工程概算。"]),
    ],
)
def test_multi_line_fields_become_numbered_paragraphs(kind, decision, numbered):
    overrides = dict(BROWSER)
    if decision:
        overrides["decision"] = decision
    letter = render(kind, **overrides)
    lines = [line.strip() for line in letter.text.splitlines()]
    for item in numbered:
        assert any(line.startswith(item[:4]) for line in lines), (item, lines)
        assert item in letter.flat, item
    assert "\r" not in letter.text and "\x07" not in letter.text
    assert "1、" not in letter.flat and "（1）" not in letter.flat
    assert not re.search(r"[。；，、：]{2}", letter.flat)


def test_free_text_keeps_its_lines_as_paragraphs():
    letter = render("reply", reply_text="请查收。\r\n如有疑问请来电。")
    lines = [line.strip() for line in letter.text.splitlines()]
    assert "请查收。" in lines and "如有疑问请来电。" in lines


def test_user_punctuation_meets_the_template_once():
    letter = render(
        "reply",
        decision="unavailable.other_agency",
        description="关于“道路改造”的批复。",
        details={"referral": {"agency": "市规划局。", "contact": "0539-8123456。"}},
    )
    flat = letter.flat
    assert "申请获取“关于‘道路改造’的批复”。" in flat
    assert "由市规划局负责公开，联系方式：0539-8123456。" in flat
    assert_clean(letter, pages=2, dated="2023年9月26日")


def test_rare_characters_print_and_copy():
    letter = render("reply", applicant={"kind": "person", "name": "王𠮷", "address": ""},
                    reply_text="请王𠀀先生查收。")
    assert "王𠮷：" in letter.flat and "请王𠀀先生查收。" in letter.flat
    assert b"SIPMing" in letter.pdf


def test_every_kind_is_a4_and_every_font_embedded(tmp_path):
    for kind in KINDS:
        letter = render(kind, **OVERRIDES.get(kind, {}))
        box = PdfReader(io.BytesIO(letter.pdf)).pages[0].mediabox
        width, height = float(box.width), float(box.height)
        assert (round(width, 1), round(height, 1)) == (round(A4[0], 1), round(A4[1], 1))
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts (poppler-utils) is not installed")
    path = tmp_path / "reply.pdf"
    rare = {"kind": "person", "name": "王𠮷", "address": ""}
    path.write_bytes(render("reply", applicant=rare).pdf)
    output = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    header, _rule, *rows = output.splitlines()
    assert any("SIPMing" in row for row in rows), output
    emb = header.index("emb")
    for row in rows:
        assert row[emb : emb + 3] == "yes", output


def test_draft_is_watermarked_and_unnumbered():
    pdf = render_letter(KINDS["reply"].document(context(), number=NUMBER, draft=True))
    flat = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "草稿" in flat and NUMBER not in flat

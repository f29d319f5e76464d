"""Every kind, every decision code: render, read back, and check what the law requires."""

import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from letters.kinds import KINDS
from letters.layout import render_letter
from rules.states import SUBMITTABLE_DECISIONS
from tests.letters.sample import context

PAGE_NUMBER = re.compile(r"^-\s*\d+\s*-$")
CLOSING = "，。、；：？！）》」』”’"
A4 = (595.27, 841.89)

ARTICLE_BY_CODE = {
    "disclosed": "第三十六条第（二）项",
    "already_public": "第三十六条第（一）项",
    "partially_disclosed": "第三十七条",
    "withheld.state_secret": "第十四条",
    "withheld.prohibited_by_law": "第十四条",
    "withheld.security_stability": "第十四条",
    "withheld.third_party_rights": "第十五条",
    "withheld.internal_affairs": "第十六条第一款",
    "withheld.process_information": "第十六条第二款",
    "withheld.enforcement_file": "第十六条第二款",
    "withheld.administrative_query": "第三十六条第（七）项",
    "unavailable.not_held": "第三十六条第（四）项",
    "unavailable.other_agency": "第三十六条第（五）项",
    "unavailable.needs_creation": "第三十八条",
    "unavailable.unclear_after_correction": "第三十条",
    "not_processed.petition": "第三十九条第一款",
    "not_processed.repeated": "第三十六条第（六）项",
    "not_processed.publication": "第三十九条第二款",
    "not_processed.excessive": "第三十五条",
    "not_processed.confirm_or_reissue": "不予处理",
}


def render(kind, **overrides):
    ctx = context(**overrides)
    pdf = render_letter(KINDS[kind].document(ctx, number="郯政办公开〔2023〕12号", draft=False))
    return pdf, text_of(pdf)


def text_of(pdf: bytes) -> str:
    import io

    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Page numbers ("- 1 -") sit between a paragraph's halves; drop them to read it whole.
    return "\n".join(line for line in text.splitlines() if not PAGE_NUMBER.match(line.strip()))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_no_line_starts_with_closing_punctuation(text: str):
    for line in text.splitlines():
        stripped = line.strip()
        assert not stripped or stripped[0] not in CLOSING, line


def assert_remedy(flat: str):
    assert "60日内向郯城县人民政府申请行政复议" in flat
    assert "6个月内向临沂市兰山区人民法院提起行政诉讼" in flat


def test_every_decision_code_has_a_test():
    assert set(ARTICLE_BY_CODE) == {d.value for d in SUBMITTABLE_DECISIONS}


@pytest.mark.parametrize("code", sorted(ARTICLE_BY_CODE))
def test_reply_for_every_decision_code(code):
    pdf, text = render("reply", decision=code)
    flat = squeeze(text)
    assert "政府信息公开申请答复书" in flat
    assert "张喆：" in flat
    assert "郯政办公开〔2023〕12号" in flat
    assert "2023年7月14日收到您提出的政府信息公开申请" in flat
    assert "2023年9月26日" in flat
    assert ARTICLE_BY_CODE[code] in flat
    assert_remedy(flat)
    assert_no_line_starts_with_closing_punctuation(text)


def test_reply_wording_carries_the_details_each_code_needs():
    flat = squeeze(render("reply", decision="unavailable.other_agency")[1])
    assert "临沂市自然资源和规划局" in flat and "0539-8123456" in flat
    flat = squeeze(render("reply", decision="not_processed.petition")[1])
    assert "郯城县信访局" in flat
    flat = squeeze(render("reply", decision="partially_disclosed")[1])
    assert "商业秘密" in flat and "工程概算表" in flat
    flat = squeeze(render("reply", decision="not_processed.repeated")[1])
    assert "郯政办依申〔2023〕3号" in flat


def test_organisation_is_addressed_as_an_organisation():
    flat = squeeze(
        render("reply", applicant={"kind": "organization", "name": "某律师事务所", "address": ""})[
            1
        ]
    )
    assert "某律师事务所：" in flat and "收到你单位提出" in flat


EXPECTED = {
    "receipt": [
        "政府信息公开申请接收回执",
        "郯政办依申〔2023〕12号",
        "2023年7月14日",
        "邮寄",
        "2023年8月11日前作出答复",
        "查询办理进度",
    ],
    "correction_notice": [
        "补正告知书",
        "第三十条",
        "请写明所需文件的名称或者文号",
        "2023年8月4日前",
        "视为放弃申请",
    ],
    "reasons_notice": ["说明理由告知书", "第三十五条", "2023年8月4日前说明理由"],
    "assistance_request": ["协助调查函", "县自然资源局：", "2023年7月24日前", "保密审查"],
    "consultation_third_party": [
        "征求意见书",
        "临沂某某建设有限公司：",
        "第三十二条",
        "15个工作日",
        "2023年8月10日前",
        "逾期未提出意见的",
    ],
    "consultation_agency": ["征求意见书", "第三十四条", "视为同意公开"],
    "consultation_notice": ["征求意见告知书", "第三十三条", "不计算在答复期限内"],
    "third_party_disclosure_notice": ["依申请公开告知书", "公共利益", "第三十二条"],
    "extension_notice": [
        "延期答复告知书",
        "20个工作日",
        "2023年9月8日",
        "张审批",
        "第三十三条第二款",
    ],
    "fee_notice": [
        "收费通知书",
        "按量计收",
        "720元",
        "国办函〔2020〕109号",
        "2023年8月22日前",
        "视为放弃申请",
    ],
    "termination_notice": ["终止办理告知书", "逾期未补正", "第三十条"],
    "delivery_receipt": [
        "送达回证",
        "邮寄送达",
        "2023年9月27日",
        "1100123456789",
        "受送达人签名",
        "签收日期",
    ],
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_every_kind_says_what_letters_md_requires(kind):
    overrides = {}
    if kind == "consultation_agency":
        overrides["party"] = {
            "kind": "agency",
            "name": "县财政局",
            "sent_on": "2023-07-20",
            "answer_due": "2023-08-10",
        }
    if kind == "termination_notice":
        overrides["decision"] = "other.no_correction"
    pdf, text = render(kind, **overrides)
    flat = squeeze(text)
    for phrase in EXPECTED[kind]:
        assert squeeze(phrase) in flat, (kind, phrase)
    assert_no_line_starts_with_closing_punctuation(text)
    if kind in ("fee_notice", "termination_notice"):
        assert_remedy(flat)


def test_termination_for_unpaid_fee_cites_article_42():
    flat = squeeze(render("termination_notice", decision="other.no_payment")[1])
    assert "第四十二条" in flat and "720元" in flat


def test_assistance_and_consultation_letters_never_show_the_applicant():
    for kind in ("assistance_request", "consultation_third_party"):
        assert "张喆" not in squeeze(render(kind)[1])


def test_every_kind_is_a4_and_every_font_embedded(tmp_path):
    import io

    for kind in KINDS:
        pdf, _ = render(kind)
        reader = PdfReader(io.BytesIO(pdf))
        width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
        assert (round(width, 1), round(height, 1)) == (round(A4[0], 1), round(A4[1], 1))
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts (poppler-utils) is not installed")
    path = tmp_path / "reply.pdf"
    path.write_bytes(render("reply")[0])
    output = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    header, _rule, *rows = output.splitlines()
    assert rows
    emb = header.index("emb")
    for row in rows:
        assert row[emb : emb + 3] == "yes", output


def test_draft_is_watermarked_and_unnumbered():
    ctx = context()
    pdf = render_letter(KINDS["reply"].document(ctx, number="郯政办公开〔2023〕12号", draft=True))
    flat = squeeze(text_of(pdf))
    assert "草稿" in flat
    assert "郯政办公开〔2023〕12号" not in flat

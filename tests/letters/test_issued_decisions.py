"""Replies that say only what the record shows (issue 13), through the API and the case page's
forms, read back from the stored PDFs: the route of already-published information, the grounds
of a withheld part, the referral's reason, the earlier case of a repeated application, the Art.
35 step before an excessive request is refused, and the 依申请公开告知书 only to the third
parties whose objection is overridden, each with its own reason."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.models import Case
from tests.cases.helpers import ORGANIZATION, make_case
from tests.letters.test_issued_letters import text_of
from workflow import clock, services

pytestmark = pytest.mark.django_db


def fire(api, case, name, payload=None):
    return api.post(f"/api/v1/cases/{case.pk}/transitions/{name}/", payload or {}, format="json")


def act(client, case, name, data):
    return client.post(f"/cases/{case.pk}/actions/{name}/", data)


def errors(response) -> dict:
    assert response.status_code == 400, response.content
    return response.json()["errors"]


def reply_text(case, approver) -> str:
    services.approve_reply(case=case, actor=approver, issued_on=date(2023, 8, 1))
    return text_of(case.letters.get(kind="reply"))


def clean(body: str) -> None:
    assert not re.search(r"[。；，、：]{2}", body), body
    assert "\r" not in body and "\ufffd" not in body


@pytest.fixture
def case(agency, clerk):
    return make_case(agency, clerk)


# -- already_public: where and when ----------------------------------------------------------


def test_already_public_requires_its_route(api_as, case, handler):
    payload = {"decision": "already_public", "text": "请自行查阅。"}
    assert set(errors(fire(api_as(handler), case, "submit_reply", payload))) == {
        "public_route.where",
        "public_route.published_on",
    }
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    payload["public_route"] = {"where": "县政府网站", "published_on": future}
    assert "public_route.published_on" in errors(
        fire(api_as(handler), case, "submit_reply", payload)
    )


def test_already_public_prints_where_and_when(api_as, case, handler, approver):
    payload = {
        "decision": "already_public",
        "text": "请自行查阅。",
        "public_route": {
            "where": "郯城县人民政府网站“政府信息公开”专栏（www.tancheng.gov.cn）",
            "published_on": "2023-05-06",
        },
    }
    assert fire(api_as(handler), case, "submit_reply", payload).status_code == 200
    body = reply_text(case, approver)
    assert (
        "现告知获取该政府信息的方式和途径如下：该政府信息已于2023年5月6日在郯城县人民政府网站"
        "“政府信息公开”专栏（www.tancheng.gov.cn）主动公开，您可以通过该途径查阅、获取。"
    ) in body
    assert "第三十六条第（一）项" in body
    clean(body)


# -- partially_disclosed: the grounds of the withheld part -----------------------------------


def test_a_partial_disclosure_cites_the_articles_of_its_grounds(client, case, handler, approver):
    client.force_login(handler)
    data = {
        "decision": "partially_disclosed",
        "text": "部分公开。",
        "disclosed_items": "立项批复\r\n工程概算表（删除报价部分）",
        "withheld": "概算表中的投标报价和内部审核意见",
    }
    missing = act(client, case, "submit_reply", data)
    assert missing.status_code == 400
    assert 'id="id_submit_reply_withheld_grounds_error"' in missing.content.decode()
    data["withheld_grounds"] = ["withheld.third_party_rights", "withheld.process_information"]
    assert act(client, case, "submit_reply", data).status_code == 302
    body = reply_text(case, approver)
    assert (
        "根据《中华人民共和国政府信息公开条例》第十五条、第十六条第二款、第三十六条第（三）项和"
        "第三十七条的规定，本机关对可以公开的部分予以提供"
    ) in body
    assert "应当先自收到本答复书之日起60日内" not in body  # dated 2023: the alternative
    clean(body)


def test_a_ground_outside_14_15_16_is_refused(api_as, case, handler):
    payload = {
        "decision": "partially_disclosed",
        "text": "x",
        "disclosed_items": ["立项批复"],
        "withheld": "登记资料",
        "withheld_grounds": ["withheld.administrative_query"],
    }
    assert "withheld_grounds.0" in errors(fire(api_as(handler), case, "submit_reply", payload))


# -- unavailable: the referral's reason; unclear only after a correction ---------------------


def test_a_referral_gives_its_reason(api_as, case, handler, approver):
    payload = {
        "decision": "unavailable.other_agency",
        "text": "请向该局申请。",
        "referral": {"agency": "郯城县发展和改革局", "contact": "0539-6221000"},
    }
    assert "referral.reason" in errors(fire(api_as(handler), case, "submit_reply", payload))
    payload["referral"]["reason"] = "该批复由郯城县发展和改革局制作并保存"
    assert fire(api_as(handler), case, "submit_reply", payload).status_code == 200
    body = reply_text(case, approver)
    assert (
        "不属于本机关负责公开（该批复由郯城县发展和改革局制作并保存）。根据《中华人民共和国政府"
        "信息公开条例》第三十六条第（五）项的规定，告知您该政府信息由郯城县发展和改革局负责公开"
    ) in body


def test_unclear_after_correction_is_a_409_without_a_received_correction(
    api_as, case, handler, clerk, approver
):
    payload = {"decision": "unavailable.unclear_after_correction", "text": "仍不明确。"}
    response = fire(api_as(handler), case, "submit_reply", payload)
    assert response.status_code == 409 and "补正" in response.json()["detail"]
    services.request_correction(
        case=case, actor=clerk, items="请写明文件名称", correction_due=date(2023, 7, 28),
        notice_on=date(2023, 7, 17),
    )
    # Awaiting the correction, submit_reply is not offered at all.
    assert fire(api_as(handler), case, "submit_reply", payload).status_code == 409
    services.receive_correction(
        case=case, actor=clerk, received_on=date(2023, 7, 20), description="有关文件"
    )
    assert fire(api_as(handler), case, "submit_reply", payload).status_code == 200
    body = reply_text(case, approver)
    assert "本机关已要求您对申请内容作出补正，补正后申请内容仍不明确" in body
    assert "第三十条" in body


# -- not_processed.repeated: the earlier case of the same applicant --------------------------


def test_a_repeated_application_names_the_earlier_answered_case(
    api_as, agency, case, clerk, handler, approver
):
    payload = {"decision": "not_processed.repeated", "text": "重复申请。"}
    assert "repeat_of" in errors(fire(api_as(handler), case, "submit_reply", payload))
    earlier = make_case(agency, clerk, received_on=date(2023, 6, 1))
    payload["repeat_of"] = earlier.pk
    # Not answered yet: nothing to repeat.
    assert "repeat_of" in errors(fire(api_as(handler), case, "submit_reply", payload))
    services.submit_reply(case=earlier, actor=handler, decision="disclosed", text="公开",
                          details={"disclosed_items": ["立项批复"]})
    services.approve_reply(case=earlier, actor=approver, issued_on=date(2023, 6, 20))
    stranger = make_case(agency, clerk, received_on=date(2023, 6, 1), applicant=ORGANIZATION)
    services.submit_reply(case=stranger, actor=handler, decision="unavailable.not_held", text="x")
    services.approve_reply(case=stranger, actor=approver, issued_on=date(2023, 6, 20))
    assert "repeat_of" in errors(
        fire(api_as(handler), case, "submit_reply", {**payload, "repeat_of": stranger.pk})
    )
    assert "repeat_of" in errors(
        fire(api_as(handler), case, "submit_reply", {**payload, "repeat_of": case.pk})
    )
    assert fire(api_as(handler), case, "submit_reply", payload).status_code == 200
    body = reply_text(case, approver)
    assert (
        f"您提出的申请与本机关已于2023年6月20日答复的申请（编号：{earlier.number}）内容相同"
    ) in body
    assert "第三十六条第（六）项" in body
    clean(body)


def test_the_web_form_takes_the_earlier_case_by_its_number(
    client, agency, case, clerk, handler, approver
):
    earlier = make_case(agency, clerk, received_on=date(2023, 6, 1))
    services.submit_reply(case=earlier, actor=handler, decision="unavailable.not_held", text="x")
    services.approve_reply(case=earlier, actor=approver, issued_on=date(2023, 6, 20))
    client.force_login(handler)
    data = {"decision": "not_processed.repeated", "text": "重复申请。", "repeat_of": "不存在"}
    response = act(client, case, "submit_reply", data)
    assert response.status_code == 400
    assert 'id="id_submit_reply_repeat_of_error"' in response.content.decode()
    data["repeat_of"] = earlier.number
    assert act(client, case, "submit_reply", data).status_code == 302
    assert Case.objects.get(pk=case.pk).decision_details["repeat_of"]["id"] == earlier.pk


# -- Art. 35: reasons before an excessive request is refused ---------------------------------


EXCESSIVE = {"decision": "not_processed.excessive", "text": "不予处理。"}


def test_excessive_needs_the_reasons_step_first(api_as, case, handler, approver):
    response = fire(api_as(handler), case, "submit_reply", EXCESSIVE)
    assert response.status_code == 409 and "第三十五条" in response.json()["detail"]
    response = fire(
        api_as(handler), case, "request_reasons",
        {"notice_on": "2023-07-17", "reasons_due": "2023-07-31"},
    )
    assert response.status_code == 200
    notice = text_of(case.letters.get(kind="reasons_notice"))
    assert "第三十五条的规定，请于2023年7月31日前说明理由。" in notice
    assert "行政复议" not in notice
    assert fire(api_as(handler), case, "request_reasons",
                {"reasons_due": "2023-08-10"}).status_code == 409  # once
    response = fire(
        api_as(handler), case, "record_reasons",
        {"answered_on": "2023-07-25", "answer": "为撰写论文", "reasonable": False},
    )
    assert response.status_code == 200
    assert not case.letters.filter(kind="later_reply_notice").exists()
    assert fire(api_as(handler), case, "submit_reply", EXCESSIVE).status_code == 200
    body = reply_text(case, approver)
    assert (
        "本机关于2023年7月17日要求您说明理由，您说明的理由不合理。根据《中华人民共和国政府信息"
        "公开条例》第三十五条的规定，本机关不予处理。"
    ) in body
    clean(body)


def test_no_answer_allows_excessive_only_after_the_period(agency, clerk, handler, api_as):
    today = timezone.localdate()
    case = make_case(agency, clerk, received_on=today - timedelta(days=3))
    services.request_reasons(
        case=case, actor=handler, notice_on=today, reasons_due=today + timedelta(days=10)
    )
    response = fire(api_as(handler), case, "submit_reply", EXCESSIVE)
    assert response.status_code == 409 and "届满前" in response.json()["detail"]


def test_silence_past_the_period_is_said_so(api_as, case, handler, approver):
    services.request_reasons(
        case=case, actor=handler, notice_on=date(2023, 7, 17), reasons_due=date(2023, 7, 31)
    )
    assert fire(api_as(handler), case, "submit_reply", EXCESSIVE).status_code == 200
    body = reply_text(case, approver)
    assert "本机关于2023年7月17日要求您说明理由，您未在2023年7月31日前说明理由。" in body
    assert "说明的理由不合理" not in body


def test_reasonable_reasons_set_a_later_date_that_is_notified(client, case, handler, api_as):
    services.request_reasons(
        case=case, actor=handler, notice_on=date(2023, 7, 17), reasons_due=date(2023, 7, 31)
    )
    due = clock.case_deadline(Case.objects.get(pk=case.pk)).due
    client.force_login(handler)
    data = {
        "answered_on": "2023-07-25",
        "answer": "所申请的108件文件均为本人拆迁补偿诉讼所需",
        "reasonable": "true",
        "later_due": due.isoformat(),  # not later than the statutory date
    }
    response = act(client, case, "record_reasons", data)
    assert response.status_code == 400
    assert 'id="id_record_reasons_later_due_error"' in response.content.decode()
    data["later_due"] = "2023-10-31"
    assert act(client, case, "record_reasons", data).status_code == 302
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.reply_due == date(2023, 10, 31)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "理由合理" in page and "2023年10月31日" in page
    assert api_as(handler).get(f"/api/v1/cases/{case.pk}/").json()["deadline"]["due"] == (
        "2023-10-31"
    )
    notice = text_of(case.letters.get(kind="later_reply_notice"))
    assert "本机关于2023年7月17日要求您说明理由，您于2023年7月25日说明了理由。" in notice
    assert "本机关确定延迟答复的合理期限为2023年10月31日，将于该日前作出答复。" in notice
    clean(notice)
    response = fire(api_as(handler), case, "submit_reply", EXCESSIVE)
    assert response.status_code == 409 and "理由已认定为合理" in response.json()["detail"]


def test_an_unreasonable_answer_sets_no_date(api_as, case, handler):
    services.request_reasons(
        case=case, actor=handler, notice_on=date(2023, 7, 17), reasons_due=date(2023, 7, 31)
    )
    response = fire(
        api_as(handler), case, "record_reasons",
        {"answered_on": "2023-07-25", "answer": "x", "reasonable": False,
         "later_due": "2023-10-31"},
    )
    assert "later_due" in errors(response)
    response = fire(
        api_as(handler), case, "record_reasons",
        {"answered_on": "2023-07-16", "answer": "x", "reasonable": False},
    )
    assert "answered_on" in errors(response)  # before the notice


# -- third_party_override: the 依申请公开告知书 to exactly the named parties -----------------


@pytest.fixture
def objected(case, handler):
    """Two third parties consulted; both object."""
    services.consult(case=case, actor=handler, parties=[
        {"kind": "third_party", "name": "临沂某某建设有限公司", "sent_on": date(2023, 7, 17)},
        {"kind": "third_party", "name": "王某某", "sent_on": date(2023, 7, 17)},
    ])
    company, person = case.consultations.order_by("id")
    for party in (company, person):
        services.answer_consultation(consultation=party, actor=handler,
                                     answered_on=date(2023, 7, 20), opinion="objection",
                                     text="不同意公开")
    services.conclude_consultation(case=case, actor=handler)
    return company, person


DISCLOSED = {
    "decision": "disclosed",
    "text": "请查收。",
    "disclosed_items": ["工程概算表"],
}


def test_an_objection_alone_issues_no_notice(api_as, case, handler, approver, objected):
    assert fire(api_as(handler), case, "submit_reply", DISCLOSED).status_code == 200
    services.approve_reply(case=case, actor=approver, issued_on=date(2023, 8, 1))
    assert not case.letters.filter(kind="third_party_disclosure_notice").exists()


def test_the_notice_goes_to_the_named_party_with_its_reason_before_the_reply(
    api_as, case, handler, approver, objected
):
    company, person = objected
    reason = "该工程使用财政资金，概算表关系公众对公共资金使用的监督"
    payload = {**DISCLOSED, "third_party_override": [
        {"consultation": company.pk, "reason": reason}
    ]}
    assert fire(api_as(handler), case, "submit_reply", payload).status_code == 200
    services.approve_reply(case=case, actor=approver, issued_on=date(2024, 2, 1),
                           late_reason="征求第三方意见后需复核")
    notices = list(case.letters.filter(kind="third_party_disclosure_notice"))
    assert [n.addressee for n in notices] == ["临沂某某建设有限公司"]
    reply = case.letters.get(kind="reply")
    assert notices[0].pk < reply.pk and notices[0].issued_on == reply.issued_on
    body = text_of(notices[0])
    assert f"决定公开的理由：{reason}。" in body
    assert "请查收" not in body  # the reply's own text is not its reason
    # A decision to disclose is not a refusal: the alternative, also in 2024.
    assert "或者自收到本告知书之日起6个月内" in body
    clean(body)


def test_overrides_are_checked(api_as, case, handler, objected, agency, clerk):
    company, person = objected
    api = api_as(handler)
    payload = {**DISCLOSED, "third_party_override": [{"consultation": company.pk, "reason": ""}]}
    assert "third_party_override.0.reason" in errors(fire(api, case, "submit_reply", payload))
    other = make_case(agency, clerk)
    services.consult(case=other, actor=handler, parties=[
        {"kind": "third_party", "name": "李某", "sent_on": date(2023, 7, 17)}])
    foreign = other.consultations.get()
    payload["third_party_override"] = [{"consultation": foreign.pk, "reason": "公共利益"}]
    assert "third_party_override.0.consultation" in errors(
        fire(api, case, "submit_reply", payload)
    )
    withheld = {
        "decision": "withheld.third_party_rights", "text": "x", "withheld": "商业秘密",
        "third_party_override": [{"consultation": company.pk, "reason": "公共利益"}],
    }
    assert "third_party_override" in errors(fire(api, case, "submit_reply", withheld))


def test_the_web_form_offers_each_objecting_party(client, case, handler, approver, objected):
    company, person = objected
    client.force_login(handler)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'name="override.{company.pk}"' in html and f'name="override.{person.pk}"' in html
    data = {
        "decision": "disclosed",
        "text": "请查收。",
        "disclosed_items": "工程概算表",
        f"override.{person.pk}": "on",
    }
    response = act(client, case, "submit_reply", data)
    assert response.status_code == 400
    assert f'id="id_submit_reply_override.{person.pk}.reason_error"' in response.content.decode()
    data[f"override.{person.pk}.reason"] = "涉及公共安全隐患，不公开可能对公共利益造成重大影响"
    assert act(client, case, "submit_reply", data).status_code == 302
    services.approve_reply(case=case, actor=approver, issued_on=date(2023, 8, 1))
    assert [n.addressee for n in case.letters.filter(kind="third_party_disclosure_notice")] == [
        "王某某"
    ]

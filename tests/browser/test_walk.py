"""One case from intake to archive across every role, in a real Chromium: a validation
error, a consultation pause, a rejected then approved reply, and a PDF download."""

import re

import pytest

from cases.models import Case
from rules.states import Status
from tests.browser.conftest import screenshot
from tests.browser.pages import act, fill, message

APPLICATION = {
    "applicant-kind": "person",
    "applicant-name": "张三",
    "applicant-id_type": "resident_id",
    "applicant-phone": "13800138000",
    "applicant-address": "山东省临沂市郯城县人民路2号",
    "channel": "in_person",
    "received_on": "2023-07-14",
    "description": "2023年郯城县城区道路改造工程的立项批复文件",
    "delivery_format": "paper",
    "delivery_method": "mail",
}


def test_a_whole_case_from_intake_to_archive(visit):
    # The clerk registers; a wrong ID number is refused next to its field, typed values stay.
    clerk = visit("clerk")
    screenshot(clerk, "walk-home-clerk")
    clerk.goto(f"{clerk.base_url}/cases/new/")
    fill(clerk, "form.case-form", {**APPLICATION, "applicant-id_number": "110105194912310021"})
    clerk.click("form.case-form button[type=submit]")
    error = clerk.inner_text(".field:has(#id_applicant-id_number) .errorlist")
    assert "校验位" in error
    assert clerk.input_value("#id_applicant-name") == "张三"
    screenshot(clerk, "intake-error")
    fill(clerk, "form.case-form", {"applicant-id_number": "11010519491231002X"})
    with clerk.expect_navigation():
        clerk.click("form.case-form button[type=submit]")
    number = clerk.inner_text("h1")
    assert re.fullmatch(r"郯政办依申〔2023〕\d+号", number)
    case = Case.objects.get(number=number)
    case_url = f"{clerk.base_url}/cases/{case.pk}/"

    # The handler assigns department A.
    handler = visit("handler")
    handler.goto(case_url)
    html = handler.content()
    row = re.search(r'name="tasks\.(\d+)\.department"[^>]*>\s*<label[^>]*>交办给县自然资源局', html)
    assert row, "department A is offered in the assign form"
    i = row.group(1)
    act(
        handler,
        "assign",
        {
            "assigned_on": "2023-07-17",
            f"tasks.{i}.department": True,
            f"tasks.{i}.instructions": "请检索立项批复",
            f"tasks.{i}.due_on": "2023-07-24",
        },
    )
    assert handler.inner_text("header.case-head .status") == "协助调查"

    # Department A answers from its inbox.
    liaison = visit("dept_a")
    screenshot(liaison, "walk-home-liaison")
    liaison.goto(f"{liaison.base_url}/tasks/")
    with liaison.expect_navigation():
        liaison.click(f"a:has-text('{number}')")
    assert "张三" not in liaison.content()
    fill(
        liaison,
        "form:has([name=answer])",
        {"holds_information": "true", "answer": "我局保存有该批复", "responded_on": "2023-07-20"},
    )
    with liaison.expect_navigation():
        liaison.click("form:has([name=answer]) button[type=submit]")

    # The handler consults a third party: the clock pauses; the answer is recorded.
    handler.goto(case_url)
    act(
        handler,
        "consult",
        {
            "parties.0.kind": "third_party",
            "parties.0.name": "临沂某某建设有限公司",
            "parties.0.sent_on": "2023-07-21",
        },
    )
    assert Case.objects.get(pk=case.pk).status == Status.CONSULTING
    answer_form = "section[aria-labelledby=h-consult] form[action$='/answer/']"
    handler.click("section[aria-labelledby=h-consult] details:has(form[action$='/answer/'])"
                  " > summary")
    fill(
        handler,
        answer_form,
        {"answered_on": "2023-07-28", "opinion": "consent", "text": "同意公开"},
    )
    with handler.expect_navigation():
        handler.click(f"{answer_form} button[type=submit]")
    assert "暂停" in handler.inner_text("section[aria-labelledby=h-deadline]")
    act(handler, "conclude_consultation")
    screenshot(handler, "case-page")
    handler.goto(f"{handler.base_url}/")
    screenshot(handler, "walk-home-handler")
    handler.goto(case_url)

    # Draft, rejected, redrafted, approved.
    act(
        handler,
        "submit_reply",
        {"decision": "disclosed", "text": "予以公开", "disclosed_items": "立项批复"},
    )
    approver = visit("approver")
    screenshot(approver, "walk-home-approver")
    approver.goto(case_url)
    act(approver, "reject_reply", {"comment": "请写明批复文号"})
    assert Case.objects.get(pk=case.pk).status == Status.DRAFTING
    handler.goto(case_url)
    act(handler, "submit_reply", {"disclosed_items": "立项批复（郯发改投资〔2023〕15号）"})
    approver.goto(case_url)
    act(approver, "approve_reply", {"issued_on": "2023-08-01"})
    assert "签发答复" in message(approver)
    assert Case.objects.get(pk=case.pk).status == Status.REPLIED

    # The clerk downloads the reply, records the delivery and archives.
    clerk.goto(case_url)
    with clerk.expect_download() as download:
        clerk.click("a[data-letter=reply]")
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    act(
        clerk,
        "record_delivery",
        {"method": "mail", "delivered_on": "2023-08-02", "tracking_number": "1100123456789"},
    )
    act(clerk, "archive")
    assert Case.objects.get(pk=case.pk).status == Status.ARCHIVED
    assert clerk.locator("details.action").count() == 0

    # The auditor finds it read-only.
    auditor = visit("auditor")
    screenshot(auditor, "walk-home-auditor")
    assert auditor.locator("[data-home=auditor]").count() == 1


@pytest.mark.parametrize("who", ["clerk", "handler", "approver", "dept_a", "auditor", "admin"])
def test_every_role_lands_on_its_workspace(visit, who):
    page = visit(who)
    marker = {"dept_a": "liaison", "admin": "agency_admin"}.get(who, who)
    assert page.locator(f"[data-home={marker}]").count() == 1
    screenshot(page, f"home-{marker}")


def test_the_login_form_works_from_the_keyboard(browser, live_server, demo):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.evaluate("document.activeElement.id") == "id_username"  # autofocus
    page.keyboard.type("clerk")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type("demo1234")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("[data-home=clerk]").count() == 1
    context.close()

"""Each role walks its own part of a case in Chromium (the case is prepared through the
services, as other roles would have left it)."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from agencies.models import Agency, Department
from cases.models import Case
from rules.states import Status
from tests.browser.conftest import screenshot
from tests.browser.pages import act, fill, message
from tests.cases.helpers import make_case
from workflow import services


def user(username):
    return get_user_model().objects.select_related("membership").get(username=username)


@pytest.fixture
def case(demo):
    return make_case(Agency.objects.get(short_name="郯政办"), user("clerk"))


def test_clerk_registers_and_finds_it_on_the_workspace(visit):
    page = visit("clerk")
    page.click("nav >> text=登记申请")
    fill(
        page,
        "form.case-form",
        {
            "applicant-kind": "organization",
            "applicant-name": "临沂某某律师事务所",
            "applicant-id_type": "uscc",
            "applicant-id_number": "91350100M000100Y43",
            "applicant-org_category": "legal_service",
            "applicant-phone": "0539-6221234",
            "channel": "mail",
            "received_on": "2023-07-14",
            "description": "郯城县2023年道路改造工程的招标文件",
            "delivery_format": "electronic",
            "delivery_method": "email",
        },
    )
    with page.expect_navigation():
        page.click("form.case-form button[type=submit]")
    number = page.inner_text("h1")
    page.click("nav >> text=工作台")
    assert number in page.inner_text("main")


def test_handler_assigns_a_department(visit, case):
    page = visit("handler")
    with page.expect_navigation():
        page.click(f"a:has-text('{case.number}')")
    department = Department.objects.get(name="县自然资源局")
    rows = page.locator("#action-assign [name$='.department']")
    page.click("#action-assign > summary")
    names = [rows.nth(i).get_attribute("name") for i in range(rows.count())]
    row = next(
        n
        for n in names
        if page.locator(f"label[for='id_assign_{n}']").inner_text().endswith(department.name)
    )
    index = row.split(".")[1]
    act(
        page,
        "assign",
        {
            "assigned_on": "2023-07-17",
            row: True,
            f"tasks.{index}.instructions": "请检索",
            f"tasks.{index}.due_on": "2023-07-24",
        },
    )
    assert Case.objects.get(pk=case.pk).status == Status.ASSISTING
    assert "协助调查函" in page.inner_text("section[aria-labelledby=h-letters]")


def test_liaison_answers_its_task(visit, case):
    services.assign(
        case=case,
        actor=user("handler"),
        assigned_on=date(2023, 7, 17),
        tasks=[
            {
                "department": Department.objects.get(name="县自然资源局").pk,
                "instructions": "请检索",
                "due_on": date(2023, 7, 24),
            }
        ],
    )
    page = visit("dept_a")
    with page.expect_navigation():
        page.click(f"a:has-text('{case.number}')")
    fill(
        page,
        "form:has([name=answer])",
        {
            "holds_information": "false",
            "answer": "经检索，我局未保存该文件",
            "responded_on": "2023-07-20",
        },
    )
    with page.expect_navigation():
        page.click("form:has([name=answer]) button[type=submit]")
    assert case.tasks.get().responded_on == date(2023, 7, 20)
    screenshot(page, "liaison-task")


def test_approver_rejects_then_signs(visit, case):
    services.submit_reply(
        case=case, actor=user("handler"), decision="unavailable.not_held", text="经检索不存在"
    )
    page = visit("approver")
    assert case.number in page.inner_text("main")
    with page.expect_navigation():
        page.click(f"a:has-text('{case.number}')")
    act(page, "reject_reply", {"comment": "请写明检索范围"})
    assert Case.objects.get(pk=case.pk).status == Status.DRAFTING
    services.submit_reply(
        case=case,
        actor=user("handler"),
        decision="unavailable.not_held",
        text="经检索档案室和业务科室，不存在该信息",
    )
    page.reload()
    act(page, "approve_reply", {"issued_on": "2023-08-01"})
    assert "签发答复" in message(page)
    assert Case.objects.get(pk=case.pk).letters.filter(kind="reply").count() == 1


def test_auditor_finds_an_archived_case_and_its_integrity(visit, case):
    handler, clerk = user("handler"), user("clerk")
    services.withdraw(
        case=case, actor=clerk, reason="申请人书面撤回", withdrawn_on=date(2023, 7, 20)
    )
    services.archive(case=case, actor=handler)
    page = visit("auditor")
    fill(page, "form[role=search]", {"q": case.number})
    with page.expect_navigation():
        page.click("form[role=search] button[type=submit]")
    with page.expect_navigation():
        page.click(f"a[href='/audit/cases/{case.pk}/']")
    assert page.locator("[data-integrity=ok]").count() == 1
    screenshot(page, "auditor-case")

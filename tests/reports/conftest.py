"""A year of cases built through the real services, and a clock that can be set.

The services date what they do with ``timezone.localdate()`` (lapses close "today", recorded
dates may not lie in the future), so the tests fix "today" instead of depending on the day
they run: by default 3 March 2025, after everything below happened.
"""

from datetime import date

import pytest
from django.utils import timezone

from agencies.models import Role
from cases.models import Applicant
from clock import store
from tests.cases.helpers import ORGANIZATION, PERSON, make_case
from tests.factories import make_member
from workflow import services

TODAY = date(2025, 3, 3)
_real_localdate = timezone.localdate


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Query counts stay exact: each test starts without this process's cached calendar."""
    store.forget()
    yield
    store.forget()


@pytest.fixture
def today(monkeypatch):
    """``today.set(d)`` moves the services' "today"; starts at TODAY."""

    class Clock:
        value = TODAY

        def set(self, value: date) -> None:
            self.value = value

    clock = Clock()

    def localdate(value=None, timezone=None):
        return clock.value if value is None else _real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return clock


def applicant(column: str) -> dict:
    """An applicant of one annual-report column ("blank": an organisation without category)."""
    if column == "person":
        return dict(PERSON)
    data = dict(ORGANIZATION)
    data["org_category"] = "" if column == "blank" else column
    data["name"] = f"{column}单位"
    return data


DETAILS = {
    "disclosed": {"disclosed_items": ["立项批复"]},
    "partially_disclosed": {"disclosed_items": ["立项批复"], "withheld": "涉及个人隐私部分"},
    "unavailable.other_agency": {"referral": {"agency": "县发展和改革局", "contact": "0539-1"}},
    "not_processed.petition": {"channel": "县信访局"},
    "not_processed.publication": {"channel": "县图书馆"},
}


def details_for(decision: str) -> dict:
    if decision.startswith("withheld."):
        return {"withheld": "依法不予公开的内容及理由"}
    return DETAILS.get(decision, {})


class Builder:
    """Cases through the services, as the office would enter them from its paper register."""

    def __init__(self, agency, clerk, handler, approver, today):
        self.agency, self.clerk, self.handler, self.approver = agency, clerk, handler, approver
        self.today = today

    def register(self, column: str, received_on: date, **fields):
        data = applicant(column)
        if column == "blank":  # intake requires a category: only older records lack one
            data["org_category"] = "other"
        case = make_case(self.agency, self.clerk, received_on=received_on, applicant=data, **fields)
        if column == "blank":
            Applicant.objects.filter(pk=case.applicant_id).update(org_category="")
        return case

    def reply(self, case, decision: str, issued_on: date, late_reason: str = "补录的逾期答复"):
        services.submit_reply(
            case=case,
            actor=self.handler,
            decision=decision,
            text="答复要点",
            details=details_for(decision),
        )
        return services.approve_reply(
            case=case, actor=self.approver, issued_on=issued_on, late_reason=late_reason
        )

    def withdraw(self, case, withdrawn_on: date):
        return services.withdraw(
            case=case, actor=self.clerk, reason="申请人撤回", withdrawn_on=withdrawn_on
        )

    def lapse_correction(self, case, notice_on: date, correction_due: date, lapse_on: date):
        services.request_correction(
            case=case,
            actor=self.clerk,
            items="请明确所需信息的名称",
            correction_due=correction_due,
            notice_on=notice_on,
        )
        self.today.set(lapse_on)
        try:
            return services.lapse_correction(case=case, actor=self.handler)
        finally:
            self.today.set(TODAY)

    def lapse_fee(self, case, notice_on: date, lapse_on: date):
        services.submit_reply(
            case=case,
            actor=self.handler,
            decision="disclosed",
            text="拟予公开",
            details=details_for("disclosed"),
        )
        services.reject_reply(case=case, actor=self.approver, comment="数量较大，先收费")
        services.request_fee(
            case=case, actor=self.handler, method="per_page", quantity=50, notice_on=notice_on,
            served_on=notice_on,
        )
        self.today.set(lapse_on)
        try:
            return services.lapse_fee(case=case, actor=self.handler)
        finally:
            self.today.set(TODAY)

    def correct(self, case, notice_on: date, correction_due: date, received_on: date):
        services.request_correction(
            case=case,
            actor=self.clerk,
            items="请明确所需信息的名称",
            correction_due=correction_due,
            notice_on=notice_on,
        )
        return services.receive_correction(
            case=case, actor=self.clerk, received_on=received_on, description=""
        )


@pytest.fixture
def build(agency, clerk, handler, approver, today):
    return Builder(agency, clerk, handler, approver, today)


@pytest.fixture
def other_approver(other_agency):
    return make_member("other_approver", Role.APPROVER, other_agency)


@pytest.fixture
def superuser(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", "root@example.cn", "demo1234")


# The 23 decision codes, in statute.md order, each given to one applicant column in turn.
CODES = [
    "disclosed",
    "already_public",
    "partially_disclosed",
    "withheld.state_secret",
    "withheld.prohibited_by_law",
    "withheld.security_stability",
    "withheld.third_party_rights",
    "withheld.internal_affairs",
    "withheld.process_information",
    "withheld.enforcement_file",
    "withheld.administrative_query",
    "unavailable.not_held",
    "unavailable.other_agency",
    "unavailable.needs_creation",
    "unavailable.unclear_after_correction",
    "not_processed.petition",
    "not_processed.repeated",
    "not_processed.publication",
    "not_processed.excessive",
    "not_processed.confirm_or_reissue",
    "other.no_correction",
    "other.no_payment",
    "other.withdrawn",
]
ROTATION = ["person", "enterprise", "research", "social_welfare", "legal_service", "other"]


@pytest.fixture
def year_of_cases(build):
    """2024 for 郯城县人民政府办公室, with its neighbours in 2023 and 2025:

    - one case per decision code, received and concluded in 2024, columns in rotation;
    - carried over from 2023: replied, withdrawn, still open, replied only in 2025, and one
      received in December 2023 and corrected in January 2024 (new in 2023, not in 2024);
    - one received and concluded in 2023 (no part of 2024);
    - carried forward: received in 2024, still open (one of them an organisation without a
      category) or replied only in 2025;
    - one received in 2025.
    """
    c = {}
    for index, code in enumerate(CODES):
        case = build.register(ROTATION[index % 6], date(2024, 3, 4))
        if code == "other.no_correction":
            case = build.lapse_correction(
                case, date(2024, 3, 5), date(2024, 3, 15), lapse_on=date(2024, 3, 20)
            )
        elif code == "other.no_payment":
            case = build.lapse_fee(case, date(2024, 3, 6), lapse_on=date(2024, 4, 10))
        elif code == "other.withdrawn":
            case = build.withdraw(case, date(2024, 3, 10))
        else:
            case = build.reply(case, code, date(2024, 3, 20))
        c[code] = case

    c["over_replied"] = build.reply(
        build.register("person", date(2023, 12, 20)), "disclosed", date(2024, 1, 10)
    )
    c["over_withdrawn"] = build.withdraw(
        build.register("enterprise", date(2023, 12, 25)), date(2024, 1, 5)
    )
    c["over_open"] = build.register("research", date(2023, 12, 28))
    c["over_late"] = build.reply(
        build.register("social_welfare", date(2023, 12, 29)),
        "unavailable.not_held",
        date(2025, 1, 10),
    )
    corrected = build.correct(
        build.register("other", date(2023, 12, 27)),
        notice_on=date(2023, 12, 28),
        correction_due=date(2024, 1, 10),
        received_on=date(2024, 1, 3),
    )
    c["over_corrected"] = build.reply(corrected, "partially_disclosed", date(2024, 1, 20))
    c["done_2023"] = build.reply(
        build.register("legal_service", date(2023, 11, 1)), "disclosed", date(2023, 11, 20)
    )
    c["forward_open"] = build.register("blank", date(2024, 12, 20))
    c["forward_late"] = build.reply(
        build.register("person", date(2024, 12, 30)), "disclosed", date(2025, 1, 6)
    )
    c["forward_busy"] = build.register("enterprise", date(2024, 6, 3))
    c["next_year"] = build.register("person", date(2025, 1, 15))
    return c


@pytest.fixture
def reviews_of_2024(year_of_cases, handler, approver):
    """Reconsiderations and lawsuits against the 2024 decisions (and one from 2023)."""
    from reports.services import record_review

    c = year_of_cases

    def review(case, kind, filed_on, result, decided_on=None, actor=handler):
        return record_review(
            case=case,
            actor=actor,
            kind=kind,
            filed_on=filed_on,
            body="郯城县人民政府",
            result=result,
            decided_on=decided_on,
        )

    r = "reconsideration"
    direct, after = "litigation_direct", "litigation_after_review"
    return [
        review(c["disclosed"], r, date(2024, 4, 1), "upheld", date(2024, 5, 10)),
        review(c["withheld.state_secret"], r, date(2024, 4, 2), "corrected", date(2024, 6, 1)),
        review(c["withheld.prohibited_by_law"], r, date(2024, 11, 1), "pending"),
        # Decided only in 2025: still pending at the end of 2024.
        review(
            c["withheld.security_stability"],
            r,
            date(2024, 11, 15),
            "upheld",
            date(2025, 1, 20),
            actor=approver,
        ),
        review(
            c["withheld.third_party_rights"], direct, date(2024, 5, 1), "other", date(2024, 9, 1)
        ),
        review(
            c["withheld.internal_affairs"], direct, date(2024, 6, 1), "upheld", date(2024, 10, 1)
        ),
        review(
            c["withheld.state_secret"], after, date(2024, 7, 1), "corrected", date(2024, 12, 31)
        ),
        review(c["over_replied"], after, date(2024, 3, 1), "pending"),
        # Filed in 2023: counts in 2023, not in 2024.
        review(c["done_2023"], r, date(2023, 12, 10), "upheld", date(2024, 1, 15)),
    ]

"""The case page (/cases/{id}/) and the case API (/api/v1/cases/{id}/) cost the same number of
queries with one letter as with six, a superseded one among them: the letters come in one
prefetch that joins each letter's successor (``superseded_by``), never a query per letter."""

from datetime import date

import pytest

from letters.issuing import issue_letter, reissue_letter
from tests.cases.helpers import make_case
from tests.letters.test_numbering import EXTRA

pytestmark = pytest.mark.django_db

MORE = ["extension_notice", "assistance_request", "fee_notice", "consultation_third_party"]


def with_letters(agency, handler, count: int):
    case = make_case(agency, handler)  # the receipt
    if count > 1:
        for kind in MORE[: count - 2]:
            issue_letter(case, kind, actor=handler, issued_on=date(2023, 8, 1), extra=EXTRA[kind])
        reissue_letter(case.letters.get(kind="receipt"), actor=handler)  # supersedes the receipt
    assert case.letters.count() == count
    return case


# The case page, for a handler of an open case:
#  1-5. the session, the user, the membership, the user's own and group permissions
#  6. the case with its applicant, agency, repeated case and the case it reopens
#  7-13. prefetched: its re-reply cases, tasks with departments, consultations, fee notices,
#        events with actors, attachments, letters each with its successor
#  14-15. the calendar revision (the calendar itself is cached), read by the deadline and by
#         the action forms
#  16. the departments offered by the assign form
#  17. the applicant's applications of the month, counted by the fee form (per piece)
#  18. the unread notifications counted for the bell
#  19. the agency's name in the page header
#  20. the staff offered as 承办人 by the handler form
CASE_PAGE_QUERIES = 20
# The case API: 6 and the prefetches 7-13 above (the token user is authenticated already), and
# the calendar revision for the deadline.
CASE_API_QUERIES = 9


def count_queries(django_assert_max_num_queries, fetch) -> int:
    fetch()  # warm the permission and calendar caches
    with django_assert_max_num_queries(100) as captured:
        assert fetch().status_code == 200
    return len(captured.captured_queries)


def test_the_case_page_costs_the_same_with_1_and_6_letters(
    client, agency, handler, django_assert_max_num_queries
):
    client.force_login(handler)
    one = with_letters(agency, handler, 1)
    six = with_letters(agency, handler, 6)
    counts = [
        count_queries(django_assert_max_num_queries, lambda c=c: client.get(f"/cases/{c.pk}/"))
        for c in (one, six)
    ]
    assert counts == [CASE_PAGE_QUERIES, CASE_PAGE_QUERIES]
    page = client.get(f"/cases/{six.pk}/").content.decode()
    assert page.count("已被取代") == 1


def test_the_case_api_costs_the_same_with_1_and_6_letters(
    api_as, agency, handler, django_assert_max_num_queries
):
    api = api_as(handler)
    one = with_letters(agency, handler, 1)
    six = with_letters(agency, handler, 6)
    counts = [
        count_queries(django_assert_max_num_queries, lambda c=c: api.get(f"/api/v1/cases/{c.pk}/"))
        for c in (one, six)
    ]
    assert counts == [CASE_API_QUERIES, CASE_API_QUERIES]
    letters = api.get(f"/api/v1/cases/{six.pk}/").json()["letters"]
    assert [letter["superseded"] for letter in letters].count(True) == 1

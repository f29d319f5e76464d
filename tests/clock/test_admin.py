from datetime import date

import pytest

from clock import store
from clock.models import CalendarDay, CalendarRevision, CalendarYear, DayKind, YearStatus
from tests.factories import UserFactory

THURSDAY = date(2024, 3, 14)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def year_form(year: CalendarYear, **changes) -> dict:
    """The change form of a year as the browser would post it, with its days inline."""
    data = {"year": year.year, "status": year.status, "source": year.source}
    days = list(year.days.order_by("date"))
    data.update({
        "days-TOTAL_FORMS": len(days) + 1, "days-INITIAL_FORMS": len(days),
        "days-MIN_NUM_FORMS": 0, "days-MAX_NUM_FORMS": 1000,
    })
    for i, day in enumerate(days):
        data.update({
            f"days-{i}-id": day.pk, f"days-{i}-year": year.pk,
            f"days-{i}-date": day.date.isoformat(), f"days-{i}-kind": day.kind,
            f"days-{i}-name": day.name,
        })
    new = len(days)
    data.update({f"days-{new}-year": year.pk, f"days-{new}-date": "", f"days-{new}-kind": "",
                 f"days-{new}-name": ""})
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_day_can_be_added_and_is_used_at_once(client, superuser):
    client.force_login(superuser)
    store.get_calendar()
    response = client.post(
        "/admin/clock/calendarday/add/",
        {"date": THURSDAY.isoformat(), "kind": DayKind.HOLIDAY, "name": "临时放假"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    day = CalendarDay.objects.get(date=THURSDAY)
    assert (day.year.year, day.name) == (2024, "临时放假")
    assert not store.get_calendar().is_working_day(THURSDAY)


@pytest.mark.django_db
def test_a_day_can_be_corrected(client, superuser):
    client.force_login(superuser)
    day = CalendarDay.objects.get(date=date(2024, 2, 16))
    response = client.post(
        f"/admin/clock/calendarday/{day.pk}/change/",
        {"date": "2024-02-19", "kind": DayKind.HOLIDAY, "name": "春节"},
    )
    assert response.status_code == 302
    calendar = store.get_calendar()
    assert calendar.is_working_day(date(2024, 2, 16))
    assert not calendar.is_working_day(date(2024, 2, 19))


@pytest.mark.django_db
def test_a_weekend_holiday_is_refused_with_a_message(client, superuser):
    client.force_login(superuser)
    before = CalendarRevision.objects.get().number
    response = client.post(
        "/admin/clock/calendarday/add/",
        {"date": "2024-03-16", "kind": DayKind.HOLIDAY, "name": ""},
    )
    assert response.status_code == 200
    assert "周六、周日本来就休息" in response.content.decode()
    assert CalendarRevision.objects.get().number == before


@pytest.mark.django_db
def test_a_day_can_be_deleted(client, superuser):
    client.force_login(superuser)
    day = CalendarDay.objects.get(date=date(2024, 2, 4))
    response = client.post(f"/admin/clock/calendarday/{day.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not store.get_calendar().is_working_day(date(2024, 2, 4))


@pytest.mark.django_db
def test_days_can_be_edited_inline_in_their_year(client, superuser):
    client.force_login(superuser)
    year = CalendarYear.objects.get(year=2024)
    first_day = year.days.order_by("date").first()  # 1 Jan 2024, 元旦
    new = year.days.count()
    data = year_form(year, **{
        f"days-{new}-date": THURSDAY.isoformat(), f"days-{new}-kind": DayKind.HOLIDAY,
        f"days-{new}-name": "临时放假",
        "days-0-DELETE": "on",
    })
    response = client.post(f"/admin/clock/calendaryear/{year.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    calendar = store.get_calendar()
    assert not calendar.is_working_day(THURSDAY)
    assert calendar.is_working_day(first_day.date)


@pytest.mark.django_db
def test_an_inline_day_must_lie_in_its_year(client, superuser):
    client.force_login(superuser)
    year = CalendarYear.objects.get(year=2024)
    new = year.days.count()
    data = year_form(year, **{
        f"days-{new}-date": "2025-03-13", f"days-{new}-kind": DayKind.HOLIDAY,
    })
    response = client.post(f"/admin/clock/calendaryear/{year.pk}/change/", data)
    assert response.status_code == 200
    assert "日期不在 2024 年内" in response.content.decode()
    assert not CalendarDay.objects.filter(date=date(2025, 3, 13)).exists()


@pytest.mark.django_db
def test_the_confirm_action_marks_years_official(client, superuser):
    client.force_login(superuser)
    year = CalendarYear.objects.get(year=2027)
    response = client.post(
        "/admin/clock/calendaryear/",
        {"action": "confirm_years", "_selected_action": [year.pk]},
        follow=True,
    )
    assert "已确认 1 个年度为正式安排" in response.content.decode()
    year.refresh_from_db()
    assert (year.status, year.confirmed_by) == (YearStatus.OFFICIAL, superuser)
    assert not store.get_calendar().is_provisional_year(2027)


@pytest.mark.django_db
def test_the_admin_pages_are_in_chinese(client, superuser):
    client.force_login(superuser)
    html = client.get("/admin/clock/calendaryear/").content.decode()
    assert "日历年度" in html and "确认为正式安排" in html
    year = CalendarYear.objects.get(year=2024)
    html = client.get(f"/admin/clock/calendaryear/{year.pk}/change/").content.decode()
    assert "节假日与调休" in html and "春节" in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["clerk", "handler", "auditor"])
def test_other_roles_cannot_reach_the_calendar_admin(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/admin/clock/calendarday/")
    assert response.status_code == 302  # to the admin login: they are not staff


@pytest.mark.django_db
def test_a_staff_user_without_a_role_or_permission_is_refused(client):
    client.force_login(UserFactory(username="staff", is_staff=True))
    assert client.get("/admin/clock/calendarday/").status_code == 403


@pytest.mark.django_db
def test_the_day_list_renders(client, superuser):
    client.force_login(superuser)
    html = client.get("/admin/clock/calendarday/").content.decode()
    assert "调休上班" in html


@pytest.mark.django_db
def test_a_new_year_can_be_added_with_its_days(client, superuser):
    client.force_login(superuser)
    data = {
        "year": 2031,
        "status": YearStatus.PROVISIONAL,
        "source": "",
        "days-TOTAL_FORMS": 1,
        "days-INITIAL_FORMS": 0,
        "days-MIN_NUM_FORMS": 0,
        "days-MAX_NUM_FORMS": 1000,
        "days-0-date": "2031-01-01",
        "days-0-kind": DayKind.HOLIDAY,
        "days-0-name": "元旦",
    }
    response = client.post("/admin/clock/calendaryear/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    year = CalendarYear.objects.get(year=2031)
    assert list(year.days.values_list("date", "name")) == [(date(2031, 1, 1), "元旦")]
    assert not store.get_calendar().is_working_day(date(2031, 1, 1))


@pytest.mark.django_db
def test_a_far_off_date_is_a_form_error_not_a_crash(client, superuser):
    client.force_login(superuser)
    response = client.post(
        "/admin/clock/calendarday/add/", {"date": "1000-01-01", "kind": DayKind.HOLIDAY}
    )
    assert response.status_code == 200
    assert "年份须在" in response.content.decode()


@pytest.mark.django_db
def test_agency_admins_may_read_but_not_change_the_shared_calendar(client, agency_admin):
    """The calendar is national: one agency's admin must not move every agency's deadlines."""
    client.force_login(agency_admin)
    assert client.get("/admin/clock/calendarday/").status_code == 200
    response = client.post(
        "/admin/clock/calendarday/add/",
        {"date": THURSDAY.isoformat(), "kind": DayKind.HOLIDAY, "name": "临时放假"},
    )
    assert response.status_code == 403
    assert not CalendarDay.objects.filter(date=THURSDAY).exists()

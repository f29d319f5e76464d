import re

import pytest
from django.utils import timezone

ROLES = ["clerk", "handler", "approver", "dept_a", "auditor", "agency_admin", "outsider"]


def cell(html: str, day: str) -> str:
    match = re.search(rf'<td data-date="{day}"[^>]*>(.*?)</td>', html, re.S)
    assert match, day
    return match.group(0)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_every_role_sees_the_calendar(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/calendar/2024/2/")
    assert response.status_code == 200
    assert "2024年2月" in response.content.decode()


@pytest.mark.django_db
def test_spring_festival_2024_is_marked(client, clerk):
    client.force_login(clerk)
    html = client.get("/calendar/2024/2/").content.decode()
    for day in range(12, 17):
        assert ">休<" in cell(html, f"2024-02-{day:02d}")
        assert "春节" in cell(html, f"2024-02-{day:02d}")
    for day in ("2024-02-04", "2024-02-18"):
        assert ">班<" in cell(html, day)
        assert "workday" in cell(html, day)
    # The weekend inside the break is off anyway: no mark, but shown as a day off.
    assert "休" not in cell(html, "2024-02-10") and 'class="off"' in cell(html, "2024-02-10")
    assert "休" not in cell(html, "2024-02-19") and "班" not in cell(html, "2024-02-19")


@pytest.mark.django_db
def test_the_grid_is_an_accessible_table_starting_on_monday(client, clerk):
    client.force_login(clerk)
    html = client.get("/calendar/2024/2/").content.decode()
    assert "<caption>" in html
    headers = re.findall(r'<th scope="col" abbr="([^"]+)">', html)
    assert headers == ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
    # 1 Feb 2024 is a Thursday: the first row starts on Monday 29 Jan.
    assert html.index('data-date="2024-01-29"') < html.index('data-date="2024-02-01"')


@pytest.mark.django_db
def test_an_official_year_shows_its_notice(client, clerk):
    client.force_login(clerk)
    html = client.get("/calendar/2024/2/").content.decode()
    assert "已公布" in html and "国办发明电〔2023〕7号" in html
    assert "暂定" not in html


@pytest.mark.django_db
def test_a_provisional_year_carries_a_warning(client, clerk):
    client.force_login(clerk)
    html = client.get("/calendar/2027/2/").content.decode()
    assert 'role="note"' in html and "暂定" in html
    html = client.get("/calendar/2031/5/").content.decode()
    assert "尚未导入" in html


@pytest.mark.django_db
def test_prev_and_next_cross_the_year(client, clerk):
    client.force_login(clerk)
    html = client.get("/calendar/2024/1/").content.decode()
    assert 'href="/calendar/2023/12/"' in html and 'href="/calendar/2024/2/"' in html
    html = client.get("/calendar/2024/12/").content.decode()
    assert 'href="/calendar/2025/1/"' in html


@pytest.mark.django_db
def test_the_bare_url_shows_this_month(client, clerk):
    client.force_login(clerk)
    today = timezone.localdate()
    html = client.get("/calendar/").content.decode()
    assert f"{today.year}年{today.month}月" in html
    assert f'data-date="{today:%Y-%m-%d}"' in html and 'aria-current="date"' in html


@pytest.mark.django_db
def test_the_nav_links_to_the_calendar(client, auditor):
    client.force_login(auditor)
    assert 'href="/calendar/"' in client.get("/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/calendar/2024/13/", "/calendar/2024/0/", "/calendar/1000/1/"])
def test_impossible_months_are_404(client, clerk, url):
    client.force_login(clerk)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get("/calendar/2024/2/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.django_db
def test_post_is_not_allowed(client, clerk):
    client.force_login(clerk)
    assert client.post("/calendar/2024/2/").status_code == 405


@pytest.mark.django_db
def test_the_month_costs_seven_queries(client, clerk, django_assert_num_queries):
    client.force_login(clerk)
    # 1 session, 2 user, 3 the days of the grid, 4 the year, 5 membership and 6 agency (base
    # template), 7 the unread count of the bell; nothing per cell.
    with django_assert_num_queries(7):
        client.get("/calendar/2024/2/")


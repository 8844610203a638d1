"""The overview and the timeline narrow to a region typed by name (巫山, 开州) or code; a
name of no region says so and shows nothing, never every county."""

import datetime

import pytest

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def two_counties(make_posting):
    today = datetime.date.today()
    start, end = today - datetime.timedelta(days=30), today + datetime.timedelta(days=300)
    make_posting(person="shi", host="wushan", start=start, end=end, state="on_post",
                 actual_start=start)
    make_posting(person="wang", host="kaizhou", start=start, end=end, state="on_post",
                 actual_start=start)


@pytest.mark.parametrize("url", ["/exchange/", "/exchange/timeline/"])
def test_a_region_by_name_narrows_the_page(two_counties, admin_user, client_for, url):
    client = client_for(admin_user)
    for value in ("巫山", "巫山县", "重庆市巫山县", "500237"):
        page = client.get(url, {"region": value}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert "施宏志" in page and "王医生" not in page, value
        assert "重庆市巫山县" in page  # the title names the region
        assert 'role="combobox"' in page and 'id="filter-errors"' not in page
    page = client.get(url, {"region": "开州"}).content.decode()
    assert "王医生" in page and "施宏志" not in page


@pytest.mark.parametrize("url", ["/exchange/", "/exchange/timeline/"])
def test_a_name_of_no_region_is_an_error_not_every_county(two_counties, admin_user, client_for,
                                                          url):
    client = client_for(admin_user)
    page = client.get(url, {"region": "火星"}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="filter-errors"' in page and "火星" in page
    assert "施宏志" not in page and "王医生" not in page
    page = client.get(url).content.decode()  # nothing typed: everything the user sees
    assert "施宏志" in page and "王医生" in page

"""A list page counts its records no further than `COUNT_CAP` (a national list holds
hundreds of thousands): beyond it the page says so and asks to narrow the list."""

import re

import pytest

from xiezuo.core import tables
from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(refdata):
    county = Region.objects.get(code="500237")
    for n in range(5):
        Organisation.objects.create(name=f"计数单位{n}", kind="hospital", region=county)


def count_line(client) -> str:
    page = client.get("/organisations/?q=计数单位").content.decode()
    return re.search(r'<p class="count">([^<]*)</p>', page).group(1)


def test_a_list_below_the_cap_gives_the_exact_count(five, admin_user, client_for):
    assert count_line(client_for(admin_user)) == "共 5 条记录"


def test_a_list_beyond_the_cap_says_so_and_stops_counting(five, admin_user, client_for, monkeypatch):
    monkeypatch.setattr(tables, "COUNT_CAP", 3)
    assert count_line(client_for(admin_user)) == "超过 3 条记录，请用搜索或筛选条件缩小范围（导出的 Excel 包含全部记录）。"


def test_the_pages_beyond_the_cap_are_not_offered(five, admin_user, client_for, monkeypatch):
    monkeypatch.setattr(tables, "COUNT_CAP", 3)
    client = client_for(admin_user)
    page = client.get("/organisations/?q=计数单位&per_page=1&page=2").content.decode()
    assert "共 3 页以上" in page

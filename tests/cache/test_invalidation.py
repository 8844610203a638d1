"""Cached figures (xiezuo.core.cache) follow every write at once.

The tests run with real commits (`transaction=True`): a service's write bumps the
generations when its transaction commits, as in production. For every cached figure —
the dashboard (page and API), the annual report, the coverage, the exchange overview and
the home page's counts — each test

1. reads the figure twice and sees the second read served from the cache (fewer queries),
2. writes through the service a user's click goes through, and
3. reads again: the new value, at once.

Removing the `changed()` calls of `xiezuo.core.services` (`save_changes`, `transition`) makes
every one of the first seven fail.
"""

import dataclasses
import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xiezuo.accounts.models import UserScope
from xiezuo.core.models import CacheGeneration
from xiezuo.exchange.models import Posting
from xiezuo.exchange.services.postings import complete_posting, update_posting
from xiezuo.insights import selectors
from xiezuo.insights.selection import build_selection
from xiezuo.insights.tests import world as W
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db(transaction=True)
D = datetime.date


@pytest.fixture
def data(refdata):
    return W.build()


@pytest.fixture
def admin():
    return get_user_model().objects.create_superuser("cache-admin", "a@example.org", "pw-123456!")


def coordinator(name: str, code: str):
    user = get_user_model().objects.create_user(name, password="pw-123456!")
    UserScope.objects.create(user=user, role="coordinator", region=Region.objects.get(code=code))
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def queries(read):
    """The value `read()` gives and how many SQL queries it took."""
    with CaptureQueriesContext(connection) as captured:
        value = read()
    return value, len(captured.captured_queries)


def cached_twice(read):
    """Read twice; the second read must come from the cache (fewer queries, same value)."""
    first, cold = queries(read)
    second, warm = queries(read)
    assert second == first
    assert warm < cold, f"not served from the cache: {cold} queries, then {warm}"
    return first


def move_to_2024(user, posting: Posting) -> None:
    """A user's edit through the service: the posting took place in 2024, not 2025."""
    update_posting(actor=user, instance=posting,
                   changes={"planned_start": D(2024, 1, 1), "planned_end": D(2024, 12, 31)})


def ding(data) -> Posting:
    """丁's posting to 开州 in 2025: one of the three professionals sent."""
    return Posting.objects.get(person__name="医生丁")


def api_sent(client, data) -> Decimal:
    """Professionals sent, 2025, all of 山东↔重庆, as the dashboard API gives it."""
    headline = client.get(f"/api/insights/dashboard?pairing={data['p0'].pk}&year=2025").json()["headline"]
    return {f["measure"]: Decimal(str(f["value"])) for f in headline}["professionals_sent"]


def on_post_section(client) -> str:
    """The exchange overview's list of who is on post on 2025-12-01 (HTML)."""
    page = client.get("/exchange/?today=2025-12-01").content.decode()
    return page.split('<section id="on-post">')[1].split("</section>")[0]


def board_sent(selection, user) -> Decimal:
    """Professionals sent on the dashboard of `selection` as `user` sees it."""
    board = selectors.dashboard(dataclasses.replace(selection, user=user, cache={}))
    return {f.measure: f.value for f in board.headline}["professionals_sent"]


def test_dashboard_api_follows_a_write_at_once(data, admin):
    client = signed_in(admin)

    def sent():
        return api_sent(client, data)

    assert cached_twice(sent) == 3
    move_to_2024(admin, ding(data))
    assert sent() == 2


def test_dashboard_page_follows_a_write_at_once(data, admin):
    client = signed_in(admin)
    url = f"/insights/?pairing={data['p0'].pk}&year=2025"

    def sent():
        page = client.get(url).content.decode()
        figure = page.split('data-measure="professionals_sent"')[1]
        return re.search(r'class="figure-value"[^>]*>([^<]+)<', figure).group(1)

    assert cached_twice(sent) == "3"
    move_to_2024(admin, ding(data))
    assert sent() == "2"


def test_annual_report_follows_a_write_at_once(data, admin):
    client = signed_in(admin)
    url = f"/api/insights/annual-report?pairing={data['p0'].pk}&year=2025"

    def sent():
        sections = client.get(url).json()["sections"]
        return {f["measure"]: Decimal(str(f["value"])) for s in sections for f in s["figures"]}[
            "professionals_sent"]

    assert cached_twice(sent) == 3
    move_to_2024(admin, ding(data))
    assert sent() == 2


def test_coverage_follows_a_write_at_once(data, admin):
    def gaps():
        return selectors.coverage(build_selection(user=admin, year=2025, pairing=data["p0"].pk)).gaps

    before = cached_twice(gaps)
    move_to_2024(admin, ding(data))  # 开州 had only 丁 in medicine in 2025
    assert gaps() == before + 1


def test_exchange_overview_follows_a_write_at_once(data, admin):
    client = signed_in(admin)

    def on_post():
        return "医生甲" in on_post_section(client)

    assert cached_twice(on_post) is True
    posting = Posting.objects.get(person__name="医生甲", state="on_post")
    complete_posting(actor=admin, posting=posting, end=D(2025, 11, 30))
    assert on_post() is False


def test_home_counts_follow_a_write_at_once(data, admin):
    client = signed_in(admin)

    def ending():
        page = client.get("/").content.decode()
        found = re.search(r'<strong class="todo-count">([\d,]+)</strong> 条选派将在 60 天内期满', page)
        return int(found.group(1)) if found else 0

    assert cached_twice(ending) == 0
    posting = Posting.objects.get(person__name="医生甲", state="on_post")
    update_posting(actor=admin, instance=posting,
                   changes={"planned_end": datetime.date.today() + datetime.timedelta(days=10)})
    assert ending() == 1


def test_one_regions_figures_are_never_served_to_another(data, admin):
    """Coordinators of two counties ask for the very same selection; each gets their own
    scope's figures (the scope is part of the key); a second coordinator of one county
    shares the first one's entry."""
    wushan, kaizhou = coordinator("c-wushan", "500237"), coordinator("c-kaizhou", "500154")
    chosen = build_selection(user=admin, year=2025, pairing=data["p0"].pk)

    def sent(user):
        return board_sent(chosen, user)

    assert sent(admin) == 3
    assert sent(wushan) == 1  # 甲 in 巫山
    assert sent(kaizhou) == 2  # 丙 and 丁 in 开州
    other_wushan = coordinator("c-wushan-2", "500237")
    value, count = queries(lambda: sent(other_wushan))
    assert value == 1 and count <= 2  # the scope (1 query) and the generations (1), no figures


def test_the_generation_is_bumped_after_the_commit_and_shared_by_every_process(data, admin):
    """The versions live in the database: a write in another process (a job worker) is seen
    by this one's memory cache."""
    before = dict(CacheGeneration.objects.values_list("topic", "value"))
    move_to_2024(admin, ding(data))
    after = dict(CacheGeneration.objects.values_list("topic", "value"))
    assert after["exchange"] == before.get("exchange", 0) + 1
    assert {t: v for t, v in after.items() if t != "exchange"} == {
        t: v for t, v in before.items() if t != "exchange"}


def test_every_commit_bumps_even_after_a_rollback(data, admin):
    """Each committed write bumps (not only a connection's first), a rolled-back one does
    not, and the write after a rollback still does."""
    def exchange():
        return CacheGeneration.objects.get(topic="exchange").value

    posting = ding(data)
    update_posting(actor=admin, instance=posting, changes={"note": "first"})
    first = exchange()
    posting.refresh_from_db()
    update_posting(actor=admin, instance=posting, changes={"note": "second"})
    assert exchange() == first + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        posting.refresh_from_db()
        update_posting(actor=admin, instance=posting, changes={"note": "rolled back"})
        raise RuntimeError
    assert exchange() == first + 1
    posting.refresh_from_db()
    update_posting(actor=admin, instance=posting, changes={"note": "third"})
    assert exchange() == first + 2


def test_the_writing_transaction_reads_its_own_writes(data, admin):
    """Before the commit no generation has moved; the writer computes what it touched."""
    chosen = build_selection(user=admin, year=2025, pairing=data["p0"].pk)

    def sent():
        return board_sent(chosen, admin)

    assert sent() == 3
    with transaction.atomic():
        move_to_2024(admin, ding(data))
        assert sent() == 2
    assert sent() == 2

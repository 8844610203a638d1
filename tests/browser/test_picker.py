"""The picker (issue 13, item 2): a coordinator types 巫山 in the postings list's region
filter, picks 巫山县（重庆市） with the keyboard, and the list narrows to the postings at 巫山's
hosts. Screenshots of the open listbox at 1366 and 390 px."""

import re

import pytest
from django.core.management import call_command

from tests.browser.conftest import SHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "xiezuo-demo-2026"


def _login(page, base, username="admin"):
    page.goto(f"{base}/accounts/login/?next=/exchange/postings/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url("**/exchange/postings/")


def _count(page) -> int:
    return int(re.sub(r"\D", "", page.inner_text("#results .count")))


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def _type_wushan(page):
    box = page.locator("#id_region")
    box.click()
    box.press_sequentially("巫山", delay=60)
    listbox = page.locator("#id_region_options")
    listbox.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    assert listbox.locator("[role=option]").first.inner_text() == "巫山县（重庆市）"
    return box, listbox


def _wushan_postings():
    from xiezuo.exchange.models import Posting

    return Posting.objects.filter(host__region__code__startswith="500237").count()


def test_picking_wushan_with_the_keyboard_narrows_the_postings(live_server, browser):
    call_command("demo", verbosity=0)
    expected = _wushan_postings()
    base = live_server.url

    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15_000)
    _login(page, base)
    everything = _count(page)
    assert 0 < expected < everything

    box, listbox = _type_wushan(page)
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-autocomplete") == "list"
    assert listbox.get_attribute("role") == "listbox"
    # Typing alone does not refresh the list: the pick does.
    assert _count(page) == everything
    _shot(page, "picker-region-open-1366")

    box.press("ArrowDown")
    first = listbox.locator("[role=option]").first
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    with page.expect_response(lambda r: "region=" in r.url and "/exchange/postings/" in r.url):
        box.press("Enter")
    assert box.input_value() == "重庆市巫山县"
    assert box.get_attribute("aria-expanded") == "false"
    page.wait_for_function(f"document.querySelector('#results .count').innerText.replace(/\\D/g, '') == '{expected}'")
    assert _count(page) == expected
    hosts = page.locator("#results tbody tr").all_inner_texts()
    assert hosts and all("巫山" in row for row in hosts)

    # Escape closes the listbox without picking; a text of no region is said, not ignored.
    box.fill("")
    box.press_sequentially("巫溪山", delay=40)
    page.wait_for_timeout(600)
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("Enter")  # the listbox is closed: Enter submits the filter
    page.locator("#filter-errors").wait_for()
    assert "巫溪山" in page.inner_text("#filter-errors")
    assert _count(page) == 0
    context.close()

    # A phone: the same pick by touch.
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    _login(page, base, "wushan")
    summary = page.locator("details.filterbox > summary")
    if summary.count() and not page.locator("#id_region").is_visible():
        summary.click()
    box, listbox = _type_wushan(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the open listbox makes the page {width} px wide"
    _shot(page, "picker-region-open-390")
    listbox.locator("[role=option]").first.tap()
    assert box.input_value() == "重庆市巫山县"
    phone.close()

"""A real browser logs in and walks region → pairing → organisation → person."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_and_walk_the_registry(live_server, page):
    call_command("demo", verbosity=0)
    page.goto(f"{live_server.url}/regions/500237/")
    # Not signed in: sent to the login page first.
    page.fill("#id_username", "admin")
    page.fill("#id_password", "xiezuo-demo-2026")
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_url("**/regions/500237/")
    assert "重庆市巫山县" in page.inner_text("h1")

    page.click("text=烟台市 ↔ 重庆市巫山县")
    page.wait_for_url("**/regions/pairings/*/")
    assert "烟台市" in page.inner_text("h1")
    page.click("text=烟台山医院 ↔ 巫山县中医院")
    page.wait_for_url("**/regions/pairings/*/")
    page.click("dd >> text=巫山县中医院")
    page.wait_for_url("**/organisations/*/")
    assert page.inner_text("h1") == "巫山县中医院"

    person_link = page.locator("section table tbody tr td a").first
    name = person_link.inner_text()
    person_link.click()
    page.wait_for_url("**/people/*/")
    assert page.inner_text("h1") == name
    assert "巫山县中医院" in page.inner_text("dl.facts")


def test_list_filter_with_htmx(live_server, page):
    call_command("demo", verbosity=0)
    page.goto(f"{live_server.url}/accounts/login/?next=/organisations/")
    page.fill("#id_username", "wushan")
    page.fill("#id_password", "xiezuo-demo-2026")
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_url("**/organisations/")
    rows = page.locator("#results tbody tr")
    # The scoped user sees only 巫山 organisations.
    texts = rows.all_inner_texts()
    assert texts and all("巫山" in t for t in texts)
    page.fill("input[name=q]", "中医院")
    # (no wait_for_function: it evaluates code, which the Content-Security-Policy forbids)
    expect(page.locator("#results tbody tr")).to_have_count(1)
    assert "巫山县中医院" in page.inner_text("#results")

"""A real browser runs a matching round on the demo data: choose 巫山's needs, run, pin a
match, run again (the pin holds), approve, and find the postings among the postings."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEEDS = ["巫山县中医院 · 神经外科专业", "巫山县中医院 · 骨科专业"]


def test_matching_round_from_needs_to_postings(live_server, page):
    from xiezuo.needs.demo import load_needs_demo

    call_command("demo", verbosity=0)
    load_needs_demo()
    base = live_server.url
    page.goto(f"{base}/accounts/login/?next=/needs/rounds/new/")
    page.fill("#id_username", "wushan")
    page.fill("#id_password", "xiezuo-demo-2026")
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_url("**/needs/rounds/new/")

    page.fill("#id_name", "巫山县第一轮精准匹配")
    for label in NEEDS:
        page.get_by_label(label, exact=True).check()
    page.fill("#id_w_priority", "20")
    with page.expect_navigation():
        page.click("#need-form button[type=submit]")
    with page.expect_navigation():
        page.click("#run-round")
    rows = page.locator("#proposal tr.match")
    expect(rows).to_have_count(2)
    first = rows.first
    pinned = first.get_attribute("data-person")
    with page.expect_navigation():
        first.locator("button.pin").click()
    with page.expect_navigation():
        page.click("#run-round")
    row = page.locator(f"#proposal tr.match[data-person='{pinned}']")
    expect(row.locator(".pinned")).to_be_visible()
    with page.expect_navigation():
        page.click("#approve-round")
    expect(page.locator("#round-status")).to_contain_text("已批准")
    page.goto(f"{base}/exchange/postings/?q={pinned}")
    expect(page.locator("#results")).to_contain_text(pinned)
    expect(page.locator("#results")).to_contain_text("巫山县中医院")

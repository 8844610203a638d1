"""The main pages on a phone (390×844) as the 巫山 coordinator: nothing wider than the screen,
the page's heading within the first screen; the menu folded behind one button."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.crawl import (
    PASSWORD,
    PHONE,
    Finding,
    demo_round,
    first_record,
    login,
    message,
    new_context,
    phone_findings,
    save_shot,
    visit,
    write_report,
)
from xiezuo.exchange.models import Posting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (screenshot name, list path, follow the list's first record?)
MAIN_PAGES = (
    ("home", "/", False),
    ("postings", "/exchange/postings/", False),
    ("people", "/people/", False),
    ("person", "/people/", True),
    ("needs", "/needs/", False),
    ("dashboard", "/insights/", False),
    ("round", "/needs/rounds/", True),
    ("report-review", "/reports/", True),
)


CHART_WIDTHS = """() => Array.from(document.querySelectorAll(".chart")).map(c => {
  const canvas = c.querySelector("canvas");
  return [c.id, Math.round(c.getBoundingClientRect().width), canvas ? Math.round(canvas.getBoundingClientRect().width) : 0];
})"""


def chart_findings(page, path: str) -> list[Finding]:
    """Charts fill their box on a phone, and follow the window when it grows (ECharts resize)."""
    findings: list[Finding] = []
    for width in (PHONE["width"], 1000):
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        page.wait_for_timeout(400)
        charts = page.evaluate(CHART_WIDTHS)
        if not charts:
            findings.append(Finding(path, "chart", "no chart drawn"))
        for chart_id, box, canvas in charts:
            if abs(box - canvas) > 2:
                findings.append(Finding(path, "chart", f"#{chart_id} drawn {canvas}px wide in a {box}px box at {width}px"))
    page.set_viewport_size(PHONE)
    return findings


def test_main_pages_fit_a_phone(live_server, browser):
    call_command("demo", verbosity=0)
    demo_round()
    context = new_context(browser, viewport=PHONE)
    page = context.new_page()
    findings: list[Finding] = []
    seen: list[str] = []
    try:
        login(page, live_server.url, "wushan")
        for name, path, follow in MAIN_PAGES:
            status = visit(page, live_server.url, path)
            if follow:
                record = first_record(page, live_server.url)
                if record is None:
                    findings.append(Finding(path, "no-record", "the list shows no record to open"))
                    continue
                path = record
                status = visit(page, live_server.url, path)
            seen.append(path)
            if status is None or status >= 400:
                findings.append(Finding(path, "error-page", f"HTTP {status}"))
            save_shot(page, f"phone-{name}")
            findings.extend(phone_findings(page, path))
            if name == "dashboard":
                findings.extend(chart_findings(page, path))
        # The menu is one button on a phone; opened, it lists the groups.
        visit(page, live_server.url, "/")
        menu = page.locator("header .menu-toggle")
        if menu.count() != 1 or not menu.first.is_visible():
            findings.append(Finding("/", "menu", "no single menu button on a phone"))
        else:
            if page.locator("header nav a:visible").count():
                findings.append(Finding("/", "menu", "menu entries shown before the menu button is pressed"))
            menu.click()
            if page.locator("header nav :is(a, summary):visible").count() < 8:
                findings.append(Finding("/", "menu", "the opened menu shows fewer than 8 entries and groups"))
            save_shot(page, "phone-menu-open")
    finally:
        context.close()
    report = write_report("phone", findings, seen)
    assert not findings, message("phone", findings, report)


def test_irreversible_action_asks_in_a_dialog(live_server, browser):
    """Ending a posting early asks first in an accessible dialog: the safe choice has the focus,
    Esc and 取消 change nothing, 确定 carries the action out."""
    call_command("demo", verbosity=0)
    context = new_context(browser)
    page = context.new_page()
    try:
        login(page, live_server.url, "wushan")
        visit(page, live_server.url, "/exchange/postings/?state=on_post")
        record = first_record(page, live_server.url)
        assert record, "the 巫山 coordinator sees no posting on post"
        posting = Posting.objects.get(pk=int(record.strip("/").split("/")[-1]))
        assert posting.state == "on_post"
        visit(page, live_server.url, record)
        page.fill("#id_end_early-end", (posting.start + datetime.timedelta(days=30)).isoformat())
        page.fill("#id_end_early-reason", "家中有事，提前返回")
        button = page.locator("#action-end_early button[data-confirm]")
        button.click()
        dialog = page.locator("dialog.confirm")
        expect(dialog).to_be_visible()
        expect(dialog).to_contain_text("1 条选派记录")
        expect(dialog).to_contain_text(posting.person.name)
        # The safe choice has the focus; the forward one is marked as destructive.
        expect(dialog.locator("button[value=cancel]")).to_be_focused()
        expect(dialog.locator("button[value=cancel]")).to_have_text("取消")
        expect(dialog.locator("button[value=ok]")).to_have_text("确定")
        expect(dialog.locator("button[value=ok]")).to_have_class("danger")
        save_shot(page, "desktop-confirm-dialog")
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        posting.refresh_from_db()
        assert posting.state == "on_post" and page.url.endswith(record)
        button.click()
        dialog.locator("button[value=cancel]").click()
        expect(dialog).to_be_hidden()
        posting.refresh_from_db()
        assert posting.state == "on_post"
        button.click()
        with page.expect_navigation():
            dialog.locator("button[value=ok]").click()
        posting.refresh_from_db()
        assert posting.state == "ended_early"
    finally:
        context.close()


def test_desktop_menu_groups_by_task(live_server, browser):
    """At 1366 px the menu is one compact bar of task groups; the current page's group is marked;
    a group opens with the keyboard and Esc closes it."""
    get_user_model().objects.create_superuser("admin", "admin@example.org", PASSWORD)
    context = new_context(browser)
    page = context.new_page()
    try:
        login(page, live_server.url, "admin")
        visit(page, live_server.url, "/exchange/postings/")
        expect(page.locator("header .menu-toggle")).to_be_hidden()
        # One row: the bar is not taller than a line of the menu.
        assert page.locator("header.topbar").bounding_box()["height"] < 80
        groups = page.locator("header nav details.navgroup > summary")
        assert groups.all_inner_texts()[:3] == ["人员与单位", "人才交流", "活动与培训"]
        current = page.locator("header nav details.navgroup.current > summary")
        expect(current).to_have_text("人才交流")
        expect(page.locator("header nav a[aria-current=page]")).to_have_text("选派")
        # Keyboard: focus a group, Enter opens it, its entries are reachable, Esc closes it.
        people = page.locator("header nav details.navgroup >> nth=0")
        people.locator("summary").focus()
        page.keyboard.press("Enter")
        expect(people.locator("a", has_text="单位")).to_be_visible()
        save_shot(page, "desktop-menu-open")
        page.keyboard.press("Escape")
        expect(people.locator("a", has_text="单位")).to_be_hidden()
        expect(people.locator("summary")).to_be_focused()
        # Opening one group closes another.
        people.locator("summary").click()
        page.locator("header nav details.navgroup >> nth=1 >> summary").click()
        expect(people.locator("a", has_text="单位")).to_be_hidden()
        # The session (user, password, sign out) is folded into the user's group.
        account = page.locator("header details.account")
        account.locator("summary").click()
        expect(account.get_by_role("button", name="退出登录")).to_be_visible()
        expect(account.get_by_role("link", name="修改密码")).to_be_visible()
    finally:
        context.close()

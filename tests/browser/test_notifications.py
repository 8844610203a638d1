"""Issue 14: the notification centre in a real browser — the header's unread count on
every page, the list (newest first, unread marked), opening one goes to its record and
lowers the count, "mark all read"; the settings from the account menu; at 1366 and 390 px
(on a phone the count sits beside the menu button, nothing wider than the screen)."""

import pytest
from playwright.sync_api import expect

from xiezuo.notifications.events import Event
from xiezuo.notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-123456!")
    with page.expect_navigation():
        page.press("#id_password", "Enter")


def _notes(user, other):
    rows = [
        (Event.JOB_FINISHED, "后台任务已完成：巫山县人员.xlsx", "已导出 86 条记录。", "/jobs/"),
        (Event.POSTING_APPROVED, "施宏志到巫山县中医院的专业技术人才：医疗已批准", "2026-12-10至2027-12-09", "/exchange/postings/"),
        (Event.POSTING_ENDING, "张树栋在巫山县中医院的派驻将于2027年1月31日期满，尚未确定接替人选", "", "/exchange/"),
        (Event.NEED_SUBMITTED, "巫山县中医院的需求“心内科医生”已提交，等待您审核", "", "/needs/"),
    ]
    for event, title, body, url in rows:
        Notification.objects.create(recipient=user, event=event, title=title, body=body, url=url)
    Notification.objects.create(recipient=other, event=Event.NEED_SUBMITTED, title="开州区的通知")


def test_the_notification_centre(live_server, page, refdata, make_user, shoot):
    wushan = make_user("wushan", region="500237")
    _notes(wushan, make_user("kaizhou", region="500154"))
    base = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    _sign_in(page, base, "wushan")

    bell = page.locator("#notification-bell")
    expect(bell.locator(".unread")).to_have_text("4")
    shoot(page, "notifications-badge-1366", full_page=False)
    with page.expect_navigation():
        bell.click()
    expect(page.locator("h1")).to_have_text("通知")
    items = page.locator("#notifications > li")
    expect(items).to_have_count(4)
    expect(items.first).to_contain_text("需求“心内科医生”已提交")  # newest first
    expect(page.locator("#notifications li.unread")).to_have_count(4)
    assert "开州区的通知" not in page.inner_text("main")
    shoot(page, "notifications-centre-1366")

    # Opening one goes to its record and marks it read.
    with page.expect_navigation():
        items.first.locator("button.title").click()
    assert page.url.endswith("/needs/")
    expect(page.locator("#notification-bell .unread")).to_have_text("3")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/notifications/")
    expect(page.locator("#notifications li.unread")).to_have_count(3)
    assert page.locator("#notification-bell").is_visible()  # beside the menu button, menu closed
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "notifications-centre-390")

    with page.expect_navigation():
        page.click("#read-all")
    expect(page.locator("#notifications li.unread")).to_have_count(0)
    expect(page.locator("#notification-bell .unread")).to_have_count(0)
    expect(page.locator(".messages")).to_contain_text("全部通知已标为已读")

    # The settings, from the account menu.
    page.set_viewport_size({"width": 1366, "height": 900})
    page.click("details.account summary")
    with page.expect_navigation():
        page.click("details.account >> text=通知设置")
    expect(page.locator("h1")).to_have_text("通知设置")
    page.check("input[name=job_finished][value=digest]")
    with page.expect_navigation():
        page.click("#preferences button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("通知设置已保存")
    expect(page.locator("input[name=job_finished][value=digest]")).to_be_checked()
    shoot(page, "notifications-settings-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "notifications-settings-390")


def test_a_coordinator_adds_a_group_robot(live_server, page, refdata, make_user, shoot):
    make_user("wushan", region="500237")
    base = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    _sign_in(page, base, "wushan")
    page.click("details.account summary")
    with page.expect_navigation():
        page.click("details.account >> text=群机器人")
    expect(page.locator("h1")).to_have_text("群机器人")
    with page.expect_navigation():
        page.click("text=添加群机器人")
    page.fill("#id_name", "巫山县协作办工作群")
    page.select_option("#id_platform", "dingtalk")
    page.fill("#id_region", "巫山县")
    page.fill("#id_url", "https://oapi.dingtalk.com/robot/send?access_token=abc123")
    page.fill("#id_secret", "SECabcdefgh12345678")
    page.check("input[name=events][value=need_submitted]")
    page.check("input[name=events][value=posting_ending]")
    with page.expect_navigation():
        page.click("#webhook-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已保存")
    assert "SECabcdefgh12345678" not in page.content()
    expect(page.locator("main")).to_contain_text("••••5678")
    with page.expect_navigation():
        page.click("#send-test")
    expect(page.locator(".messages")).to_contain_text("测试消息已排队")
    expect(page.locator("#deliveries")).to_contain_text("待发送")
    shoot(page, "notifications-robot-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "notifications-robot-390")

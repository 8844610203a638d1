"""A real browser: the coordinator of 巫山 deletes an activity only after a dialog that says
what goes with it (cancel keeps it, 确定 deletes it and lands on the list); the auditor's
page of the same activity offers neither 编辑 nor 删除."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "xiezuo-demo-2026"


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.press("#id_password", "Enter")


def test_delete_an_activity_after_the_dialog_and_the_auditor_sees_no_action(
        live_server, browser, shoot):
    from xiezuo.activities.models import Activity

    call_command("demo", verbosity=0)
    activity = (Activity.objects.filter(host__region__code="500237", metrics__isnull=False)
                .distinct().order_by("pk").first())
    figures = activity.metrics.count()
    base, url = live_server.url, f"{live_server.url}/activities/{activity.pk}/"

    auditor = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = auditor.new_page()
    _login(page, base, "auditor")
    page.goto(url)
    assert page.inner_text("h1") == activity.title
    assert page.locator("main form[method=post]").count() == 0
    assert page.locator("main .button, main button").filter(has_text="编辑").count() == 0
    assert page.locator("#other-actions").count() == 0
    auditor.close()

    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    _login(page, base, "wushan")
    page.goto(url)
    button = page.locator("#delete-activity button")
    assert "danger" in button.get_attribute("class")
    assert page.locator(".pagehead .danger").count() == 0  # not beside 编辑
    button.click()
    dialog = page.locator("dialog.confirm")
    text = dialog.inner_text()
    assert "删除后不可恢复" in text and activity.title in text and f"{figures} 项指标" in text
    shoot(page, "activity-delete-confirm", full_page=False)
    page.keyboard.press("Escape")  # cancel: nothing happens
    assert not dialog.is_visible()
    assert page.url == url and Activity.objects.filter(pk=activity.pk).exists()

    button.click()
    with page.expect_navigation():
        page.click("dialog.confirm button[value=ok]")
    assert page.url.rstrip("/").endswith("/activities")
    assert "已删除" in page.inner_text("main")
    assert not Activity.objects.filter(pk=activity.pk).exists()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/cooperation/projects/")
    with page.expect_navigation():
        page.locator("main table a").first.click()
    shoot(page, "cooperation-project-phone")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()

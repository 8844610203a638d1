"""Issue 13: a coordinator changes their own password in a real browser — from the account
menu, a too-short password refused in Chinese on its field, then the new one works at the
next sign-in and the old one no longer does; on a phone the page fits the screen."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OLD, NEW = "pw-123456!", "Wushan-Xiezuo-2027!"


def _sign_in(page, base, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "wushan")
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.press("#id_password", "Enter")


def test_a_coordinator_changes_their_password(live_server, page, refdata, make_user, shoot):
    make_user("wushan", region="500237")
    base = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    _sign_in(page, base, OLD)

    # From the account menu (the user's name, top right), not a URL to remember.
    page.click("details.account summary")
    with page.expect_navigation():
        page.click("details.account >> text=修改密码")
    expect(page.locator("h1")).to_have_text("修改密码")

    page.fill("#id_old_password", OLD)
    page.fill("#id_new_password1", "Ab3!x")
    page.fill("#id_new_password2", "Ab3!x")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    expect(page.locator("main")).to_contain_text("密码太短：至少需要 10 个字符。")
    assert "too short" not in page.inner_text("body")
    shoot(page, "password-change-error-1366")

    page.fill("#id_old_password", OLD)
    page.fill("#id_new_password1", NEW)
    page.fill("#id_new_password2", NEW)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("密码已修改")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/accounts/password/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "password-change-390")

    # Sign out and in again: the old password is refused, the new one opens the home page.
    page.context.clear_cookies()
    _sign_in(page, base, OLD)
    assert "/accounts/login/" in page.url
    _sign_in(page, base, NEW)
    expect(page.locator("h1")).to_have_text("待办事项")

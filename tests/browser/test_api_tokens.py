"""Issue 14, part 6: a coordinator creates a personal API token from the account menu,
sees it once with a copy button and a warning, uses it, and revokes it after a
confirmation dialog; the token page at 1366 and 390 px."""

import subprocess

import pytest
from playwright.sync_api import expect

from xiezuo.accounts.models import ApiToken
from xiezuo.accounts.services import create_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "wushan")
    page.fill("#id_password", "pw-123456!")
    with page.expect_navigation():
        page.press("#id_password", "Enter")


def _status(url, token):
    done = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H",
                           f"Authorization: Bearer {token}", url],
                          capture_output=True, text=True, timeout=30, check=True)
    return int(done.stdout)


def test_a_coordinator_creates_uses_and_revokes_a_token(live_server, page, refdata, make_user, shoot):
    make_user("wushan", region="500237")
    base = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    _sign_in(page, base)

    page.click("details.account summary")
    with page.expect_navigation():
        page.click("details.account >> text=API令牌")
    expect(page.locator("h1")).to_have_text("API令牌")
    expect(page.locator("#token-list")).to_contain_text("您还没有API令牌")
    shoot(page, "api-tokens-empty-1366")

    page.fill("#id_name", "省协作办数据交换")
    page.select_option("#id_lifetime", "365")
    with page.expect_navigation():
        page.click("#token-create")
    expect(page.locator("h1")).to_have_text("新的API令牌")
    expect(page.locator(".token-warning")).to_contain_text("只显示这一次")
    plain = page.input_value("#token-value")
    assert plain.startswith("xz_")
    page.click("#token-copy")
    expect(page.locator("#token-copy-status")).to_have_text("已复制")
    assert page.evaluate("navigator.clipboard.readText()") == plain
    shoot(page, "api-token-created-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "api-token-created-390")
    page.set_viewport_size({"width": 1366, "height": 900})

    assert _status(f"{base}/api/postings/", plain) == 200
    page.reload()  # shown once: the page now leads back to the list
    expect(page.locator("h1")).to_have_text("API令牌")
    assert plain not in page.content()
    row = page.locator("#token-list tbody tr").first
    expect(row).to_contain_text("省协作办数据交换")
    expect(row).to_contain_text(f"xz_{plain[3:11]}…")
    expect(row).to_contain_text("有效")
    expect(row).to_contain_text("127.0.0.1")  # the last use, from curl
    shoot(page, "api-tokens-1366")

    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "api-tokens-390")
    page.set_viewport_size({"width": 1366, "height": 900})

    # Revoking asks first; Cancel keeps the token.
    row.locator("button.danger").click()
    dialog = page.locator("dialog.confirm")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("省协作办数据交换")
    shoot(page, "api-token-revoke-confirm-1366")
    dialog.locator("button", has_text="取消").click()
    assert ApiToken.objects.get().revoked_at is None
    row.locator("button.danger").click()
    with page.expect_navigation():
        page.locator("dialog.confirm button", has_text="确定").click()
    expect(page.locator(".messages")).to_contain_text("已撤销")
    expect(page.locator("#token-list tbody tr").first).to_contain_text("已撤销")
    assert _status(f"{base}/api/postings/", plain) == 401



def test_the_api_documentation_lets_a_user_try_a_token(live_server, page, refdata, make_user, shoot):
    """/api/docs (Swagger UI) offers both schemes under Authorize; a pasted token is used."""
    user = make_user("wushan", region="500237")
    _token, plain = create_token(actor=user, name="试用", lifetime_days=30)
    base = live_server.url
    page.set_default_timeout(60_000)  # Swagger UI renders the whole schema first
    page.set_viewport_size({"width": 1366, "height": 900})
    _sign_in(page, base)
    page.goto(f"{base}/api/docs")
    page.click("button.authorize")
    modal = page.locator(".modal-ux")
    expect(modal).to_contain_text("BearerToken")
    expect(modal).to_contain_text("BrowserSession")
    modal.locator("input[type=text], input[type=password]").first.fill(plain)
    modal.locator("button.authorize").first.click()
    expect(modal).to_contain_text("Logout")
    shoot(page, "api-docs-authorize-1366")
    modal.locator("button.btn-done").first.click()
    page.context.clear_cookies()  # from now on only the token signs the requests
    operation = page.locator("[id$='-posting_list']").first
    operation.locator(".opblock-summary").click()
    operation.locator("button.try-out__btn").click()
    operation.locator("button.execute").click()
    expect(operation.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    shoot(page, "api-docs-token-request-1366")

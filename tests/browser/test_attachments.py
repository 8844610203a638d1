"""A real browser: 巫山's coordinator attaches a notice and a sign-in photo to a posting and
an activity (at 1366 px and at 390 px), sees a refused .exe named with the reason, opens
the file, and removes one after the dialog; the auditor sees the list without forms."""

import pytest
from django.core.management import call_command

from tests.browser.crawl import login
from xiezuo.attachments.tests.conftest import EXE, PDF, PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def _upload(page, files, kind, before=None):
    section = page.locator("section#attachments")
    details = section.locator("details.upload")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    section.locator("input[type=file]").set_input_files(
        [{"name": name, "mimeType": "application/octet-stream", "buffer": data} for name, data in files])
    section.locator("select[name=kind]").select_option(kind)
    if before is not None:
        before()
    with page.expect_navigation():
        section.locator("button[type=submit]", has_text="上传").click()


def _no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_attach_on_a_posting_and_an_activity_at_both_widths(live_server, browser, shoot, settings, tmp_path):
    from xiezuo.activities.models import Activity
    from xiezuo.attachments.models import Attachment
    from xiezuo.exchange.models import Posting

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", verbosity=0)
    posting = Posting.objects.filter(host__region__code="500237").order_by("pk").first()
    activity = Activity.objects.filter(host__region__code="500237").order_by("pk").first()
    base = live_server.url

    wide = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = wide.new_page()
    login(page, base, "wushan")
    page.goto(f"{base}/exchange/postings/{posting.pk}/")
    assert "暂无附件。可在下方上传" in page.inner_text("section#attachments")
    _upload(page, [("巫山县选派通知.pdf", PDF), ("到岗合影.png", PNG)], "notice")
    assert "已上传 2 个文件" in page.inner_text(".messages")
    names = page.locator("section#attachments .attachment-list .name").all_inner_texts()
    assert sorted(names) == ["到岗合影.png", "巫山县选派通知.pdf"]
    _upload(page, [("通知.pdf", EXE)], "other")
    message = page.inner_text(".messages")
    assert "“通知.pdf”：扩展名是 .pdf，但内容不是 PDF 文档（实际是 Windows 程序）。" in message
    page.locator("section#attachments").scroll_into_view_if_needed()
    shoot(page, "attachments-posting-1366")
    # the file comes back as it was stored
    link = page.locator("section#attachments a.name", has_text="巫山县选派通知.pdf")
    response = page.request.get(base + link.get_attribute("href"))
    assert response.body() == PDF and "filename*=UTF-8''" in response.headers["content-disposition"]
    # removal asks first
    item = page.locator("section#attachments li", has_text="到岗合影.png")
    item.locator("button.danger").click()
    dialog = page.locator("dialog.confirm")
    assert "到岗合影.png" in dialog.inner_text() and "无法恢复" in dialog.inner_text()
    shoot(page, "attachments-remove-confirm-1366", full_page=False)
    with page.expect_navigation():
        page.click("dialog.confirm button[value=ok]")
    assert "已删除文件“到岗合影.png”" in page.inner_text(".messages")
    assert Attachment.objects.filter(object_id=posting.pk).count() == 1
    wide.close()

    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = phone.new_page()
    login(page, base, "wushan")
    page.goto(f"{base}/activities/{activity.pk}/")
    assert "暂无附件" in page.inner_text("section#attachments")

    def form_shot():
        page.locator("section#attachments").scroll_into_view_if_needed()
        _no_horizontal_scroll(page)
        shoot(page, "attachments-upload-form-390", full_page=False)

    _upload(page, [("义诊签到表.png", PNG), ("义诊通知.pdf", PDF)], "sign_in", before=form_shot)
    assert "已上传 2 个文件" in page.inner_text(".messages")
    section = page.locator("section#attachments")
    assert section.locator(".attachment-list li").count() == 2
    assert "签到表" in section.inner_text()
    _no_horizontal_scroll(page)
    section.scroll_into_view_if_needed()
    shoot(page, "attachments-activity-390")
    page.goto(f"{base}/exchange/postings/{posting.pk}/")
    _no_horizontal_scroll(page)
    shoot(page, "attachments-posting-390")
    phone.close()

    auditor = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = auditor.new_page()
    login(page, base, "auditor")
    page.goto(f"{base}/activities/{activity.pk}/")
    section = page.locator("section#attachments")
    assert section.locator(".attachment-list li").count() == 2
    assert section.locator("form").count() == 0
    auditor.close()

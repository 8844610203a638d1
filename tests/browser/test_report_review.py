"""A real browser uploads a report, follows its extraction by a real worker process
(the page polls and reloads itself), accepts two facts, corrects one and finds the three
as records on the records page; then goes from the home page's to-do to the queue and
accepts every fact shown there at once (with the count asked first)."""


import pytest
from playwright.sync_api import expect

from xiezuo.core.tests.workers import start_worker, stop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = """烟台市与巫山县深化东西部协作 人才交流结硕果

本报讯 烟台市与重庆市巫山县深化东西部协作，持续推进人才交流。烟台市先后选派挂职干部12人、专业技术人才85人到巫山县开展帮扶。
两地还举办培训班6期，培训当地教师和医生1050人次，提供就业岗位300余个。
"""


def test_upload_review_and_see_records(live_server, page, refdata, make_user, settings, tmp_path, shoot):
    from xiezuo.reports.models import Fact

    settings.MEDIA_ROOT = tmp_path / "media"
    make_user("wushan", region="500237")
    report = tmp_path / "巫山简报.txt"
    report.write_bytes(ARTICLE.encode("gb18030"))

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/?next=/reports/upload/")
    page.fill("#id_username", "wushan")
    page.fill("#id_password", "pw-123456!")
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_url("**/reports/upload/")
    page.set_input_files("#id_files", str(report))
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    expect(page.locator(".upload-outcomes li.extracting")).to_contain_text("巫山简报.txt")
    with page.expect_navigation():
        page.click(".upload-outcomes a")
    status = page.locator("#report-status")
    expect(status).to_have_attribute("data-status", "extracting")
    # The worker (a separate process, media under XIEZUO_VAR) extracts it; the page
    # polls its status and reloads itself with the facts.
    with (tmp_path / "worker.log").open("w") as log:
        worker = start_worker(log, XIEZUO_VAR=str(tmp_path))
        try:
            expect(page.locator("#report-status")).to_have_attribute("data-status", "ready",
                                                                     timeout=120_000)
        finally:
            stop(worker)

    facts = {f.data.get("value"): f.pk for f in Fact.objects.filter(kind="quantity")}
    total = Fact.objects.count()
    # The period inputs hold ISO dates (a date input shows nothing otherwise).
    assert page.input_value("#id_period_start") and page.input_value("#id_period_start")[4] == "-"
    accept_all = page.locator("form[data-accept-shown] button")
    expect(accept_all).to_have_text(f"接受本页显示的全部 {total} 条")
    for value in (12, 1050):
        card = page.locator(f"#fact-{facts[value]}")
        card.locator("button[name=accept]").click()
        expect(page.locator(f"#fact-{facts[value]} .status")).to_have_class("status badge accepted")
    card = page.locator(f"#fact-{facts[85]}")
    card.locator("summary").click()
    card.locator(f"#id_fact{facts[85]}-value").fill("86")
    card.locator("button[name=correct]").click()
    expect(page.locator(f"#fact-{facts[85]} .status")).to_have_class("status badge corrected")
    expect(page.locator(f"#fact-{facts[85]} .fact-summary")).to_contain_text("86")
    # reviewed one by one: they leave the accept-all list, its count follows
    expect(accept_all).to_have_text(f"接受本页显示的全部 {total - 3} 条")
    assert f"{total - 3} 条" in accept_all.get_attribute("data-confirm")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator("#period").scroll_into_view_if_needed()
    shoot(page, "report-review-1366", full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#period").scroll_into_view_if_needed()
    shoot(page, "report-review-390", full_page=False)
    page.set_viewport_size({"width": 1366, "height": 900})

    page.goto(f"{live_server.url}/reports/records/")
    rows = page.locator("table.fact-records tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("table.fact-records")).to_contain_text("挂职干部")
    expect(page.locator("table.fact-records")).to_contain_text("86")
    expect(page.locator("table.fact-records")).to_contain_text("1050")

    # Home: the to-do names the facts still waiting and leads to the queue.
    waiting = Fact.objects.filter(status="pending").count()
    page.goto(f"{live_server.url}/")
    todo = page.locator('[data-todo="reports.facts"]')
    expect(todo).to_contain_text(f"{waiting} 条报告数据项待审核")
    shoot(page, "home-todos-1366", full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "home-todos-390", full_page=False)
    page.set_viewport_size({"width": 1366, "height": 900})
    with page.expect_navigation():
        todo.locator("a").click()
    page.locator("form[data-accept-shown] button").click()
    # asked first, with the count (core's confirmation dialog)
    dialog = page.locator("dialog.confirm")
    expect(dialog.locator("#confirm-message")).to_contain_text(f"将接受本页显示的 {waiting} 条待审核数据项")
    with page.expect_navigation():
        dialog.locator("button[value=ok]").click()
    expect(page.locator(".messages")).to_contain_text(f"已接受 {waiting} 条")
    assert not Fact.objects.filter(status="pending").exists()
    page.goto(f"{live_server.url}/")
    expect(page.locator("main")).to_contain_text("暂无待办事项")
    expect(page.locator("main")).to_contain_text("上传报告")

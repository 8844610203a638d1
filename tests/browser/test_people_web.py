"""A county coordinator (巫山) keeps people and trainees on the web, in a real browser:
adds a person with an availability window and finds them on the list, opens their page,
then adds a trainee to a class and sees the class's counts change. Screenshots of the
pages at 1366 and 390 px go to var/screenshots/."""


import pytest
from django.core.management import call_command

from tests.browser.conftest import SHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "xiezuo-demo-2026"
NAME = "龚晓燕"
CLASS = "乡村医生培训班"  # a demo class for 巫山's village doctors


def _login(page, base, user="wushan"):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.press("#id_password", "Enter")


def _shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def _no_horizontal_overflow(page):
    page.set_viewport_size({"width": 390, "height": 844})
    wide = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1366, "height": 900})
    return wide <= 392


def test_a_coordinator_adds_a_person_and_a_trainee(live_server, page):
    call_command("demo", verbosity=0)
    base = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    _login(page, base)

    # 1. The list offers 新建人员; the form takes names, not codes.
    page.goto(f"{base}/people/")
    with page.expect_navigation():
        page.click("#new-person")
    assert page.inner_text("h1") == "新建人员"
    page.fill("#id_name", NAME)
    page.select_option("#id_gender", "female")
    page.fill("#id_organisation", "巫山县中医院")
    page.select_option("#id_domain", "medical")
    page.fill("#id_specialty", "脑外科")  # an alias: 神经外科
    page.fill("#id_title", "主治医师")
    page.fill("#id_phone", "13800000001")
    page.fill("#id_availability-0-start", "2027-03-01")
    page.fill("#id_availability-0-end", "2027-08-31")
    page.check("#id_availability-0-modes_0")  # 长期派驻
    page.check("#id_availability-0-modes_2")  # 远程帮扶
    _shoot(page, "people-new-form")
    assert _no_horizontal_overflow(page)

    # A window ending before it starts is named on its row; nothing is stored.
    page.fill("#id_availability-1-start", "2028-05-01")
    page.fill("#id_availability-1-end", "2028-01-01")
    page.check("#id_availability-1-modes_1")
    with page.expect_navigation():
        page.click("#person-form button[type=submit]")
    assert "不能早于" in page.inner_text("#window-2")
    _shoot(page, "people-new-form-errors")
    page.fill("#id_availability-1-start", "")
    page.fill("#id_availability-1-end", "")
    page.uncheck("#id_availability-1-modes_1")
    with page.expect_navigation():
        page.click("#person-form button[type=submit]")

    # 2. The person's page: names, not codes; the window; the empty sections say so.
    assert page.inner_text("h1") == NAME
    facts = page.inner_text("#person-facts")
    assert "巫山县中医院" in facts and "神经外科" in facts and "med:" not in facts
    assert "2027年3月1日" in page.inner_text("#availability")
    assert "长期派驻" in page.inner_text("#availability")
    assert "暂无您可查看的选派记录" in page.inner_text("#postings")
    _shoot(page, "people-person-page")
    assert _no_horizontal_overflow(page)

    # 3. The new person is on the list.
    page.goto(f"{base}/people/?q={NAME}")
    assert NAME in page.inner_text("main table")

    # 4. A trainee added to a class from its page: the counts go up.
    page.goto(f"{base}/activities/trainings/")
    with page.expect_navigation():
        page.click(f"main table a:text-is('{CLASS}')")
    before = int(page.inner_text("#count-enrolments"))
    page.click("#add-trainee summary")
    page.fill("#id_trainee-name", "谭村医")
    page.fill("#id_trainee-organisation", "巫山县官渡镇中心卫生院")
    page.fill("#id_trainee-sessions_attended", "4")
    page.check("#id_trainee-completed")
    _shoot(page, "trainings-add-trainee")
    with page.expect_navigation():
        page.click("#add-trainee button[type=submit]")
    assert int(page.inner_text("#count-enrolments")) == before + 1
    assert "谭村医" in page.inner_text("#trainees")
    assert "已将 谭村医 加入本班" in page.inner_text(".messages")

    # 5. And a registry person: the one just added, by name.
    page.click("#add-trainee summary")
    page.fill("#id_trainee-person", NAME)
    page.fill("#id_trainee-sessions_attended", "2")
    with page.expect_navigation():
        page.click("#add-trainee button[type=submit]")
    assert int(page.inner_text("#count-enrolments")) == before + 2
    row = page.locator("#trainees tr", has_text=NAME)
    assert "巫山县中医院" in row.inner_text()
    _shoot(page, "trainings-class-page")

    # 6. Edit the trainee (completion), then the person's page lists the training.
    with page.expect_navigation():
        row.locator("a", has_text="编辑").click()
    page.check("#id_completed")
    with page.expect_navigation():
        page.click("#trainee-form button[type=submit]")
    assert int(page.inner_text("#count-completed")) >= 1
    class_url = page.url.split("#")[0]
    with page.expect_navigation():
        page.click(f"#trainees a:text-is('{NAME}')")
    trainings = page.inner_text("#trainings")
    assert CLASS in trainings and "2 / " in trainings and "是" in trainings

    # 7. Remove the other trainee: the page asks first (saying what goes), then the count drops.
    page.goto(class_url)
    with page.expect_navigation():
        page.locator("#trainees tr", has_text="谭村医").locator("a", has_text="编辑").click()
    page.click("#remove-trainee")
    dialog = page.locator("dialog.confirm")
    assert "谭村医" in dialog.inner_text() and "减少 1 人" in dialog.inner_text()
    with page.expect_navigation():
        page.click("dialog.confirm button[value=ok]")
    assert int(page.inner_text("#count-enrolments")) == before + 1
    assert "谭村医" not in page.inner_text("#trainees")


def test_the_auditor_sees_no_forms(live_server, page):
    call_command("demo", verbosity=0)
    base = live_server.url
    _login(page, base, "auditor")
    page.goto(f"{base}/people/")
    assert page.locator("#new-person").count() == 0
    page.goto(f"{base}/activities/trainings/")
    with page.expect_navigation():
        page.click("main table tbody a >> nth=0")
    assert page.locator("#add-trainee").count() == 0
    assert page.locator("main form[method=post]").count() == 0
    response = page.goto(f"{base}/people/new/")
    assert response.status == 403
    assert "权限" in page.inner_text("main") or "不能" in page.inner_text("main")

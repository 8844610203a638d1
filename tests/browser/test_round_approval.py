"""A matching round approved by both sides in a real browser (issue 14): 巫山's coordinator
approves the western side — nothing is created yet; 烟台's coordinator finds the round on
the home page, reads the needs and people, and approves the eastern side — only then are
the postings created and linked. Screenshots at 1366 and 390 px."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.crawl import login, new_context
from xiezuo.exchange.models import Posting
from xiezuo.needs import services
from xiezuo.needs.models import Need
from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def wushan_round():
    """巫山's coordinator runs a round over 巫山's published needs, drawing on 烟台 (the
    eastern side of 巫山's pairing)."""
    actor = get_user_model().objects.get(username="wushan")
    needs = Need.objects.filter(organisation__name="巫山县中医院", team=None, status="published")
    round_ = services.create_round(actor=actor, name="巫山县—烟台市2027年第一轮", needs=list(needs),
                                   pool_region=Region.objects.get(code="370600"))
    return services.start_round(actor=actor, round_=round_, background=False)


def submitted_need() -> Need:
    """A need of 巫山县中医院 submitted (by the administrator, on the unit's behalf)."""
    admin = get_user_model().objects.get(username="admin")
    need = services.create_need(
        actor=admin, organisation=Organisation.objects.get(name="巫山县中医院"), domain="medical",
        specialty_text="麻醉", slots=1, min_title_level=3, mode="long_posting",
        start=datetime.date.today() + datetime.timedelta(days=90),
        end=datetime.date.today() + datetime.timedelta(days=270), priority=4,
        problem="开展无痛分娩")
    return services.transition_need(actor=admin, need=need, action="submit", comment="请审核")


def approve(page, expected_question: str) -> None:
    button = page.locator("#approve-round")
    expect(button).to_have_attribute("data-confirm", expected_question)
    button.click()
    dialog = page.locator("dialog[open]")
    expect(dialog).to_contain_text(expected_question)
    with page.expect_navigation():
        dialog.locator("button[value=ok], button:has-text('确定')").first.click()


def on_phone(page, shoot, name: str) -> None:
    page.set_viewport_size(PHONE)
    shoot(page, name)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size({"width": 1366, "height": 900})


def test_a_round_is_approved_by_wushan_then_yantai(live_server, browser, shoot):
    call_command("demo", verbosity=0)
    round_ = wushan_round()
    submitted_need()
    count = len(round_.result["assignments"])
    assert count >= 2 and round_.east_region.code.startswith("3706")
    base = live_server.url

    west = new_context(browser)
    page = west.new_page()
    login(page, base, "wushan")
    # First a need submitted on the hospital's behalf: 巫山's coordinator approves it.
    todo = page.locator("[data-todo='needs.approve'] a")
    expect(todo).to_contain_text("1 条需求等待您审核")
    with page.expect_navigation():
        todo.click()
    with page.expect_navigation():
        page.locator("main table tbody a", has_text="麻醉").first.click()
    expect(page.locator("#need-status")).to_contain_text("已提交待审核")
    page.fill("#approve-comment", "同意，请尽快发布。")
    with page.expect_navigation():
        page.click("#need-approve")
    expect(page.locator("#need-status")).to_contain_text("已审核待发布")
    expect(page.locator("#need-decisions")).to_contain_text("同意，请尽快发布。")
    expect(page.locator("#need-publish")).to_be_visible()
    shoot(page, "need-approved-1366")
    on_phone(page, shoot, "need-approved-390")

    page.goto(f"{base}/needs/rounds/{round_.pk}/")
    expect(page.locator("#side-west")).to_contain_text("待审批")
    expect(page.locator("#side-east")).to_contain_text("烟台市")
    page.fill("#round-approve-comment", "人选符合县中医院需求，同意。")
    approve(page, "确定以西部（受援方）身份批准这个方案吗？另一方也批准后才会生成选派记录。")
    expect(page.locator(".messages")).to_contain_text("东部（派出方）批准后将生成选派记录")
    expect(page.locator("#side-west")).to_contain_text("已批准")
    expect(page.locator("#side-west")).to_contain_text("人选符合县中医院需求")
    expect(page.locator("#side-east")).to_contain_text("待审批")
    expect(page.locator("#approve-round")).to_have_count(0)
    expect(page.locator("#created-postings")).to_have_count(0)
    assert not Posting.objects.filter(note__contains=round_.name).exists()
    shoot(page, "round-approval-west-1366")
    on_phone(page, shoot, "round-approval-west-390")
    west.close()

    east = new_context(browser)
    page = east.new_page()
    login(page, base, "yantai")
    page.goto(f"{base}/")
    todo = page.locator("[data-todo='needs.rounds'] a")
    expect(todo).to_contain_text("1 个匹配方案等待您方审批")
    with page.expect_navigation():
        todo.click()
    with page.expect_navigation():
        page.locator("main table tbody a", has_text=round_.name).click()
    expect(page.locator("#proposal article.match")).to_have_count(count)  # needs and people read
    expect(page.locator("#run-round")).to_have_count(0)  # the eastern side does not run it
    expect(page.locator("#side-west")).to_contain_text("wushan")
    shoot(page, "round-approval-east-before-1366")
    approve(page, f"您批准后双方审批即告完成，将生成 {count} 条选派记录，且不可撤销。确定吗？")
    expect(page.locator(".messages")).to_contain_text(f"双方均已批准：已生成 {count} 条选派记录。")
    expect(page.locator("#round-status")).to_contain_text("已批准")
    expect(page.locator("#side-east")).to_contain_text("已批准")
    links = page.locator("#created-postings a.posting-link")
    expect(links).to_have_count(count)
    shoot(page, "round-approval-east-1366")
    on_phone(page, shoot, "round-approval-east-390")
    assert Posting.objects.filter(note__contains=round_.name).count() == count
    with page.expect_navigation():
        links.first.click()
    expect(page.locator("body")).to_contain_text("巫山县中医院")
    east.close()

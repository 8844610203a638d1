"""A real browser runs a matching round on the demo data as 巫山's coordinator: choose the
needs (told apart by unit · specialty · period · count) and a weight preset, run, read why
each person was proposed and why a need stays open (the funnel), pin a match and run again
(the pin holds), approve the western side after the confirmation. Screenshots at 1366 and
390 px."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.crawl import demo_round
from xiezuo.needs import services
from xiezuo.needs.demo import load_needs_demo
from xiezuo.needs.models import Need
from xiezuo.orgs.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "xiezuo-demo-2026"


def open_need(username: str) -> str:
    """A published 巫山 need nobody in the east can fill (no one is available that far
    ahead): its funnel shows where the candidates drop out."""
    actor = get_user_model().objects.get(username=username)
    bone = Need.objects.filter(organisation__name="巫山县中医院", specialty__name__startswith="骨科").first()
    start = datetime.date.today() + datetime.timedelta(days=6 * 365)
    need = services.create_need(
        actor=actor, organisation=Organisation.objects.get(name="巫山县中医院"), domain="medical",
        specialty=bone.specialty, slots=2, min_title_level=3, mode="long_posting", start=start,
        end=start + datetime.timedelta(days=179), priority=4, problem="骨科学科带头人")
    # submitted by the county, approved and published (the administrator's shortcut)
    services.publish_directly(actor=get_user_model().objects.get(username="admin"), need=need)
    return need.full_label


def confirm(page) -> None:
    """Accept the confirmation: the browser's own (window.confirm, handled by the dialog
    listener) or the page's <dialog> with 确定/取消."""
    dialog = page.locator("dialog[open]")
    try:
        dialog.wait_for(state="visible", timeout=3_000)
    except Exception:  # noqa: BLE001 — window.confirm was answered by the listener
        return
    ok = dialog.locator("button[value=ok], button:has-text('确定')").first
    ok.click()


def test_matching_round_from_needs_to_postings(live_server, browser, shoot):
    call_command("demo", verbosity=0)
    load_needs_demo()
    wushan = Need.objects.filter(organisation__name="巫山县中医院", team=None, status="published")
    needs = [wushan.filter(specialty__name__startswith=name).order_by("pk").last().full_label
             for name in ("神经外科", "骨科")]
    hard = open_need("wushan")
    base = live_server.url
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    page.goto(f"{base}/accounts/login/?next=/needs/rounds/new/")
    page.fill("#id_username", "wushan")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url("**/needs/rounds/new/")

    # The form: needs told apart, presets, the raw weights folded away.
    expect(page.locator("#round-needs")).to_contain_text("2人")
    expect(page.locator("#custom-weights")).not_to_have_attribute("open", "")
    expect(page.locator("#id_w_specialty")).not_to_be_visible()
    page.fill("#id_name", "巫山县第一轮精准匹配")
    for label in needs:
        page.get_by_label(label, exact=True).check()
    page.get_by_label(hard, exact=True).check()
    page.check("#preset-specialty_first")
    page.locator("#custom-weights summary").click()
    expect(page.locator("#id_w_specialty")).to_have_value("60")  # the preset filled it
    shoot(page, "round-form-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "round-form-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1366, "height": 900})
    with page.expect_navigation():
        page.click("#round-form button[type=submit]")
    expect(page.locator("#round-weights")).to_contain_text("专业优先")

    with page.expect_navigation():
        page.click("#run-round")
    cards = page.locator("#proposal article.match")
    expect(cards).to_have_count(2)
    first = cards.first
    expect(first.locator(".reason")).to_contain_text("专业相同")
    expect(first.locator(".reason")).to_contain_text("结对单位")
    first.locator("details.breakdown summary").click()
    expect(first.locator(".parts")).to_contain_text("专业匹配")
    expect(first.locator(".parts")).to_contain_text("公平性")
    # The need nobody can fill: its reason and the funnel.
    open_card = page.locator("#unfilled article.unfilled-card", has_text=hard)
    expect(open_card.locator(".funnel")).to_contain_text("有该专业或相关专业")
    expect(open_card.locator(".funnel")).to_contain_text("职称达标")
    expect(open_card.locator(".funnel li.binding")).to_contain_text("时间可派 0 人")
    shoot(page, "round-proposal-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "round-proposal-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1366, "height": 900})

    # A person's name opens what the round knows of them.
    pinned = first.get_attribute("data-person")
    with page.expect_navigation():
        first.locator("a.person-link").click()
    expect(page.locator("h1")).to_have_text(pinned)
    expect(page.locator("#candidate")).to_contain_text("专业")
    page.go_back()

    with page.expect_navigation():
        page.locator(f"#proposal article.match[data-person='{pinned}'] button.pin").click()
    with page.expect_navigation():
        page.click("#run-round")
    expect(page.locator(f"#proposal article.match[data-person='{pinned}'] .pinned")).to_be_visible()

    # Approve the western side: asked first; the postings wait for the eastern side
    # (tests/browser/test_round_approval.py follows a round through both sides).
    approve = page.locator("#approve-round")
    question = "确定以西部（受援方）身份批准这个方案吗？另一方也批准后才会生成选派记录。"
    expect(approve).to_have_attribute("data-confirm", question)
    with page.expect_navigation():
        approve.click()
        confirm(page)
    assert asked == [] or asked == [question]
    expect(page.locator(".messages")).to_contain_text("东部（派出方）批准后将生成选派记录")
    expect(page.locator("#side-west")).to_contain_text("已批准")
    expect(page.locator("#approve-round")).to_have_count(0)
    shoot(page, "round-approved-1366")
    context.close()


def test_an_auditor_reads_the_round_but_acts_on_nothing(live_server, browser):
    call_command("demo", verbosity=0)
    demo_round("wushan")
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/needs/rounds/")
    page.fill("#id_username", "auditor")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url("**/needs/rounds/")
    expect(page.locator("main")).not_to_contain_text("新建匹配轮次")
    with page.expect_navigation():
        page.locator("main table tbody a").first.click()
    expect(page.locator("#proposal")).to_contain_text("理由")
    expect(page.locator("main form[method=post]")).to_have_count(0)
    expect(page.locator("main button")).to_have_count(0)
    context.close()

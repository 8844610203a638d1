"""An offer (供给清单) from publishing to a named person, in a real browser (issue 17).

烟台山医院 publishes an offer of two anaesthetists; 巫山's coordinator runs a round with a
need and the offer (nobody named is free that late, so the offer answers it); both sides
approve — the places wait for names; the hospital is told on its home page, names a person
whose title is too low (refused, with the reason) and then one who fits (the posting is
made). Screenshots at 1366 and 390 px."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.crawl import login, new_context
from xiezuo.exchange.models import Posting
from xiezuo.needs import services as needs
from xiezuo.offers import services as offers
from xiezuo.offers.choices import PlacementState
from xiezuo.offers.models import Placement
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Availability, Person
from xiezuo.reference.models import Specialty
from xiezuo.vocab.specialties import resolve_specialty

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
FAR = datetime.date.today() + datetime.timedelta(days=1100)  # past every demo availability


def day(offset: int) -> datetime.date:
    return FAR + datetime.timedelta(days=offset)


def world():
    users = get_user_model().objects
    anaes = Specialty.objects.get(code=resolve_specialty("麻醉", domain="medical").code)
    need = needs.create_need(
        actor=users.get(username="admin"), organisation=Organisation.objects.get(name="巫山县中医院"),
        domain="medical", specialty=anaes, slots=2, min_title_level=4, mode="long_posting",
        start=day(0), end=day(179), priority=5, problem="开设麻醉门诊，开展无痛分娩")
    needs.publish_directly(actor=users.get(username="admin"), need=need)
    offer = offers.create_offer(
        actor=users.get(username="ytsh"), organisation=Organisation.objects.get(name="烟台山医院"), domain="medical", specialty=anaes,
        count=2, min_title_level=4, start=day(-10), end=day(200), modes=["long_posting"],
        note="可派两名副主任医师，半年")
    need.refresh_from_db()
    return need, offer


def hire(need) -> dict[str, Person]:
    """Two anaesthetists the hospital takes on after the round (so no round names them)."""
    people = {}
    for name, level in (("宋麻醉", 4), ("韩麻醉", 3)):
        person = Person.objects.create(name=name, organisation=Organisation.objects.get(name="烟台山医院"),
                                       domain="medical", specialty=need.specialty,
                                       title_level=level, position="医师")
        Availability.objects.create(person=person, start=day(-10), end=day(200),
                                    modes=["long_posting"])
        people[name] = person
    return people


def on_phone(page, shoot, name: str) -> None:
    page.set_viewport_size(PHONE)
    shoot(page, name)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size({"width": 1366, "height": 900})


def approve(page, expected: str) -> None:
    button = page.locator("#approve-round")
    expect(button).to_have_attribute("data-confirm", expected)
    button.click()
    dialog = page.locator("dialog[open]")
    with page.expect_navigation():
        dialog.locator("button[value=ok], button:has-text('确定')").first.click()


def test_an_offer_is_published_matched_approved_and_named(live_server, browser, shoot):
    call_command("demo", verbosity=0)
    need, offer = world()
    base = live_server.url

    # 1. The hospital publishes its offer.
    context = new_context(browser)
    page = context.new_page()
    login(page, base, "ytsh")
    page.goto(f"{base}{offer.get_absolute_url()}")
    expect(page.locator("#offer-status")).to_contain_text("草稿")
    with page.expect_navigation():
        page.click("#offer-publish")
    expect(page.locator("#offer-status")).to_contain_text("已发布")
    shoot(page, "offer-published-1366")
    on_phone(page, shoot, "offer-published-390")
    context.close()

    # 2. 巫山's coordinator runs a round over the need with the offer.
    context = new_context(browser)
    page = context.new_page()
    login(page, base, "wushan")
    page.goto(f"{base}/needs/rounds/new/")
    page.fill("#id_name", "巫山县麻醉门诊供给匹配")
    page.locator("#round-needs label", has_text=need.full_label).locator("input").check()
    page.locator("#round-offers label", has_text=offer.full_label).locator("input").check()
    shoot(page, "round-form-offers-1366")
    with page.expect_navigation():
        page.click("#round-form button[type=submit]")
    with page.expect_navigation():
        page.click("#run-round")
    card = page.locator("#offer-matches article.offer-match")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("烟台山医院")
    expect(card).to_contain_text("2 人待定")
    expect(card.locator(".reason")).to_contain_text("专业相同")
    expect(page.locator("main")).to_contain_text("匹配结果已更新（2 项匹配）")  # the history
    card.locator("details.breakdown summary").click()
    expect(card.locator(".parts")).to_contain_text("职称级别")
    shoot(page, "round-offer-proposal-1366")
    on_phone(page, shoot, "round-offer-proposal-390")
    approve(page, "确定以西部（受援方）身份批准这个方案吗？另一方也批准后才会生成选派记录。")
    expect(page.locator("#side-west")).to_contain_text("已批准")
    context.close()

    # 3. 烟台's coordinator approves the eastern side: the places are given.
    context = new_context(browser)
    page = context.new_page()
    login(page, base, "yantai")
    page.goto(f"{base}/needs/rounds/")
    with page.expect_navigation():
        page.locator("main table tbody a", has_text="巫山县麻醉门诊供给匹配").click()
    button = page.locator("#approve-round")
    expect(button).to_contain_text("2 个待定岗位")
    approve(page, button.get_attribute("data-confirm") or "")
    expect(page.locator(".messages")).to_contain_text("2 个岗位等待提供单位确定人选")
    expect(page.locator("#created-postings .created-placements li")).to_have_count(2)
    assert Placement.objects.filter(state=PlacementState.OPEN, offer=offer).count() == 2
    assert not Posting.objects.filter(need_ref=need.pk).exists()
    context.close()

    # 4. The hospital sees the places on its home page and names the people.
    people = hire(need)
    context = new_context(browser)
    page = context.new_page()
    login(page, base, "ytsh")
    page.goto(f"{base}/")
    todo = page.locator("[data-todo='offers.places'] a")
    expect(todo).to_contain_text("2")
    with page.expect_navigation():
        todo.click()
    with page.expect_navigation():
        page.locator("main table tbody a", has_text="巫山县中医院").first.click()
    expect(page.locator("#place-requirements")).to_contain_text("副高")
    page.select_option("#id_person", label=next(
        o for o in page.locator("#id_person option").all_inner_texts() if o.startswith("韩麻醉")))
    page.click("#name-submit")
    expect(page.locator("#name-form")).to_contain_text("韩麻醉的职称级别（中级）低于需求的最低职称（副高级）")
    shoot(page, "place-refused-1366")
    on_phone(page, shoot, "place-refused-390")
    assert not Posting.objects.filter(need_ref=need.pk).exists()
    page.select_option("#id_person", label=next(
        o for o in page.locator("#id_person option").all_inner_texts() if o.startswith("宋麻醉")))
    with page.expect_navigation():
        page.click("#name-submit")
    expect(page.locator("#place-person")).to_contain_text("宋麻醉")
    shoot(page, "place-named-1366")
    on_phone(page, shoot, "place-named-390")
    posting = Posting.objects.get(need_ref=need.pk)
    assert (posting.person, posting.host.name, posting.planned_start) == (
        people["宋麻醉"], "巫山县中医院", day(0))
    context.close()

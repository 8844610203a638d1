"""A real browser runs a team posting at a county hospital from creation to the timeline:
create the team, add members, put it on post, record a goal with evidence, extend one
member, end another early with a successor, and see the county's timeline."""

import datetime

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOST = "石柱县人民医院"  # a county hospital of the demo registry (石柱县, 500240)
SENDER = "山东省中医院"
MEMBERS = [("鲁甲医生", "leader"), ("鲁乙医生", "member"), ("鲁丙医生", "member")]
SUCCESSOR = "鲁丁医生"


def _people():
    from xiezuo.orgs.models import Organisation
    from xiezuo.people.models import Person

    sender = Organisation.objects.get(name=SENDER)
    for name in [m for m, _role in MEMBERS] + [SUCCESSOR]:
        Person.objects.create(name=name, organisation=sender, domain="medical",
                              specialty_text="心血管内科", title="主治医师", title_level=3)


def _login(page, base):
    page.goto(f"{base}/accounts/login/?next=/exchange/teams/new/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "xiezuo-demo-2026")
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_url("**/exchange/teams/new/")


def _add_member(page, name, role, start=None, end=None):
    page.click("#add-member summary")
    page.fill("#id_member-person", f"{name} / {SENDER}")
    page.select_option("#id_member-kind", "medical")
    page.select_option("#id_member-role", role)
    page.fill("#id_member-post", "科室主任" if role == "leader" else "主治医师")
    if start:
        page.fill("#id_member-planned_start", start.isoformat())
        page.fill("#id_member-planned_end", end.isoformat())
    with page.expect_navigation():
        page.click("#add-member button[type=submit]")
    assert name in page.inner_text("#members")


def _confirm(page, button, shot=None):
    """Submit with a button that asks first (data-confirm), and agree in the dialog."""
    assert page.get_attribute(button, "data-confirm")
    page.click(button)
    if shot:
        shot(page, full_page=False)
    with page.expect_navigation():
        page.click("dialog.confirm button[value=ok]")


def _open_member(page, team_url, name):
    page.goto(team_url)
    with page.expect_navigation():
        page.click(f"#members a:text-is('{name}')")


def test_team_at_a_county_hospital_from_start_to_timeline(live_server, page, shoot):
    call_command("demo", verbosity=0)
    _people()
    today = datetime.date.today()
    start, end = today - datetime.timedelta(days=30), today + datetime.timedelta(days=335)
    base = live_server.url
    _login(page, base)

    # 1. Create the team for the county hospital.
    page.fill("#id_name", "山东省中医院赴石柱组团帮扶队")
    page.fill("#id_host", HOST)
    page.fill("#id_sending_org", SENDER)
    page.select_option("#id_domain", "medical")
    page.fill("#id_batch", "第一批")
    page.fill("#id_planned_start", start.isoformat())
    page.fill("#id_planned_end", end.isoformat())
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.inner_text("h1") == "山东省中医院赴石柱组团帮扶队"
    team_url = page.url

    # 2. Members, then put the team on post.
    for name, role in MEMBERS:
        _add_member(page, name, role)
    _confirm(page, "#start-team")  # it says how many members go on post
    states = page.locator("#members tbody tr td:nth-child(5)").all_inner_texts()
    assert len(states) == 3 and len(set(states)) == 1  # all three on post
    assert page.locator("#coverage .bar").count() == 3

    # 3. A goal with evidence (text and a file).
    page.click("#new-goal summary")
    page.select_option("#id_goal-kind", "weak_link")
    page.fill("#id_goal-title", "建成胸痛中心")
    page.select_option("#id_goal-status", "achieved")
    page.fill("#id_goal-evidence_text", "通过省级胸痛中心验收")
    page.set_input_files("#id_goal-evidence_file", files=[
        {"name": "验收报告.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 demo"}])
    with page.expect_navigation():
        page.click("#new-goal button[type=submit]")
    goals = page.inner_text("#goals")
    assert "建成胸痛中心" in goals and "通过省级胸痛中心验收" in goals and "验收报告" in goals

    # 4. Extend the leader.
    _open_member(page, team_url, MEMBERS[0][0])
    new_end = end + datetime.timedelta(days=180)
    page.click("#details-extend summary")  # the forward actions, folded in the page head
    page.fill("#id_extend-new_end", new_end.isoformat())
    page.fill("#id_extend-reason", "胸痛中心建设需要")
    with page.expect_navigation():
        page.click("#action-extend button[type=submit]")
    assert page.inner_text("#planned-end").replace("年", "-").replace("月", "-").replace(
        "日", "").strip() in (new_end.isoformat(), f"{new_end.year}-{new_end.month}-{new_end.day}")
    assert "胸痛中心建设需要" in page.inner_text("#events")

    # 5. A successor joins; another member ends early and hands over to them.
    page.goto(team_url)
    successor_start = today + datetime.timedelta(days=20)
    _add_member(page, SUCCESSOR, "member", successor_start, end)
    _open_member(page, team_url, MEMBERS[1][0])
    page.fill("#id_end_early-end", (today + datetime.timedelta(days=19)).isoformat())
    page.fill("#id_end_early-reason", "工作调动")
    page.select_option("#id_end_early-successor", label=page.locator(
        "#id_end_early-successor option", has_text=SUCCESSOR).inner_text())
    # Ending early is destructive: apart from the forward actions, red, and it asks first.
    assert page.locator(".pagehead #action-end_early").count() == 0
    assert "danger" in page.get_attribute("#action-end_early button[type=submit]", "class")
    page.set_viewport_size({"width": 1366, "height": 900})
    shoot(page, "exchange-posting-actions")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "exchange-posting-actions-phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    _confirm(page, "#action-end_early button[type=submit]",
             shot=lambda p, **kw: shoot(p, "exchange-posting-end-early-confirm", **kw))
    facts = page.inner_text("dl.facts")
    assert SUCCESSOR in facts and "工作调动" in facts
    assert "工作调动" in page.inner_text("#events")

    # 6. The county's timeline: one lane for the hospital with all four people.
    page.goto(f"{base}/exchange/timeline/?region=500240")
    lane = page.locator(".timeline .lane", has_text=HOST)
    assert lane.count() == 1
    bars = lane.locator(".bar").all_inner_texts()
    assert sorted(bars) == sorted([m for m, _r in MEMBERS] + [SUCCESSOR])
    assert lane.locator(".bar.extended").count() == 1
    assert lane.locator(".bar.ended_early").count() == 1

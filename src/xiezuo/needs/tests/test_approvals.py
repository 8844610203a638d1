"""Two-sided approvals (issue 14): a need is submitted by its unit and approved by one or two
levels of coordinators before it is published; a round's proposal is approved by the western
and the eastern coordinators, and only then are the postings created. Through the services,
the API and the pages."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiezuo.core.errors import Conflict
from xiezuo.exchange.models import Posting, Programme
from xiezuo.needs import services
from xiezuo.needs.models import Need, Round, RoundDecision
from xiezuo.needs.tests.world import D, build
from xiezuo.notifications.models import Notification
from xiezuo.regions.models import Pairing

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(refdata, make_user):
    world = build(make_user)
    world["unit"] = make_user("wushan-tcm", organisation=world["west"])  # the hospital's clerk
    world["chongqing"] = make_user("chongqing-coord", region="500000")
    world["auditor"] = make_user("wushan-audit", region="500237", role="auditor")
    Notification.objects.all().delete()  # those of building the world
    return world


def todo(client, key):
    """The count of the home page's to-do `key` (None: not listed)."""
    found = re.search(rf'data-todo="{key}"><a href="[^"]*">(.*?)</a>', client.get("/").content.decode())
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else None


def draft(world, **fields):
    return services.create_need(
        actor=world["unit"], organisation=world["west"], domain="medical",
        specialty=world["neuro"], slots=1, min_title_level=4, mode="long_posting",
        start=D(2027, 3, 1), end=D(2027, 8, 31), problem="开展颅脑外伤手术", **fields)


def two_levels(world):
    """The programme of the 烟台—巫山 pairing asks for two levels."""
    Programme.objects.create(name="烟台—巫山", pairing=Pairing.objects.get(west_region__code="500237"),
                             need_approval_levels=2)


def told(user, event):
    return list(Notification.objects.filter(recipient=user, event=event).values_list("title", flat=True))


# ---- needs ----------------------------------------------------------------------------------


def test_one_level_submit_approve_publish_with_the_record_and_the_notices(world, client_for):
    need = services.transition_need(actor=world["unit"], need=draft(world), action="submit",
                                    comment="急需")
    assert need.status == "submitted"
    assert told(world["coordinator"], "need_submitted") == [
        "巫山县中医院的需求“神经外科专业”已提交，等待您审核"]
    need = services.transition_need(actor=world["coordinator"], need=need, action="approve",
                                    comment="同意发布")
    assert need.status == "approved"
    assert told(world["unit"], "need_approved")
    need = services.transition_need(actor=world["unit"], need=need, action="publish")
    assert need.status == "published"
    steps = [(d.step, d.level, d.by.username, d.comment) for d in need.decisions.order_by("pk")]
    assert steps == [("submitted", None, "wushan-tcm", "急需"),
                     ("approved", 1, "wushan-coord", "同意发布"),
                     ("published", None, "wushan-tcm", "")]
    page = client_for(world["unit"]).get(f"/needs/{need.pk}/").content.decode()
    record = page.split('<section id="need-decisions">', 1)[1].split("</section>", 1)[0]
    assert "wushan-coord" in record and "同意发布" in record and "提交审核" in record


def test_two_levels_need_the_county_then_a_coordinator_above_it(world, client_for):
    two_levels(world)
    need = services.transition_need(actor=world["unit"], need=draft(world), action="submit")
    need = services.approve_need(actor=world["coordinator"], need=need)
    assert need.status == "reviewed"
    assert told(world["chongqing"], "need_submitted") == [
        "巫山县中医院的需求“神经外科专业”已通过初审，等待您复审"]
    with pytest.raises(PermissionDenied, match="复审"):  # the county cannot give the second level
        services.approve_need(actor=world["coordinator"], need=need)
    page = client_for(world["coordinator"]).get(f"/needs/{need.pk}/").content.decode()
    assert 'id="need-approve"' not in page
    page = client_for(world["chongqing"]).get(f"/needs/{need.pk}/").content.decode()
    assert "第 2 级，共 2 级" in page and 'id="need-approve"' in page
    need = services.approve_need(actor=world["chongqing"], need=need, comment="市里同意")
    assert need.status == "approved"
    assert [(d.level, d.by) for d in need.decisions.filter(step="approved")] == [
        (1, world["coordinator"]), (2, world["chongqing"])]


def test_one_coordinator_never_gives_both_levels_nor_approves_his_own_submission(world):
    two_levels(world)
    need = services.transition_need(actor=world["unit"], need=draft(world), action="submit")
    need = services.approve_need(actor=world["chongqing"], need=need)  # level 1 by the province
    with pytest.raises(PermissionDenied, match="初审"):
        services.approve_need(actor=world["chongqing"], need=need)
    own = services.transition_need(actor=world["coordinator"], need=draft(world), action="submit")
    with pytest.raises(PermissionDenied, match="本人提交"):
        services.approve_need(actor=world["coordinator"], need=own)
    # an administrator may (documented): both levels of a need he submitted himself
    mine = services.transition_need(actor=world["admin"], need=draft(world), action="submit")
    mine = services.approve_need(actor=world["admin"], need=mine)
    assert services.approve_need(actor=world["admin"], need=mine).status == "approved"


def test_a_return_needs_a_reason_and_the_author_reads_it(world, client_for):
    need = services.transition_need(actor=world["unit"], need=draft(world), action="submit")
    with pytest.raises(ValidationError) as exc:
        services.transition_need(actor=world["coordinator"], need=need, action="reject", reason=" ")
    assert list(exc.value.message_dict) == ["reason"]
    assert Need.objects.get(pk=need.pk).status == "submitted"
    api = client_for(world["coordinator"]).post(f"/api/needs/{need.pk}/reject", {},
                                                content_type="application/json")
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["body", "reason"]
    assert "退回理由" in api.json()["detail"][0]["msg"]
    need = services.transition_need(actor=world["coordinator"], need=need, action="reject",
                                    reason="请写明手术量要求")
    assert need.status == "draft"
    assert told(world["unit"], "need_rejected") == ["巫山县中医院的需求“神经外科专业”被退回"]
    page = client_for(world["unit"]).get(f"/needs/{need.pk}/").content.decode()
    notice = page.split('id="need-returned"', 1)[1].split("</div>", 1)[0]
    assert "请写明手术量要求" in notice and "wushan-coord" in notice
    assert 'id="need-submit"' in page  # resubmitted after a change
    need = services.update_need(actor=world["unit"], instance=need, changes={"problem": "年手术量50台"})
    need = services.transition_need(actor=world["unit"], need=need, action="submit")
    assert need.decisions.filter(current=True).count() == 1  # the old round of review is history


def test_an_org_user_or_auditor_cannot_approve_another_county_gets_404(world, client_for):
    need = services.transition_need(actor=world["unit"], need=draft(world), action="submit")
    with pytest.raises(PermissionDenied, match="单位用户"):
        services.approve_need(actor=world["unit"], need=need)
    unit = client_for(world["unit"])
    assert unit.post(f"/api/needs/{need.pk}/approve", {}, content_type="application/json").status_code == 403
    page = unit.post(f"/needs/{need.pk}/approve/", follow=True).content.decode()
    assert "单位用户" in page and 'id="need-approve"' not in page
    auditor = client_for(world["auditor"])
    assert auditor.post(f"/api/needs/{need.pk}/approve", {}, content_type="application/json").status_code == 403
    assert auditor.post(f"/needs/{need.pk}/approve/").status_code == 403
    stranger = client_for(world["stranger"])
    assert stranger.post(f"/api/needs/{need.pk}/approve", {}, content_type="application/json").status_code == 404
    assert stranger.post(f"/needs/{need.pk}/approve/").status_code == 404
    assert Need.objects.get(pk=need.pk).status == "submitted"
    # through the API, the coordinator of the county approves
    response = client_for(world["coordinator"]).post(f"/api/needs/{need.pk}/approve", {"comment": "好"},
                                                     content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert response.json()["decisions"][-1]["by"] == "wushan-coord"


def test_the_list_and_the_home_page_show_what_waits_for_me(world, client_for):
    two_levels(world)
    need = services.transition_need(actor=world["unit"], need=draft(world), action="submit")
    coordinator = client_for(world["coordinator"])
    page = coordinator.get("/needs/?approval=mine").content.decode()
    assert f"/needs/{need.pk}/" in page
    assert f"/needs/{world['need'].pk}/" not in page  # published, waits for nobody
    assert todo(coordinator, "needs.approve") == "1 条需求等待您审核"
    assert f"/needs/{need.pk}/" not in client_for(world["unit"]).get("/needs/?approval=mine").content.decode()
    services.approve_need(actor=world["coordinator"], need=need)
    assert f"/needs/{need.pk}/" not in coordinator.get("/needs/?approval=mine").content.decode()
    assert f"/needs/{need.pk}/" in client_for(world["chongqing"]).get("/needs/?approval=mine").content.decode()


# ---- rounds ---------------------------------------------------------------------------------


def ran(world):
    round_ = services.create_round(actor=world["coordinator"], name="第一轮",
                                   needs=[world["need"], world["unfillable"]])
    return services.start_round(actor=world["coordinator"], round_=round_, background=False)


@pytest.mark.parametrize("first", ["coordinator", "east_coordinator"])
def test_one_side_alone_creates_nothing_both_sides_do(world, first):
    round_ = ran(world)
    assert round_.east_region.code == "370600"  # the eastern side of 巫山's pairing: 烟台
    second = {"coordinator": "east_coordinator", "east_coordinator": "coordinator"}[first]
    outcome = services.approve_round(actor=world[first], round_=round_, comment="同意")
    assert outcome.postings == [] and len(outcome.waiting) == 1
    assert not Posting.objects.exists() and Round.objects.get(pk=round_.pk).status == "done"
    with pytest.raises(Conflict):  # the same side twice
        services.approve_round(actor=world[first], round_=round_)
    assert told(world[second], "round_waiting")
    outcome = services.approve_round(actor=world[second], round_=round_)
    assert len(outcome.postings) == 1 and outcome.waiting == ()
    assert Round.objects.get(pk=round_.pk).status == "approved"
    for user in ("coordinator", "east_coordinator"):
        if user != second:
            assert told(world[user], "round_approved") == ["双方已批准“第一轮”：已生成 1 条选派记录"]


def test_a_return_clears_the_approvals_and_a_new_run_too(world, client_for):
    round_ = ran(world)
    services.approve_round(actor=world["coordinator"], round_=round_)
    east = client_for(world["east_coordinator"])
    response = east.post(f"/api/rounds/{round_.pk}/reject", {}, content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "reason"]
    response = east.post(f"/api/rounds/{round_.pk}/reject", {"reason": "甲医生明年另有任务"},
                         content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "done"
    assert [(d["side"], d["verdict"]) for d in response.json()["decisions"]] == [("east", "rejected")]
    assert not RoundDecision.objects.filter(verdict="approved", current=True).exists()
    page = client_for(world["coordinator"]).get(f"/needs/rounds/{round_.pk}/").content.decode()
    returned = page.split('id="round-returned"', 1)[1].split("</div>", 1)[0]
    assert "东部（派出方）" in returned and "甲医生明年另有任务" in returned
    assert told(world["coordinator"], "round_waiting")
    # approved again, then the round is run again: every approval is cleared
    services.approve_round(actor=world["coordinator"], round_=round_)
    services.start_round(actor=world["coordinator"], round_=Round.objects.get(pk=round_.pk),
                         background=False)
    assert not RoundDecision.objects.filter(current=True).exists()
    services.approve_round(actor=world["east_coordinator"], round_=Round.objects.get(pk=round_.pk))
    assert not Posting.objects.exists()


def test_an_administrator_approves_both_sides_at_once(world, client_for):
    round_ = ran(world)
    response = client_for(world["admin"]).post(f"/api/rounds/{round_.pk}/approve", {"comment": "统筹"},
                                               content_type="application/json")
    assert response.status_code == 200
    assert response.json()["sides"] == ["west", "east"] and len(response.json()["postings"]) == 1
    assert set(RoundDecision.objects.values_list("side", "by__username", "comment")) == {
        ("west", "needs-root", "统筹"), ("east", "needs-root", "统筹")}


def test_the_eastern_side_approves_but_does_not_run_or_change_the_round(world, client_for):
    round_ = ran(world)
    east = client_for(world["east_coordinator"])
    page = east.get(f"/needs/rounds/{round_.pk}/").content.decode()
    assert 'id="approve-round"' in page and 'id="run-round"' not in page
    assert 'id="discard-round"' not in page and "class=\"secondary pin\"" not in page
    assert east.post(f"/api/rounds/{round_.pk}/run").status_code == 403
    with pytest.raises(PermissionDenied):
        services.set_pin(actor=world["east_coordinator"], round_=round_, need_id=world["need"].pk,
                         person_id=world["people"]["乙医生"].pk)
    with pytest.raises(PermissionDenied):
        services.approve_round(actor=world["east_coordinator"], round_=round_, side="west")
    # a coordinator of neither side: not found
    assert client_for(world["stranger"]).post(f"/api/rounds/{round_.pk}/approve", {},
                                              content_type="application/json").status_code == 404
    # the home page: each side's coordinator has the round to approve
    assert todo(east, "needs.rounds") == "1 个匹配方案等待您方审批"
    listed = east.get("/needs/rounds/?approval=mine").content.decode()
    assert f"/needs/rounds/{round_.pk}/" in listed
    services.approve_round(actor=world["east_coordinator"], round_=round_)
    assert f"/needs/rounds/{round_.pk}/" not in east.get("/needs/rounds/?approval=mine").content.decode()
    assert todo(east, "needs.rounds") is None
    assert todo(client_for(world["coordinator"]), "needs.rounds") == "1 个匹配方案等待您方审批"

"""Issue 13, item 6 and the matching part of item 4: weight presets, a proposal explained
in words with the funnel of an unfilled need, approval that asks first and links to the
postings it created, and actions shown only to those who may take them, forward and
destructive apart."""

import io
import re

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from xiezuo.exchange.models import Posting
from xiezuo.matching import Weights
from xiezuo.needs import services
from xiezuo.needs.explanation import funnel, reason_line, score_parts
from xiezuo.needs.models import Need, Round
from xiezuo.needs.presets import BY_KEY, preset_of
from xiezuo.needs.tests.world import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(refdata, make_user):
    world = build(make_user)
    world["auditor"] = make_user("wushan-audit", region="500237", role="auditor")
    return world


def weights_form(**weights):
    return {f"w_{k}": v for k, v in {**Weights().__dict__, **weights}.items()}


def ran(world, **fields):
    actor = world["coordinator"]
    round_ = services.create_round(actor=actor, name="第一轮",
                                   needs=[world["need"], world["unfillable"]], **fields)
    return services.start_round(actor=actor, round_=round_, background=False)


def post_forms(page):
    """The POST forms of a page's content (the header's language switch and log-out aside)."""
    main = page.split("<main", 1)[1]
    return re.findall(r'<form[^>]*method="post"[^>]*action="([^"]*)"', main)


# ---- presets ------------------------------------------------------------------------------


def test_a_preset_decides_the_weights_custom_takes_them_as_given():
    assert services.round_weights(preset="pairing_first") == BY_KEY["pairing_first"].as_dict()
    # A named preset decides even when weights come along (the form sends both).
    assert services.round_weights(preset="specialty_first", weights={"specialty": 1}) == (
        BY_KEY["specialty_first"].as_dict())
    custom = services.round_weights(preset="custom", weights={"pairing": 99})
    assert custom["pairing"] == 99 and custom["specialty"] == Weights().specialty
    assert services.round_weights() == BY_KEY["balanced"].as_dict()
    assert preset_of(BY_KEY["pairing_first"].as_dict()).key == "pairing_first"
    assert preset_of({}).key == "balanced" and preset_of(custom) is None


@pytest.mark.parametrize(("preset", "weights", "field"), [
    ("fastest", None, "preset"),
    ("", {"charm": 3}, "weights"),
    ("custom", None, "weights"),
    ("custom", {"pairing": -1}, "weights"),
    ("custom", {"pairing": float("nan")}, "weights"),
    ("custom", {"pairing": "20"}, "weights"),
    ("custom", {name: 0 for name in Weights().__dict__}, "weights"),
])
def test_bad_presets_and_weights_are_refused_on_their_field(preset, weights, field):
    with pytest.raises(ValidationError) as refused:
        services.round_weights(preset=preset, weights=weights)
    assert list(refused.value.message_dict) == [field]


def test_create_round_stores_the_presets_weights_and_refuses_an_unknown_one(world):
    actor = world["coordinator"]
    round_ = services.create_round(actor=actor, name="结对", needs=[world["need"]],
                                   preset="pairing_first")
    assert round_.weights == BY_KEY["pairing_first"].as_dict()
    with pytest.raises(ValidationError) as refused:
        services.create_round(actor=actor, name="坏", needs=[world["need"]], preset="最快")
    assert "preset" in refused.value.message_dict
    assert "均衡" in refused.value.message_dict["preset"][0]
    assert Round.objects.filter(name="坏").count() == 0


def test_the_api_takes_a_preset_and_refuses_an_unknown_one(world, client_for):
    client = client_for(world["coordinator"])
    body = {"name": "接口轮", "needs": [world["need"].pk], "preset": "specialty_first"}
    response = client.post("/api/rounds/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["weights"] == BY_KEY["specialty_first"].as_dict()
    response = client.post("/api/rounds/", {**body, "preset": "nope"},
                           content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "preset"]


def test_the_round_form_lists_needs_apart_and_takes_a_preset(world, client_for):
    client = client_for(world["coordinator"])
    page = client.get("/needs/rounds/new/").content.decode()
    assert "巫山县中医院 · 神经外科" in page and "2027-03-01至2027-08-31 · 1人" in page
    assert 'id="custom-weights"' in page and "自定义权重" in page
    assert "地区代码" not in page and "区划代码" not in page
    for label in ("均衡", "专业优先", "结对优先"):
        assert label in page
    data = {"name": "表单轮", "needs": [world["need"].pk], "preset": "specialty_first",
            "pool_region": "烟台", **weights_form()}
    response = client.post("/needs/rounds/new/", data)
    assert response.status_code == 302, response.content.decode()[:1500]
    round_ = Round.objects.get(name="表单轮")
    assert round_.weights == BY_KEY["specialty_first"].as_dict()
    assert round_.pool_region.code == "370600"  # 烟台 by its short form
    # custom: the seven numbers as typed
    data.update(name="自定义轮", preset="custom", w_pairing=50, pool_region="")
    assert client.post("/needs/rounds/new/", data).status_code == 302
    assert Round.objects.get(name="自定义轮").weights["pairing"] == 50


def test_a_bad_preset_or_region_name_is_a_field_error_and_nothing_is_stored(world, client_for):
    client = client_for(world["coordinator"])
    data = {"name": "坏表单", "needs": [world["need"].pk], "preset": "fastest", **weights_form()}
    response = client.post("/needs/rounds/new/", data)
    assert response.status_code == 422
    assert response.context["form"].errors["preset"]
    response = client.post("/needs/rounds/new/", {**data, "preset": "custom", "w_title": ""})
    assert response.status_code == 422 and response.context["form"].errors["w_title"]
    response = client.post("/needs/rounds/new/", {**data, "preset": "balanced",
                                                  "pool_region": "火星"})
    assert response.status_code == 422 and response.context["form"].errors["pool_region"]
    assert not Round.objects.filter(name="坏表单").exists()


# ---- the proposal in words ------------------------------------------------------------------


def test_score_parts_and_the_reason_in_words():
    weights = Weights()
    parts = score_parts({"specialty": 35.0, "title": 8.5, "pairing": 20.0, "availability": 10.0,
                         "continuity": 0.0, "fairness": -0.7, "priority": 15.0}, weights)
    assert [p.verdict for p in parts][:4] == ["专业相同", "职称达标", "结对单位", "可派期覆盖需求期"]
    assert reason_line(parts) == "专业相同，职称达标，结对单位，可派期覆盖需求期"
    related = score_parts({"specialty": 21.0, "title": 10.0, "pairing": 0.0,
                           "availability": 5.0, "continuity": 5.0}, weights)
    assert reason_line(related) == "相关专业，职称高于要求，曾在该单位服务，可派期覆盖需求期的 50%"
    # A part weighed 0 is not judged.
    assert score_parts({"pairing": 0.0}, Weights(pairing=0))[2].verdict == "未计分"


def test_the_funnel_from_what_the_engine_counted():
    details = {"pool": {"no_specialty": 3, "title_too_low": 2, "mode_not_accepted": 2,
                        "not_available": 0, "excluded": 0}, "slots": 1, "filled": 0}
    steps = funnel(details, 1, reason_code="not_available")
    assert [s.text for s in steps] == ["有该专业或相关专业 3 人", "职称达标 2 人",
                                       "接受该方式 2 人", "时间可派 0 人"]
    assert [s.binding for s in steps] == [False, False, False, True]
    assert funnel({}, 1) == ()  # an older result without counts
    assert funnel({}, 1, reason_code="empty_pool")[0].text == "候选范围内 0 人"


def test_the_round_page_explains_matches_and_unfilled_needs(world, client_for):
    round_ = ran(world)
    page = client_for(world["coordinator"]).get(f"/needs/rounds/{round_.pk}/").content.decode()
    assert "理由" in page and "专业相同，职称高于要求，结对单位，可派期覆盖需求期" in page
    for label in ("专业匹配", "结对关系", "公平性"):
        assert label in page
    # the unfilled need: the reason and its funnel
    unfilled = re.search(r'<article class="unfilled-card".*?</article>', page, re.S).group(0)
    assert "高压氧舱" in unfilled and 'class="funnel"' in unfilled
    assert "有该专业或相关专业 0 人" in unfilled
    # eastern people the coordinator may not open: linked to the round's candidate page
    person = world["people"]["甲医生"]
    link = f"/needs/rounds/{round_.pk}/people/{person.pk}/"
    assert link in page
    candidate = client_for(world["coordinator"]).get(link)
    assert candidate.status_code == 200 and "烟台山医院" in candidate.content.decode()
    assert client_for(world["coordinator"]).get(f"/people/{person.pk}/").status_code == 404
    assert client_for(world["stranger"]).get(link).status_code == 404
    # weights by name, never the raw field names
    assert "均衡" in page and "specialty 35" not in page


def test_the_plan_has_chinese_headers_and_a_chinese_file_name(world, client_for):
    round_ = ran(world)
    response = client_for(world["coordinator"]).get(f"/needs/rounds/{round_.pk}/plan.xlsx")
    assert "%E5%8C%B9%E9%85%8D%E6%96%B9%E6%A1%88" in response["Content-Disposition"]  # 匹配方案
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in book.worksheets[0][1]]
    assert {"需求编号", "接收单位", "人员", "派出单位", "得分", "专业匹配", "结对关系"} <= set(headers)
    assert not {"specialty", "title", "pairing"} & set(headers)
    other = [c.value for c in book.worksheets[1][1]]
    assert "逐项筛选后剩余人数" in other and "Reason code" not in other
    assert "有该专业或相关专业 0 人" in book.worksheets[1].cell(2, 6).value


# ---- approval ---------------------------------------------------------------------------------


def test_approval_asks_with_the_count_and_then_links_the_postings(world, client_for):
    round_ = ran(world)
    west = client_for(world["coordinator"])
    page = west.get(f"/needs/rounds/{round_.pk}/").content.decode()
    assert 'data-confirm="确定以西部（受援方）身份批准这个方案吗？另一方也批准后才会生成选派记录。"' in page
    page = west.post(f"/needs/rounds/{round_.pk}/approve/", {"version": round_.version,
                                                            "comment": "西部同意"},
                     follow=True).content.decode()
    assert "已记录您方的批准；东部（派出方）批准后将生成选派记录。" in page
    assert not Posting.objects.exists() and 'id="approve-round"' not in page
    side = re.search(r'<article class="side-card" id="side-west".*?</article>', page, re.S).group(0)
    assert "已批准" in side and "wushan-coord" in side and "西部同意" in side
    client = client_for(world["east_coordinator"])
    page = client.get(f"/needs/rounds/{round_.pk}/").content.decode()
    assert 'data-confirm="您批准后双方审批即告完成，将生成 1 条选派记录，且不可撤销。确定吗？"' in page
    assert world["need"].full_label in page  # the eastern side reads the needs it approves
    response = client.post(f"/needs/rounds/{round_.pk}/approve/",
                           {"version": round_.version}, follow=True)
    page = response.content.decode()
    posting = Posting.objects.get(need_ref=world["need"].pk)
    assert "双方均已批准：已生成 1 条选派记录。" in page
    assert f'href="/needs/rounds/{round_.pk}/#created-postings"' in page  # in the message
    section = re.search(r'<section id="created-postings">.*?</section>', page, re.S).group(0)
    assert posting.get_absolute_url() in section and "甲医生" in section
    assert client.get(posting.get_absolute_url()).status_code == 200
    assert 'id="approve-round"' not in page and 'id="discard-round"' not in page


# ---- actions by role and place --------------------------------------------------------------


def test_an_auditor_sees_no_action_and_is_refused_every_post(world, client_for):
    round_ = ran(world)
    auditor = client_for(world["auditor"])
    page = auditor.get(f"/needs/rounds/{round_.pk}/").content.decode()
    assert post_forms(page) == []
    for label in ("批准", "重新运行", "锁定", "排除", "删除本轮"):
        assert f">{label}" not in page, label
    assert "专业相同" in page  # reads the explanation all the same
    for action in ("approve", "run", "discard", "pin"):
        response = auditor.post(f"/needs/rounds/{round_.pk}/{action}/",
                                {"need": world["need"].pk, "person": world["people"]["甲医生"].pk})
        assert response.status_code == 403, action
    need_page = auditor.get(f"/needs/{world['need'].pk}/").content.decode()
    assert post_forms(need_page) == []
    assert auditor.post(f"/needs/{world['need'].pk}/close/").status_code == 403
    response = auditor.post("/needs/rounds/new/", {"name": "审计轮", "needs": [world["need"].pk],
                                                   "preset": "balanced", **weights_form()})
    assert response.status_code == 403 and not Round.objects.filter(name="审计轮").exists()
    assert "新建匹配轮次" not in auditor.get("/needs/rounds/").content.decode()
    assert "新建需求" not in auditor.get("/needs/").content.decode()
    coordinator = client_for(world["coordinator"])
    assert "新建匹配轮次" in coordinator.get("/needs/rounds/").content.decode()
    assert "新建需求" in coordinator.get("/needs/").content.decode()
    round_.refresh_from_db()
    assert round_.status == "done" and Need.objects.get(pk=world["need"].pk).status == "published"


def test_forward_actions_lead_and_closing_ones_stand_apart(world, client_for):
    client = client_for(world["coordinator"])
    draft = services.create_need(
        actor=world["admin"], organisation=world["west"], domain="medical",
        specialty=world["neuro"], slots=2, min_title_level=3, mode="long_posting",
        start=world["need"].start, end=world["need"].end)
    page = client.get(f"/needs/{draft.pk}/").content.decode()
    head = re.search(r'<div class="actions" id="need-forward-actions">.*?</div></div>', page, re.S).group(0)
    assert 'id="need-submit"' in head and "need-close" not in head
    more = re.search(r'<section id="more-actions".*?</section>', page, re.S).group(0)
    assert 'class="danger" id="need-close_unfillable"' in more and "data-confirm=" in more
    page = client.get(f"/needs/{world['need'].pk}/").content.decode()  # published
    head = re.search(r'<div class="actions" id="need-forward-actions">.*?</div></div>', page, re.S).group(0)
    assert "need-close" not in head and "need-publish" not in head
    more = re.search(r'<section id="more-actions".*?</section>', page, re.S).group(0)
    assert 'class="danger" id="need-close"' in more and "确定关闭需求" in more
    # a round: the way to approve in the head, delete in "more actions", confirmed
    round_ = ran(world)
    page = client.get(f"/needs/rounds/{round_.pk}/").content.decode()
    head = page.split('<div class="actions">', 1)[1].split("</div></div>", 1)[0]
    assert 'id="goto-approval"' in head and "discard" not in head
    assert 'id="approve-round"' in page.split('<section id="approvals">', 1)[1]
    more = re.search(r'<section id="more-actions".*?</section>', page, re.S).group(0)
    assert 'class="danger" id="discard-round"' in more and "不可撤销" in more
    response = client.post(f"/needs/rounds/{round_.pk}/discard/")
    assert response.status_code == 302 and response["Location"] == "/needs/rounds/"
    assert not Round.objects.filter(pk=round_.pk).exists()


def test_the_round_page_reads_in_english_too(world, client_for):
    round_ = ran(world)
    client = client_for(world["coordinator"])
    client.cookies["django_language"] = "en"
    page = client.get(f"/needs/rounds/{round_.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Same specialty, title above the minimum, from the paired side" in page
    assert ("Approve the proposal for your side (Western side (receiving))? The postings are "
            "created when the other side approves too.") in page
    assert "Same or related specialty: 0 people" in page


def test_the_command_line_takes_a_preset_and_refuses_an_unknown_one(world):
    out = io.StringIO()
    call_command("match_round", "run", "--needs", str(world["need"].pk), "--as", "wushan-coord",
                 "--name", "命令行", "--preset", "pairing_first", stdout=out)
    assert Round.objects.get(name="命令行").weights == BY_KEY["pairing_first"].as_dict()
    with pytest.raises(CommandError, match="均衡"):
        call_command("match_round", "run", "--needs", str(world["need"].pk), "--as",
                     "wushan-coord", "--name", "坏命令", "--preset", "fastest", stdout=out)
    assert not Round.objects.filter(name="坏命令").exists()

"""The change history on detail pages reads as plain Chinese, never as stored data."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from xiezuo.activities import services as activity_services
from xiezuo.activities.models import Activity, ActivityMetric
from xiezuo.activities.tests.world import build as build_activities
from xiezuo.core.history import history_rows
from xiezuo.needs import services as need_services
from xiezuo.needs.models import Need, Round
from xiezuo.needs.tests.world import build as build_needs
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person

pytestmark = pytest.mark.django_db
D = datetime.date
RAW = ("{'", "[{", "None", "+00:00", "changed", "created", "True", "False", ".00")


def history_of(page) -> str:
    text = page.content.decode()
    assert page.status_code == 200
    return text.split('id="history"', 1)[1].split("</section>", 1)[0]


def assert_no_raw(section: str) -> None:
    for raw in RAW:
        assert raw not in section, raw


@pytest.fixture
def needs_world(refdata, make_user):
    return build_needs(make_user)


@pytest.fixture
def activities_world(refdata, make_user):
    return build_activities(make_user)


def test_need_history_uses_labels_names_and_local_values(needs_world, client_for):
    world = needs_world
    admin = world["admin"]
    admin.first_name, admin.last_name = "", "王协调"
    admin.save()
    need = Need.objects.get(pk=world["need"].pk)
    need.start = D(2027, 4, 1)
    need.requires_management = True
    need.organisation = world["other"]
    need.problem = "很长的问题描述。" * 40
    need.save()  # outside any request: nobody is recorded
    need.priority = 4
    need._history_user = admin
    need.save()
    section = history_of(client_for(admin).get(f"/needs/{need.pk}/"))
    assert "新增" in section and "修改" in section
    # published through the approvals (needs.services.publish_directly): draft → … → published
    assert "<del>草稿</del> → 已提交待审核" in section and "<del>已审核待发布</del> → 已发布" in section
    assert "<strong>状态</strong>" in section
    assert "王协调" in section and "系统" in section
    assert "<del>2027-03-01</del> → 2027-04-01" in section
    assert "<del>否</del> → 是" in section
    assert "<del>巫山县中医院</del> → 开州区人民医院" in section
    assert "很长的问题描述。" * 25 in section and "…" in section
    assert "很长的问题描述。" * 26 not in section
    assert_no_raw(section)


def test_round_history_summarises_its_result(needs_world, client_for):
    world = needs_world
    round_ = need_services.create_round(actor=world["coordinator"], name="第一轮",
                                        needs=[world["need"], world["unfillable"]])
    need_services.start_round(actor=world["coordinator"], round_=round_, background=False)
    round_ = Round.objects.get(pk=round_.pk)
    assert len(round_.result["assignments"]) == 1
    # A change at a known instant shows in Beijing time, to the minute.
    round_.finished_at = datetime.datetime(2026, 12, 6, 10, 30, 59, 123456, tzinfo=datetime.UTC)
    round_._history_user = world["coordinator"]
    round_.save()
    section = history_of(client_for(world["coordinator"]).get(f"/needs/rounds/{round_.pk}/"))
    assert "匹配结果已更新（1 项匹配）" in section
    assert "2026-12-06 18:30" in section
    assert "wushan-coord" in section
    assert round_.inputs_hash not in section  # a fingerprint means nothing to a reader
    assert_no_raw(section)


def test_activity_history_summarises_people_and_deleted_records(activities_world, client_for):
    world = activities_world
    admin = world["admin"]
    gone = Organisation.objects.create(name="已撤并卫生院", kind="hospital", region=world["ws"].region)
    activity = activity_services.create_activity(
        actor=admin, kind="clinic", title="巫山义诊", date=D(2025, 5, 12), domain="medical",
        host=world["ws"], sending_org=gone)
    others = [Person.objects.create(name=f"参与者{i}", organisation=world["ws"], domain="medical",
                                    specialty_text="全科") for i in range(2)]
    activity_services.update_activity(actor=admin, instance=activity, changes={},
                                      people=[world["doctor"], *others])
    activity = Activity.objects.get(pk=activity.pk)
    activity_services.update_activity(actor=admin, instance=activity,
                                      changes={"sending_org": world["yt"]})
    gone.delete()
    section = history_of(client_for(admin).get(f"/activities/{activity.pk}/"))
    assert "参与人员已更新（3 人）" in section
    assert "<del>已撤并卫生院（已删除）</del> → 烟台山医院" in section
    assert_no_raw(section)


def test_decimals_and_deleted_records_without_history(activities_world):
    world = activities_world
    activity = activity_services.create_activity(
        actor=world["admin"], kind="clinic", title="义诊", date=D(2025, 5, 12), domain="medical",
        host=world["ws"], metrics=[{"indicator": "medical_services", "value": 202, "unit": "人次"}])
    metric = ActivityMetric.objects.get(activity=activity)
    metric.value = Decimal("12345.50")
    metric.save()
    [changed, _created] = history_rows(metric, actor=world["admin"])
    [change] = changed.changes
    assert (change.old, change.new) == ("202", "12,345.50")
    assert changed.who == "系统" and changed.kind == "修改"


def test_deleted_user_shows_as_deleted(needs_world, make_user):
    world = needs_world
    round_ = need_services.create_round(actor=world["coordinator"], name="第二轮", needs=[world["need"]])
    helper = make_user("temp-user")
    round_.created_by = helper
    round_.save()
    helper.delete()
    changes = [(c.old, c.new) for c in history_rows(round_, actor=world["admin"])[0].changes]
    assert ("wushan-coord", "（已删除）") in changes


def test_masked_fields_stay_masked(activities_world, client_for):
    world = activities_world
    doctor = world["doctor"]
    client_for(world["admin"]).patch(f"/api/people/{doctor.pk}", {"phone": "13800000000", "version": 1},
                                 content_type="application/json")
    section = history_of(client_for(world["auditor"]).get(f"/people/{doctor.pk}/"))
    assert "13800000000" not in section and "****" in section
    assert "电话" in section
    assert_no_raw(section)


def test_naive_and_local_datetimes_are_shown_to_the_minute(needs_world):
    world = needs_world
    round_ = need_services.create_round(actor=world["coordinator"], name="第三轮", needs=[world["need"]])
    round_.started_at = timezone.make_aware(datetime.datetime(2026, 1, 2, 8, 5, 30))
    round_.save()
    [change] = [c for c in history_rows(round_, actor=world["admin"])[0].changes if c.new]
    assert change.new == "2026-01-02 08:05"


def test_bookkeeping_only_changes_are_left_out(needs_world):
    need = Need.objects.get(pk=needs_world["need"].pk)
    before = len(history_rows(need, actor=needs_world["admin"]))
    need.save()  # nothing but the version changes
    assert need.history.count() == before + 1
    assert len(history_rows(need, actor=needs_world["admin"])) == before

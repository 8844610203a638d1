"""Excel: export → import round trips, all-or-nothing imports with row errors, scope."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from xiezuo.activities import services
from xiezuo.activities.models import Activity, ActivityMetric, Event, Trainee, TrainingClass
from xiezuo.activities.resources import (
    ActivityResource,
    EventResource,
    TraineeResource,
    TrainingClassResource,
    parse_figures,
)
from xiezuo.activities.tests.world import build
from xiezuo.core.excel import export_bytes, run_import, template_bytes

pytestmark = pytest.mark.django_db
D = datetime.date
C, N, S, Y = ("Training class (number or name)", "Trainee name", "Sessions attended",
              "Completed (结业)")


@pytest.fixture
def world(refdata, make_user):
    return build(make_user)


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows_of(data: bytes) -> list[list]:
    return [list(r) for r in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]


def _seed(world):
    admin = world["admin"]
    event = services.create_event(actor=admin, name="烟台专家组巫山行", host_region=world["ws"].region,
                                  sending_org=world["yt"], pairing=world["pairing"],
                                  start=D(2025, 5, 12), end=D(2025, 5, 15))
    services.create_activity(
        actor=admin, kind="clinic", title="义诊", date=D(2025, 5, 12), domain="medical",
        host=world["ws"], sending_org=world["yt"], event=event, pairing=world["pairing"],
        metrics=[{"indicator": "medical_services", "value": 202, "unit": "人次"},
                 {"indicator": "outcomes", "subject": "问题", "value": 32, "unit": "个"},
                 {"indicator": "outcomes", "subject": "建议", "value": Decimal("58.5")}])
    services.create_activity(actor=admin, kind="lecture", title="讲座", date=D(2025, 5, 13),
                             domain="medical", host=world["ws"])
    return event


def _metrics():
    return sorted(ActivityMetric.objects.values_list("activity__title", "indicator", "subject",
                                                     "value", "unit"))


def test_parse_figures():
    assert parse_figures("问题 32 个；建议 58") == [
        {"subject": "问题", "value": Decimal(32), "unit": "个"},
        {"subject": "建议", "value": Decimal(58), "unit": ""}]
    assert parse_figures(202) == [{"subject": "", "value": Decimal(202), "unit": ""}]
    assert parse_figures("２０２ 人次") == [{"subject": "", "value": Decimal(202), "unit": "人次"}]
    with pytest.raises(ValueError):
        parse_figures("很多")


def test_activity_round_trip(world):
    _seed(world)
    admin = world["admin"]
    before = _metrics()
    data = export_bytes(ActivityResource(actor=admin), Activity.objects.all())
    headers = rows_of(data)[0]
    assert "医疗服务" in headers or "Medical services" in headers
    # Re-importing the export changes nothing (the ID column updates the same records).
    outcome = run_import(resource=ActivityResource(actor=admin), data=data)
    assert outcome.applied, outcome.errors
    assert (outcome.created, outcome.updated) == (0, 2)
    assert _metrics() == before and Activity.objects.count() == 2
    # Without the IDs, into an empty table: the same activities and figures again.
    rows = rows_of(data)
    for row in rows[1:]:
        row[0] = None
    Activity.objects.all().delete()
    outcome = run_import(resource=ActivityResource(actor=admin), data=workbook(rows))
    assert outcome.applied, outcome.errors
    assert outcome.created == 2 and _metrics() == before


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_activity_import_bad_rows_nothing_stored(world, english):
    admin = world["admin"]
    header = rows_of(template_bytes(ActivityResource(actor=admin)))[0]
    col = {h: i for i, h in enumerate(header)}

    def row(**values):
        cells = [None] * len(header)
        base = {"Kind": "clinic", "Activity title": "义诊", "Date": "2025-05-12", "Domain": "medical",
                "Host": "巫山县中医院"}
        base.update(values)
        for key, value in base.items():
            cells[col[key]] = value
        return cells

    good = row(**{"Medical services": "202 人次"})
    bad_figure = row(**{"Outcomes": "很多"})
    bad_host = row(**{"Host": "没有这个单位"})
    bad_id = row(**{"ID": 99999})
    outcome = run_import(resource=ActivityResource(actor=admin),
                         data=workbook([header, good, bad_figure, bad_host, bad_id]))
    assert not outcome.applied
    assert {(e.row, e.column) for e in outcome.errors} >= {(3, "Outcomes"), (4, "Host"), (5, "ID")}
    assert Activity.objects.count() == 0 and ActivityMetric.objects.count() == 0


def _without_version(rows):
    return [r[:1] + r[2:] for r in rows]  # the version grows by one on every save


def test_event_and_training_round_trip(world):
    _seed(world)
    admin = world["admin"]
    klass = services.create_training_class(actor=admin, name="乡村医生培训班", category="rural_doctor",
                                           organiser=world["ws"], trainee_region=world["ws"].region,
                                           start=D(2025, 7, 1), end=D(2025, 7, 5), sessions=4)
    services.create_trainee(actor=admin, training_class=klass, person=world["doctor"],
                            sessions_attended=4, completed=True)
    services.create_trainee(actor=admin, training_class=klass, name="演示学员",
                            organisation_name="某村卫生室", sessions_attended=2)
    for resource, model in ((EventResource, Event), (TrainingClassResource, TrainingClass),
                            (TraineeResource, Trainee)):
        before = sorted(model.objects.values_list())
        data = export_bytes(resource(actor=admin), model.objects.all())
        outcome = run_import(resource=resource(actor=admin), data=data)
        assert outcome.applied, (model, outcome.errors)
        assert outcome.created == 0
        after = sorted(model.objects.values_list())
        assert _without_version(after) == _without_version(before), model
    # Trainees without IDs into an emptied class: the same trainees again.
    data = rows_of(export_bytes(TraineeResource(actor=admin), Trainee.objects.all()))
    for row in data[1:]:
        row[0] = None
    Trainee.objects.all().delete()
    outcome = run_import(resource=TraineeResource(actor=admin), data=workbook(data))
    assert outcome.applied and outcome.created == 2, outcome.errors
    linked = Trainee.objects.get(person=world["doctor"])
    assert linked.organisation == world["ws"] and linked.completed


def test_trainee_import_bad_rows_nothing_stored(world, english):
    admin = world["admin"]
    klass = services.create_training_class(actor=admin, name="非遗手工艺培训班",
                                           category="heritage_craft", organiser=world["ws"],
                                           start=D(2025, 8, 1), end=D(2025, 8, 3), sessions=3)
    header = rows_of(template_bytes(TraineeResource(actor=admin)))[0]
    col = {h: i for i, h in enumerate(header)}

    def row(values):
        cells = [None] * len(header)
        for key, value in values.items():
            cells[col[key]] = value
        return cells

    rows = [header,
            row({C: "非遗手工艺培训班", N: "甲", S: 3, Y: "是"}),
            row({C: klass.pk, N: "乙", S: 5}),
            row({C: klass.pk, N: "丙", S: 0, Y: "yes"}),
            row({C: "没有的班", N: "丁", S: 1}),
            row({C: klass.pk, N: "戊", S: 1, Y: "也许"})]
    outcome = run_import(resource=TraineeResource(actor=admin), data=workbook(rows))
    assert not outcome.applied
    found = {(e.row, e.column) for e in outcome.errors}
    assert found >= {(3, S), (4, Y), (5, C), (6, Y)}, found
    assert 2 not in {e.row for e in outcome.errors}
    assert Trainee.objects.count() == 0
    # the good row alone imports, with 是 read as completed
    outcome = run_import(resource=TraineeResource(actor=admin), data=workbook(rows[:2]))
    assert outcome.applied and Trainee.objects.get().completed


def test_import_outside_scope_refused(world):
    admin = world["admin"]
    _seed(world)
    data = rows_of(export_bytes(ActivityResource(actor=admin), Activity.objects.all()))
    for row in data[1:]:
        row[0] = None
    outcome = run_import(resource=ActivityResource(actor=world["outsider"]), data=workbook(data))
    assert not outcome.applied
    assert Activity.objects.count() == 2
    # and an auditor cannot update through the ID column
    data = export_bytes(ActivityResource(actor=admin), Activity.objects.all())
    outcome = run_import(resource=ActivityResource(actor=world["auditor"]), data=data)
    assert not outcome.applied


def test_pages_export_and_import(world, client_for):
    _seed(world)
    coordinator = client_for(world["coordinator"])
    r = coordinator.get("/activities/export.xlsx", {"kind": "clinic"})
    assert r.status_code == 200
    assert len(rows_of(r.content)) == 2  # header + the clinic
    outsider = client_for(world["outsider"])
    for url in ("/activities/export.xlsx", "/activities/events/export.xlsx",
                "/activities/trainings/export.xlsx", "/activities/trainees/export.xlsx"):
        r = outsider.get(url)
        assert r.status_code == 200 and len(rows_of(r.content)) == 1, url
    upload = SimpleUploadedFile("a.xlsx", r.content)
    r = coordinator.post("/activities/trainees/import/", {"file": upload})
    assert r.status_code in (200, 302)


def test_chinese_headers_and_figure_columns(world):
    admin = world["admin"]
    header = ["活动名称", "类型", "日期", "领域", "举办单位", "医疗服务", "成效"]
    rows = [header, ["县城义诊", "义诊", "2025年5月12日", "医疗卫生", "巫山县中医院", "202 人次",
                     "问题 32 个；建议 58 条"]]
    with translation.override("zh-hans"):
        outcome = run_import(resource=ActivityResource(actor=admin), data=workbook(rows))
    assert outcome.applied, outcome.errors
    activity = Activity.objects.get()
    assert activity.kind == "clinic" and activity.title == "县城义诊"
    assert sorted(activity.metrics.values_list("indicator", "subject", "value", "unit")) == [
        ("medical_services", "", 202, "人次"), ("outcomes", "建议", 58, "条"),
        ("outcomes", "问题", 32, "个")]


def test_cli_import_kinds(world, tmp_path, english):
    _seed(world)
    path = tmp_path / "activities.xlsx"
    path.write_bytes(export_bytes(ActivityResource(actor=world["admin"]), Activity.objects.all()))
    out = io.StringIO()
    call_command("import", "activities", str(path), user="root", stdout=out)
    assert "0 new, 2 updated" in out.getvalue()

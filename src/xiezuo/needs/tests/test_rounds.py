"""Rounds on constructed data: the adapter, the proposal, pins/exclusions, approval."""


from io import StringIO

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from xiezuo.core.tests.workers import run_worker
from xiezuo.exchange.models import Posting, Team
from xiezuo.needs import services
from xiezuo.needs.adapter import build_problem, fingerprint
from xiezuo.needs.choices import NeedStatus, RoundStatus
from xiezuo.needs.models import Need, Round
from xiezuo.needs.services import approve_round
from xiezuo.needs.tests.world import D, build
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(refdata, make_user):
    return build(make_user)


def new_round(world, actor=None):
    actor = actor or world["coordinator"]
    return services.create_round(actor=actor, name="第一轮", needs=[world["need"], world["unfillable"]])


def run(world, round_, actor=None):
    return services.start_round(actor=actor or world["coordinator"], round_=round_, background=False)


def test_adapter_builds_the_engine_problem(world):
    round_ = new_round(world)
    problem = build_problem(round_)
    assert {p.id for p in problem.people} == {str(p.pk) for p in world["people"].values()}
    need = next(n for n in problem.needs if n.id == str(world["need"].pk))
    assert (need.region_code, need.specialty_code, need.min_title_level) == (
        "500237", world["neuro"].code, 4)
    person = next(p for p in problem.people if p.id == str(world["people"]["甲医生"].pk))
    assert person.city_code == "370600" and person.management_experience
    assert {(p.east_code, p.west_code) for p in problem.pairings} == {("370600", "500237")}
    assert world["neuro"].code in problem.related
    assert fingerprint(problem) == fingerprint(build_problem(round_))


def test_round_proposes_and_explains(world):
    round_ = run(world, new_round(world))
    assert round_.status == RoundStatus.DONE and len(round_.inputs_hash) == 64
    [match] = round_.result["assignments"]
    assert match["need"] == str(world["need"].pk)
    assert match["person"] == str(world["people"]["甲医生"].pk)
    assert match["runner_up"]["person"] == str(world["people"]["乙医生"].pk)
    assert match["parts"]["specialty"] > 0
    [unfilled] = round_.result["unfilled"]
    assert (unfilled["need"], unfilled["reason_code"]) == (str(world["unfillable"].pk), "no_specialty")


def test_pins_and_exclusions_are_kept_on_rerun(world):
    round_ = run(world, new_round(world))
    second = world["people"]["乙医生"]
    services.set_pin(actor=world["coordinator"], round_=round_, need_id=world["need"].pk,
                     person_id=second.pk)
    round_ = run(world, Round.objects.get(pk=round_.pk))
    assert round_.result["assignments"][0]["person"] == str(second.pk)
    services.set_pin(actor=world["coordinator"], round_=round_, need_id=world["need"].pk,
                     person_id=second.pk, pinned=False)
    services.set_exclusion(actor=world["coordinator"], round_=round_, need_id=world["need"].pk,
                           person_id=world["people"]["甲医生"].pk)
    round_ = run(world, Round.objects.get(pk=round_.pk))
    assert round_.result["assignments"][0]["person"] == str(second.pk)
    services.swap(actor=world["coordinator"], round_=round_, need_id=world["need"].pk,
                  person_id=second.pk, replacement_id=world["people"]["甲医生"].pk)
    round_ = run(world, Round.objects.get(pk=round_.pk))
    assert round_.result["assignments"][0]["person"] == str(world["people"]["甲医生"].pk)


def test_approval_creates_postings_and_marks_needs(world):
    round_ = run(world, new_round(world))
    west = approve_round(actor=world["coordinator"], round_=round_, comment="西部同意")
    assert (west.sides, west.waiting, west.postings) == (("west",), ("east",), [])
    [posting] = approve_round(actor=world["east_coordinator"], round_=round_).postings
    assert posting.state == "approved" and posting.need_ref == world["need"].pk
    assert posting.host == world["west"] and posting.person == world["people"]["甲医生"]
    assert Need.objects.get(pk=world["need"].pk).status == NeedStatus.FILLED
    assert Need.objects.get(pk=world["unfillable"].pk).status == NeedStatus.PUBLISHED
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.APPROVED


def test_a_failing_approval_stores_nothing(world):
    round_ = run(world, new_round(world))
    person = world["people"]["甲医生"]
    # Meanwhile the chosen person is posted elsewhere in that period: a rules error.
    Posting.objects.create(person=person, host=world["other"], kind="medical", direction="east_west",
                           planned_start=D(2027, 2, 1), planned_end=D(2027, 9, 30), state="approved")
    approve_round(actor=world["coordinator"], round_=round_)
    with pytest.raises(ValidationError):
        approve_round(actor=world["east_coordinator"], round_=round_)
    # the eastern approval rolled back with the postings: only the western one is recorded
    assert list(round_.decisions.values_list("side", flat=True)) == ["west"]
    assert not Posting.objects.filter(need_ref=world["need"].pk).exists()
    assert Need.objects.get(pk=world["need"].pk).status == NeedStatus.PUBLISHED
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.DONE


def test_a_team_need_creates_a_team(world):
    admin = world["admin"]
    team = services.create_team_need(
        actor=admin, name="神经外科团队", organisation=world["west"], domain="medical",
        start=D(2027, 3, 1), end=D(2027, 8, 31), min_days=90, same_source="org")
    roles = [services.add_role(actor=admin, team=team, specialty=world["neuro"], slots=1,
                               min_title_level=level, role=role, requires_management=lead)
             for role, level, lead in (("队长", 5, True), ("队员", 4, False))]
    roles = [services.publish_directly(actor=admin, need=role) for role in roles]
    round_ = services.create_round(actor=admin, name="组团", needs=[roles[0]])
    round_ = services.start_round(actor=admin, round_=round_, background=False)
    assert len(round_.result["assignments"]) == 2
    postings = approve_round(actor=admin, round_=round_).postings  # an administrator: both sides
    assert set(round_.decisions.values_list("side", "by")) == {("west", admin.pk), ("east", admin.pk)}
    created = Team.objects.get(need_ref=team.pk)
    assert set(created.postings.all()) == set(postings)
    assert created.leader == world["people"]["甲医生"]
    assert set(Need.objects.filter(team=team).values_list("status", flat=True)) == {"filled"}


def test_background_rounds_wait_for_the_worker(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        round_ = services.start_round(actor=world["coordinator"], round_=new_round(world),
                                      background=True)
    assert round_.status == RoundStatus.QUEUED
    queued = DBTaskResult.objects.get(task_path="xiezuo.needs.tasks.run_round_task")
    assert queued.status == "READY" and queued.args_kwargs["args"] == [round_.pk]
    run_worker()  # the job worker (`xiezuo db_worker`), in batch mode
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DONE and round_.progress == 100
    queued.refresh_from_db()
    assert (queued.status, queued.return_value) == ("SUCCESSFUL", "done")


def test_rounds_refuse_unpublished_needs(world):
    draft = services.create_need(actor=world["admin"], organisation=world["west"], domain="medical",
                                 specialty_text="骨科", start=D(2027, 1, 1), end=D(2027, 2, 1))
    with pytest.raises(ValidationError) as exc:
        services.create_round(actor=world["admin"], name="x", needs=[draft])
    assert "needs" in exc.value.message_dict




def test_an_empty_pool_is_a_reason(world):
    # 牟平区 lies under 烟台 (the eastern side of 巫山's pairing) and has nobody registered.
    round_ = services.create_round(actor=world["coordinator"], name="空", needs=[world["need"]],
                                   pool_region=Region.objects.get(code="370612"))
    round_ = run(world, round_)
    assert round_.status == RoundStatus.DONE
    assert round_.result["unfilled"][0]["reason_code"] == "empty_pool"


def test_cli_runs_shows_exports_and_approves(world, tmp_path):
    out = StringIO()
    call_command("match_round", "run", "--needs", str(world["need"].pk), "--as", "wushan-coord",
                 stdout=out)
    round_ = Round.objects.get()
    assert "甲医生" in out.getvalue()
    path = tmp_path / "plan.xlsx"
    call_command("match_round", "export", str(round_.pk), str(path), stdout=out)
    assert openpyxl.load_workbook(path).worksheets[0].cell(2, 4).value == "甲医生"
    call_command("match_round", "approve", str(round_.pk), "--as", "wushan-coord", stdout=out)
    assert "waiting for east" in out.getvalue()
    assert not Posting.objects.filter(need_ref=world["need"].pk).exists()
    call_command("match_round", "approve", str(round_.pk), "--as", "yantai-coord", stdout=out)
    assert Posting.objects.filter(need_ref=world["need"].pk).count() == 1

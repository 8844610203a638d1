"""Issue 11, finding 4 (and issue 12's pin hole): a round pins, excludes, swaps, pools,
shows and approves only people and places within what the actor may draw on — their own
scope and the eastern side of the pairings of the round's needs. A reference outside
that area and one to nothing at all get the same answer, through the service, the API
and the page alike."""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max

from xiezuo.core.errors import Conflict
from xiezuo.exchange.models import Posting
from xiezuo.needs import services
from xiezuo.needs.models import Round
from xiezuo.needs.services import approve_round
from xiezuo.needs.tests.world import D, build
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Availability, Person
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db

PERSON_MSG = "此人不在本轮可匹配的人员之中。"
REGION_MSG = "本轮不能从该地区选人：请填写您负责的地区或本轮需求所在地区结对的东部地区的名称（如 烟台市、山东省）。"
ORG_MSG = "本轮不能从该单位选人：请选择您负责的单位或本轮需求所在地区结对的东部地区的单位。"


@pytest.fixture
def world(refdata, make_user):
    world = build(make_user)
    guangzhou = Organisation.objects.create(name="广州市第一人民医院", kind="hospital",
                                            region=Region.objects.get(code="440104"))
    for key, name, org in (("guangzhou", "粤神外", guangzhou), ("kaizhou", "渝神外", world["other"])):
        person = Person.objects.create(name=name, organisation=org, domain="medical",
                                       specialty=world["neuro"], title_level=5, position="科主任")
        Availability.objects.create(person=person, start=D(2027, 1, 1), end=D(2027, 12, 31),
                                    modes=["long_posting"])
        world[key] = person
    world["guangzhou_org"] = guangzhou
    world["missing"] = (Person.objects.aggregate(m=Max("pk"))["m"] or 0) + 1000
    world["auditor"] = make_user("wushan-audit", region="500237", role="auditor")
    world["org_user"] = make_user("wushan-org", organisation=world["west"])
    return world


def ran(world, actor=None, **fields):
    actor = actor or world["coordinator"]
    round_ = services.create_round(actor=actor, name="第一轮", needs=[world["need"]], **fields)
    return services.start_round(actor=actor, round_=round_, background=False)


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


# ---- pins, exclusions, swaps ----------------------------------------------------------------


def test_service_refuses_people_outside_the_pool_alike(world):
    round_ = ran(world)
    coordinator, need = world["coordinator"], world["need"].pk
    answers = []
    for person in (world["guangzhou"].pk, world["kaizhou"].pk, world["missing"], "abc", None):
        for call in (
            lambda p: services.set_pin(actor=coordinator, round_=round_, need_id=need, person_id=p),
            lambda p: services.set_exclusion(actor=coordinator, round_=round_, need_id=need,
                                             person_id=p),
        ):
            with pytest.raises(ValidationError) as exc:
                call(person)
            answers.append(exc.value.message_dict)
        with pytest.raises(ValidationError) as exc:
            services.swap(actor=coordinator, round_=round_, need_id=need,
                          person_id=world["people"]["甲医生"].pk, replacement_id=person)
        answers.append({"person": exc.value.message_dict["replacement"]})
    assert all(a == {"person": [PERSON_MSG]} for a in answers), answers
    # A need outside the round: the same answer whether it exists elsewhere or not at all.
    for need_id in (world["unfillable"].pk, 10**9):
        with pytest.raises(ValidationError) as exc:
            services.set_pin(actor=coordinator, round_=round_, need_id=need_id,
                             person_id=world["people"]["乙医生"].pk)
        assert exc.value.message_dict == {"need": ["该需求不在本轮匹配中。"]}
    round_.refresh_from_db()
    assert round_.pins == [] and round_.exclusions == []
    # Inside the pool it works, and a stored pin can always be taken back.
    second = world["people"]["乙医生"].pk
    services.set_pin(actor=coordinator, round_=round_, need_id=need, person_id=str(second))
    assert Round.objects.get(pk=round_.pk).pins == [[need, second]]
    services.set_pin(actor=coordinator, round_=round_, need_id=need, person_id=second, pinned=False)
    assert Round.objects.get(pk=round_.pk).pins == []


def test_api_pin_exclude_swap_outside_reveal_nothing(world, client_for):
    round_ = ran(world)
    client = client_for(world["coordinator"])
    need, first = world["need"].pk, world["people"]["甲医生"].pk
    for path, key, extra in (("pin", "person", {}), ("exclude", "person", {}),
                             ("swap", "replacement", {"person": first})):
        answers = []
        for person in (world["guangzhou"].pk, world["kaizhou"].pk, world["missing"]):
            response = post(client, f"/api/rounds/{round_.pk}/{path}",
                            {"need": need, key: person, **extra})
            assert response.status_code == 422, (path, response.content)
            answers.append(response.json())
            assert "粤神外" not in response.content.decode()
        assert answers[0] == answers[1] == answers[2] == {
            "detail": [{"loc": ["body", key], "msg": PERSON_MSG}]}, path
    round_.refresh_from_db()
    assert round_.pins == [] and round_.exclusions == []
    # The legitimate pool still works through the same endpoints.
    response = post(client, f"/api/rounds/{round_.pk}/swap",
                    {"need": need, "person": first, "replacement": world["people"]["乙医生"].pk})
    assert response.status_code == 200, response.content
    assert response.json()["pins"] == [[need, world["people"]["乙医生"].pk]]
    assert response.json()["exclusions"] == [[need, first]]


def test_page_pin_exclude_swap_outside_reveal_nothing(world, client_for):
    round_ = ran(world)
    client = client_for(world["coordinator"])
    url = f"/needs/rounds/{round_.pk}/"
    need, first = world["need"].pk, world["people"]["甲医生"].pk
    for action, body in (("pin", {}), ("exclude", {}), ("swap", {"person": first})):
        shown = []
        for person in (world["guangzhou"].pk, world["missing"]):
            key = "replacement" if action == "swap" else "person"
            response = client.post(f"{url}{action}/", {"need": need, key: person, **body},
                                   follow=True)
            assert response.status_code == 200
            page = response.content.decode()
            assert PERSON_MSG in page and "粤神外" not in page
            shown.append([str(m) for m in response.context["messages"]])
        assert shown[0] == shown[1] == [PERSON_MSG], action
    round_.refresh_from_db()
    assert round_.pins == [] and round_.exclusions == []


def test_permissions_of_pinning(world, client_for):
    round_ = ran(world)
    body = {"need": world["need"].pk, "person": world["people"]["乙医生"].pk}
    for user, status in ((world["stranger"], 404), (world["org_user"], 404), (world["auditor"], 403)):
        client = client_for(user)
        assert post(client, f"/api/rounds/{round_.pk}/pin", body).status_code == status
        assert client.post(f"/needs/rounds/{round_.pk}/pin/", body).status_code == status
    with pytest.raises(PermissionDenied):
        services.set_pin(actor=world["auditor"], round_=round_, need_id=body["need"],
                         person_id=body["person"])
    assert Round.objects.get(pk=round_.pk).pins == []


# ---- pools ----------------------------------------------------------------------------------


def test_pool_region_lies_in_scope_or_across_the_pairing(world, client_for):
    client = client_for(world["coordinator"])
    need = world["need"].pk
    before = Round.objects.count()
    answers = [post(client, "/api/rounds/", {"name": "x", "needs": [need], "pool_region": code})
               for code in ("440100", "999999", "500154", "abc")]
    assert all(r.json() == {"detail": [{"loc": ["body", "pool_region"], "msg": REGION_MSG}]}
               for r in answers), [r.json() for r in answers]
    assert [r.status_code for r in answers] == [422] * 4
    assert Round.objects.count() == before
    for code in ("370600", "370612", "500237"):  # the pairing's eastern side, below it, own
        response = post(client, "/api/rounds/", {"name": code, "needs": [need], "pool_region": code})
        assert response.status_code == 201, (code, response.content)
    # Changing an existing round's pool: the same rule.
    pk = response.json()["id"]
    response = client.patch(f"/api/rounds/{pk}", {"pool_region": "440100", "version": 1},
                            content_type="application/json")
    assert response.status_code == 422
    assert Round.objects.get(pk=pk).pool_region.code == "500237"
    # The page goes through the same service.
    page = client.post("/needs/rounds/new/", {
        "name": "页面轮", "needs": [need], "pool_region": "440100", "w_specialty": 35,
        "w_title": 10, "w_pairing": 20, "w_availability": 10, "w_continuity": 5,
        "w_fairness": 5, "w_priority": 15})
    assert page.status_code == 422
    assert page.context["form"].errors["pool_region"] == [REGION_MSG]
    assert not Round.objects.filter(name="页面轮").exists()
    # An administrator may pool anywhere.
    response = post(client_for(world["admin"]), "/api/rounds/",
                    {"name": "全国", "needs": [need], "pool_region": "440100"})
    assert response.status_code == 201


def test_pool_organisation_lies_in_scope_or_across_the_pairing(world, client_for):
    client = client_for(world["coordinator"])
    need = world["need"].pk
    refused = [world["guangzhou_org"].pk, world["other"].pk, 10**9, "广州市第一人民医院",
               "不存在的医院", "开州区人民医院"]
    for value in refused:
        response = post(client, "/api/rounds/",
                        {"name": "x", "needs": [need], "pool_organisation": value})
        assert response.status_code == 422, value
        assert response.json() == {"detail": [{"loc": ["body", "pool_organisation"], "msg": ORG_MSG}]}
    for value in (world["east"].pk, "烟台山医院", "巫山县中医院"):
        response = post(client, "/api/rounds/",
                        {"name": "y", "needs": [need], "pool_organisation": value})
        assert response.status_code == 201, (value, response.content)
    with pytest.raises(ValidationError) as exc:
        services.create_round(actor=world["coordinator"], name="z", needs=[world["need"]],
                              pool_organisation=world["guangzhou_org"])
    assert exc.value.message_dict == {"pool_organisation": [ORG_MSG]}


def test_a_round_over_a_foreign_pool_shows_and_approves_nobody_from_it(world, client_for):
    """An administrator ran 巫山's round over 广州 (or a round predates the check): 巫山's
    coordinator sees none of those people, cannot pin them, run it or approve it."""
    admin, coordinator = world["admin"], world["coordinator"]
    round_ = ran(world, actor=admin, pool_region="440100")
    assert round_.scope_region.code == "500237"
    [match] = round_.result["assignments"]
    assert match["person"] == str(world["guangzhou"].pk)
    services.set_pin(actor=admin, round_=round_, need_id=world["need"].pk,
                     person_id=world["guangzhou"].pk)
    round_ = services.start_round(actor=admin, round_=round_, background=False)

    client = client_for(coordinator)
    page = client.get(f"/needs/rounds/{round_.pk}/").content.decode()
    assert "粤神外" not in page and "广州市第一人民医院" not in page
    assert 'id="hidden-entries"' in page
    plan = openpyxl.load_workbook(io.BytesIO(client.get(f"/needs/rounds/{round_.pk}/plan.xlsx").content))
    assert "粤神外" not in [c.value for row in plan.worksheets[0].iter_rows() for c in row]

    response = client.post(f"/api/rounds/{round_.pk}/approve", content_type="application/json")
    assert response.status_code == 409
    with pytest.raises(Conflict):
        approve_round(actor=coordinator, round_=round_)
    page = client.post(f"/needs/rounds/{round_.pk}/approve/", {"version": round_.version},
                       follow=True)
    assert "粤神外" not in page.content.decode()
    assert not Posting.objects.exists()
    assert Round.objects.get(pk=round_.pk).status == "done"
    # Running it again under the coordinator is refused: the pool lies outside their reach.
    response = client.post(f"/api/rounds/{round_.pk}/run")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "pool_region"]
    # The administrator, who may draw on 广州, can approve it.
    assert len(approve_round(actor=admin, round_=round_).postings) == 1


def test_a_stale_approval_page_is_refused(world, client_for):
    round_ = ran(world)
    client = client_for(world["coordinator"])
    version = round_.version
    services.set_pin(actor=world["coordinator"], round_=round_, need_id=world["need"].pk,
                     person_id=world["people"]["乙医生"].pk)
    services.start_round(actor=world["coordinator"], round_=round_, background=False)
    response = client.post(f"/needs/rounds/{round_.pk}/approve/", {"version": version}, follow=True)
    assert "在您打开后已被他人修改" in response.content.decode()
    assert not Posting.objects.exists()
    current = Round.objects.get(pk=round_.pk).version
    client.post(f"/needs/rounds/{round_.pk}/approve/", {"version": current})
    assert not Posting.objects.exists()  # the western side only
    approve_round(actor=world["east_coordinator"], round_=round_, expected_version=current)
    assert Posting.objects.get().person == world["people"]["乙医生"]

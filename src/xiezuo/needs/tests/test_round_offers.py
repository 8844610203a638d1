"""Offers (供给清单) in rounds: supply with a capacity, approval, naming the person."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiezuo.core.errors import Conflict
from xiezuo.exchange.models import Posting
from xiezuo.needs import services
from xiezuo.needs.adapter import build_problem
from xiezuo.needs.choices import NeedStatus, RoundStatus
from xiezuo.needs.models import Need
from xiezuo.needs.result import RoundResult
from xiezuo.needs.tests.world import D, build, spec
from xiezuo.offers import services as offers
from xiezuo.offers.choices import OfferStatus, PlacementState
from xiezuo.offers.models import Offer, Placement
from xiezuo.people.models import Availability, Person

pytestmark = pytest.mark.django_db

YEAR_START, YEAR_END = D(2027, 1, 1), D(2027, 12, 31)


@pytest.fixture
def world(refdata, make_user):
    w = build(make_user)
    admin = w["admin"]
    w["anaes"] = spec("麻醉科")
    w["anaes_needs"] = []
    for i in range(3):
        need = services.create_need(
            actor=admin, organisation=w["west"], domain="medical", specialty=w["anaes"], slots=1,
            min_title_level=4, mode="long_posting", start=D(2027, 3, 1), end=D(2027, 8, 31),
            priority=3 + i % 2, problem=f"麻醉门诊第{i + 1}诊室")
        services.publish_directly(actor=admin, need=need)
        need.refresh_from_db()
        w["anaes_needs"].append(need)
    w["offer"] = offer(w, count=3)
    return w


def offer(w, *, count=3, level=4, start=YEAR_START, end=YEAR_END, publish=True,
          modes=("long_posting",)):
    made = offers.create_offer(
        actor=w["admin"], organisation=w["east"], domain="medical", specialty=w["anaes"],
        count=count, min_title_level=level, start=start, end=end, modes=list(modes),
        note="可派麻醉医师")
    if publish:
        made = offers.transition_offer(actor=w["admin"], offer=made, action="publish")
    return made


def run_round(w, needs, offer_list, actor=None):
    actor = actor or w["coordinator"]
    round_ = services.create_round(actor=actor, name="供给匹配", needs=needs, offers=offer_list)
    return services.start_round(actor=actor, round_=round_, background=False)


def result_of(round_):
    result = RoundResult.read(round_.result)
    assert result is not None
    return result


def test_the_offer_is_one_supply_node_with_its_count(world):
    round_ = services.create_round(actor=world["coordinator"], name="r", needs=world["anaes_needs"],
                                   offers=[world["offer"]])
    problem = build_problem(round_)
    [node] = [p for p in problem.people if p.id.startswith(f"offer-{world['offer'].pk}.")]
    assert node.capacity == 3 and node.title_level == 4
    assert node.specialty_codes == (world["anaes"].code,)
    assert node.city_code == "370600"


def test_an_offer_of_three_fills_three_needs(world):
    round_ = run_round(world, world["anaes_needs"], [world["offer"]])
    assert round_.status == RoundStatus.DONE
    result = result_of(round_)
    assert sorted(m.need for m in result.offer_matches) == sorted(n.pk for n in world["anaes_needs"])
    assert {m.offer for m in result.offer_matches} == {world["offer"].pk}
    assert not result.unfilled
    assert RoundResult.from_json(result.to_json()) == result
    assert all(m.parts["specialty"] > 0 and m.parts["pairing"] > 0 for m in result.offer_matches)


@pytest.mark.parametrize(("count", "slots", "nodes"), [(2, 2, [1, 1]), (5, 2, [3, 2]),
                                                       (3, 3, [1, 1, 1]), (2, 5, [1, 1])])
def test_an_offer_fills_several_places_of_one_need(world, count, slots, nodes):
    need = services.create_need(
        actor=world["admin"], organisation=world["west"], domain="medical",
        specialty=world["anaes"], slots=slots, min_title_level=3, mode="long_posting",
        start=D(2027, 3, 1), end=D(2027, 8, 31))
    services.publish_directly(actor=world["admin"], need=need)
    round_ = services.create_round(actor=world["coordinator"], name="r", needs=[need],
                                   offers=[offer(world, count=count)])
    assert sorted((p.capacity for p in build_problem(round_).people
                   if p.id.startswith("offer-")), reverse=True) == nodes
    result = result_of(services.start_round(actor=world["coordinator"], round_=round_,
                                            background=False))
    assert len(result.offer_matches) == min(count, slots)
    assert {m.need for m in result.offer_matches} == {need.pk}


def test_an_offer_of_two_fills_two_of_three(world):
    small = offer(world, count=2)
    result = result_of(run_round(world, world["anaes_needs"], [small]))
    assert len(result.offer_matches) == 2
    assert [u.slots for u in result.unfilled] == [1]


def test_no_need_is_matched_below_its_title_level_or_outside_the_period(world):
    admin = world["admin"]
    senior = services.create_need(
        actor=admin, organisation=world["west"], domain="medical", specialty=world["anaes"],
        slots=1, min_title_level=5, mode="long_posting", start=D(2027, 3, 1), end=D(2027, 8, 31))
    later = services.create_need(
        actor=admin, organisation=world["west"], domain="medical", specialty=world["anaes"],
        slots=1, min_title_level=3, mode="long_posting", start=D(2028, 3, 1), end=D(2028, 8, 31))
    remote = services.create_need(
        actor=admin, organisation=world["west"], domain="medical", specialty=world["anaes"],
        slots=1, min_title_level=3, mode="remote", start=D(2027, 3, 1), end=D(2027, 8, 31))
    for n in (senior, later, remote):
        services.publish_directly(actor=admin, need=n)
    result = result_of(run_round(world, [senior, later, remote], [offer(world, count=5)]))
    assert result.offer_matches == ()
    reasons = {u.need: u.reason_code for u in result.unfilled}
    assert reasons == {senior.pk: "title_too_low", later.pk: "not_available",
                       remote.pk: "mode_not_accepted"}


def test_offers_do_not_fill_needs_asking_for_management(world):
    need = services.create_need(
        actor=world["admin"], organisation=world["west"], domain="medical",
        specialty=world["anaes"], slots=1, min_title_level=3, requires_management=True,
        mode="long_posting", start=D(2027, 3, 1), end=D(2027, 8, 31))
    services.publish_directly(actor=world["admin"], need=need)
    result = result_of(run_round(world, [need], [world["offer"]]))
    assert result.offer_matches == () and [u.need for u in result.unfilled] == [need.pk]


def test_a_round_refuses_offers_it_cannot_match(world):
    draft = offer(world, publish=False)
    with pytest.raises(ValidationError) as err:
        services.create_round(actor=world["coordinator"], name="r", needs=world["anaes_needs"],
                              offers=[draft])
    assert "offers" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.create_round(actor=world["coordinator"], name="r", needs=world["anaes_needs"],
                              offers=[999999])
    assert "offers" in err.value.message_dict
    # the 开州 coordinator's needs are not paired with 烟台: its offers are out of reach
    other_need = services.create_need(
        actor=world["admin"], organisation=world["other"], domain="medical",
        specialty=world["anaes"], slots=1, min_title_level=3, mode="long_posting",
        start=D(2027, 3, 1), end=D(2027, 8, 31))
    services.publish_directly(actor=world["admin"], need=other_need)
    with pytest.raises(ValidationError) as err:
        services.create_round(actor=world["stranger"], name="r", needs=[other_need],
                              offers=[world["offer"]])
    assert "offers" in err.value.message_dict


def approved(world):
    round_ = run_round(world, world["anaes_needs"], [world["offer"]])
    outcome = services.approve_round(actor=world["admin"], round_=round_)
    return round_, outcome


def test_approval_creates_places_without_a_person(world):
    round_, outcome = approved(world)
    assert outcome.postings == [] and len(outcome.placements) == 3
    places = Placement.objects.filter(round=round_)
    assert places.count() == 3
    assert all(p.state == PlacementState.OPEN and p.person_id is None and p.posting_id is None
               for p in places)
    world["offer"].refresh_from_db()
    assert (world["offer"].matched, world["offer"].status) == (3, OfferStatus.MATCHED)
    assert set(Need.objects.filter(pk__in=[n.pk for n in world["anaes_needs"]])
               .values_list("status", flat=True)) == {NeedStatus.FILLED}
    assert not Posting.objects.filter(need_ref__in=[n.pk for n in world["anaes_needs"]]).exists()


def anaesthetist(world, name, *, level=4, org=None, start=YEAR_START, end=YEAR_END,
                 modes=("long_posting",)):
    person = Person.objects.create(name=name, organisation=org or world["east"], domain="medical",
                                   specialty=world["anaes"], title_level=level, position="医师")
    Availability.objects.create(person=person, start=start, end=end, modes=list(modes))
    return person


def test_naming_a_person_who_breaks_a_constraint_is_refused(world):
    round_, outcome = approved(world)
    place = outcome.placements[0]
    junior = anaesthetist(world, "丙医生", level=3)
    with pytest.raises(ValidationError) as err:
        offers.name_person(actor=world["admin"], placement=place, person=junior)
    [message] = err.value.message_dict["person"]
    assert "丙医生" in message and "title level" in message or "职称" in message
    away = anaesthetist(world, "丁医生", start=D(2027, 5, 1))
    with pytest.raises(ValidationError) as err:
        offers.name_person(actor=world["admin"], placement=place, person=away)
    assert "2027-03-01" in err.value.message_dict["person"][0]
    neuro = world["people"]["甲医生"]  # 神经外科, not 麻醉科
    with pytest.raises(ValidationError) as err:
        offers.name_person(actor=world["admin"], placement=place, person=neuro)
    assert "甲医生" in err.value.message_dict["person"][0]
    outsider = anaesthetist(world, "戊医生", org=world["other"])
    with pytest.raises(ValidationError) as err:
        offers.name_person(actor=world["admin"], placement=place, person=outsider)
    assert "烟台山医院" in err.value.message_dict["person"][0]
    place.refresh_from_db()
    assert place.state == PlacementState.OPEN and not Posting.objects.exists()


def test_naming_the_right_person_creates_the_posting(world):
    round_, outcome = approved(world)
    place = outcome.placements[0]
    good = anaesthetist(world, "己医生")
    posting = offers.name_person(actor=world["east_coordinator"], placement=place, person=good)
    place.refresh_from_db()
    assert place.state == PlacementState.NAMED and place.person == good and place.posting == posting
    assert (posting.person, posting.host, posting.need_ref) == (good, world["west"], place.need_id)
    assert (posting.planned_start, posting.planned_end) == (D(2027, 3, 1), D(2027, 8, 31))
    with pytest.raises(Conflict):
        offers.name_person(actor=world["east_coordinator"], placement=place, person=good)
    # the same person cannot take a second place of the same period
    with pytest.raises(ValidationError) as err:
        offers.name_person(actor=world["east_coordinator"], placement=outcome.placements[1],
                           person=good)
    assert "己医生" in err.value.message_dict["person"][0]


def test_only_those_in_scope_name_the_person(world):
    _round, outcome = approved(world)
    good = anaesthetist(world, "庚医生")
    with pytest.raises(PermissionDenied):
        offers.name_person(actor=world["stranger"], placement=outcome.placements[0], person=good)
    assert not Placement.objects.filter(state=PlacementState.NAMED).exists()


def test_a_matched_offer_keeps_what_was_promised(world):
    approved(world)
    current = Offer.objects.get(pk=world["offer"].pk)
    with pytest.raises(ValidationError) as err:
        offers.update_offer(actor=world["admin"], instance=current, changes={"min_title_level": 3})
    assert "min_title_level" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        offers.update_offer(actor=world["admin"], instance=current, changes={"count": 2})
    assert "count" in err.value.message_dict
    more = offers.update_offer(actor=world["admin"], instance=current, changes={"count": 5})
    assert (more.count, more.status) == (5, OfferStatus.PARTIALLY_MATCHED)
    with pytest.raises(Conflict):
        offers.delete_offer(actor=world["admin"], instance=more)

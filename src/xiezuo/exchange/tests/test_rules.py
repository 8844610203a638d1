"""Programme rules (too short, overlap, double booking) and the alerts, on constructed dates."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from xiezuo.core.tests.factories import OrganisationFactory, region
from xiezuo.exchange import selectors, services
from xiezuo.exchange.choices import PostingState as S
from xiezuo.exchange.models import Posting, Team

D = datetime.date
pytestmark = pytest.mark.django_db


def new(admin, world, person="shi", host="wushan", **fields):
    fields.setdefault("kind", "medical")
    fields.setdefault("direction", "east_west")
    return services.create_posting(actor=admin, person=world[person], host=world[host], **fields)


def test_team_member_too_short_is_an_error(world, programme, admin_user):
    team = services.create_team(actor=admin_user, name="烟台医疗队", host=world["wushan"],
                                domain="medical", planned_start=D(2025, 1, 1),
                                planned_end=D(2025, 12, 31))
    with pytest.raises(ValidationError) as err:
        services.add_member(actor=admin_user, team=team, person=world["shi"], kind="medical",
                            planned_start=D(2025, 1, 1), planned_end=D(2025, 5, 31))
    assert "planned_end" in err.value.message_dict
    assert "180" in err.value.message_dict["planned_end"][0]
    assert not Posting.objects.exists()
    # Six months or more is fine; outside a team the rule does not apply.
    services.add_member(actor=admin_user, team=team, person=world["shi"], kind="medical",
                        planned_start=D(2025, 1, 1), planned_end=D(2025, 6, 30))
    alone = new(admin_user, world, person="wang", planned_start=D(2025, 1, 1),
                planned_end=D(2025, 2, 1))
    assert alone.warnings == []


def test_team_batch_too_short_is_an_error(world, programme, admin_user):
    with pytest.raises(ValidationError) as err:
        services.create_team(actor=admin_user, name="短期队", host=world["wushan"],
                             domain="medical", planned_start=D(2025, 1, 1),
                             planned_end=D(2025, 6, 30))
    assert "365" in err.value.message_dict["planned_end"][0]
    assert not Team.objects.exists()


def test_short_cadre_posting_is_a_warning(world, programme, admin_user):
    posting = new(admin_user, world, person="zhang", kind="cadre",
                  planned_start=D(2025, 1, 1), planned_end=D(2025, 6, 30))
    assert [w.code for w in posting.warnings] == ["too_short"]
    assert Posting.objects.filter(pk=posting.pk).exists()


def test_overlapping_postings_of_one_person_are_refused(world, admin_user):
    new(admin_user, world, planned_start=D(2025, 1, 1), planned_end=D(2025, 12, 31))
    with pytest.raises(ValidationError) as err:
        new(admin_user, world, host="kaizhou", planned_start=D(2025, 12, 31),
            planned_end=D(2026, 6, 30))
    assert "planned_start" in err.value.message_dict
    assert Posting.objects.count() == 1
    # The day after is fine.
    new(admin_user, world, host="kaizhou", planned_start=D(2026, 1, 1), planned_end=D(2026, 6, 30))


def test_an_early_end_frees_the_person(world, admin_user):
    first = new(admin_user, world, planned_start=D(2025, 1, 1), planned_end=D(2025, 12, 31))
    services.approve_posting(actor=admin_user, posting=first)
    first = services.start_posting(actor=admin_user, posting=Posting.objects.get(pk=first.pk))
    services.end_posting_early(actor=admin_user, posting=first, end=D(2025, 6, 30), reason="调回")
    new(admin_user, world, host="kaizhou", planned_start=D(2025, 7, 1), planned_end=D(2025, 12, 31))


def test_short_visits_double_booked_are_refused(world, admin_user):
    new(admin_user, world, kind="short_visit", planned_start=D(2025, 5, 10),
        planned_end=D(2025, 5, 14))
    with pytest.raises(ValidationError) as err:
        new(admin_user, world, host="kaizhou", kind="short_visit", planned_start=D(2025, 5, 14),
            planned_end=D(2025, 5, 16))
    assert "Double-booked" in err.value.message_dict["planned_start"][0] or "重复" in str(err.value)
    # A short visit within a long posting is allowed with a warning.
    new(admin_user, world, person="wang", planned_start=D(2025, 1, 1), planned_end=D(2025, 12, 31))
    visit = new(admin_user, world, person="wang", host="kaizhou", kind="short_visit",
                planned_start=D(2025, 5, 10), planned_end=D(2025, 5, 12))
    assert [w.code for w in visit.warnings] == ["visit_during_posting"]


def test_extension_into_another_posting_is_refused(world, admin_user):
    first = new(admin_user, world, planned_start=D(2025, 1, 1), planned_end=D(2025, 6, 30))
    new(admin_user, world, host="kaizhou", planned_start=D(2025, 7, 1), planned_end=D(2025, 12, 31))
    Posting.objects.filter(pk=first.pk).update(state=S.ON_POST, actual_start=D(2025, 1, 1))
    first.refresh_from_db()
    with pytest.raises(ValidationError):
        services.extend_posting(actor=admin_user, posting=first, new_end=D(2025, 9, 30),
                                reason="延长")
    first.refresh_from_db()
    assert first.state == S.ON_POST and first.planned_end == D(2025, 6, 30)
    assert not first.events.exists()


def _on_post(posting, start, end=None, state=S.ON_POST):
    Posting.objects.filter(pk=posting.pk).update(state=state, actual_start=start, actual_end=end)


def test_alert_ending_within_60_days_without_successor(world, make_posting, admin_user):
    today = D(2025, 10, 1)
    ending = make_posting(start=D(2025, 1, 1), end=D(2025, 11, 15))
    _on_post(ending, D(2025, 1, 1))
    later = make_posting(person="wang", start=D(2025, 1, 1), end=D(2025, 12, 15))
    _on_post(later, D(2025, 1, 1))
    covered = make_posting(person="zhang", start=D(2025, 1, 1), end=D(2025, 11, 1))
    _on_post(covered, D(2025, 1, 1))
    heir = make_posting(person="local", start=D(2025, 11, 2), end=D(2026, 11, 1))
    Posting.objects.filter(pk=covered.pk).update(successor=heir)
    found = selectors.ending_without_successor(admin_user, today=today)
    assert [p.pk for p in found] == [ending.pk]
    assert [p.pk for p in selectors.ending_without_successor(admin_user, today=today,
                                                              within_days=80)] == [
        ending.pk, later.pk]


def test_alert_host_left_without_anyone(world, make_posting, admin_user):
    today = D(2025, 10, 1)
    left = make_posting(start=D(2024, 10, 1), end=D(2025, 9, 15))
    _on_post(left, D(2024, 10, 1), D(2025, 9, 15), state=S.COMPLETED)
    # 开州: someone left but someone else is on post now → covered.
    gone = make_posting(person="wang", host="kaizhou", start=D(2024, 10, 1), end=D(2025, 9, 1))
    _on_post(gone, D(2024, 10, 1), D(2025, 9, 1), state=S.COMPLETED)
    now = make_posting(person="zhang", host="kaizhou", start=D(2025, 9, 2), end=D(2026, 9, 1))
    _on_post(now, D(2025, 9, 2))
    # A host whose last posting ended long ago is not an alert any more.
    old_host = OrganisationFactory(name="巫山县人民医院", region=region("500237"))
    old = make_posting(person="local", host=old_host, start=D(2023, 1, 1), end=D(2023, 12, 31))
    _on_post(old, D(2023, 1, 1), D(2023, 12, 31), state=S.COMPLETED)
    found = selectors.hosts_left_uncovered(admin_user, today=today, lookback_days=90)
    assert [(u.host.name, u.last_end) for u in found] == [("巫山县中医院", D(2025, 9, 15))]
    assert [p.name for p in found[0].last_people] == ["施宏志"]

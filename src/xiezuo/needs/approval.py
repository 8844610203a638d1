"""Approve a round: in ONE transaction create the postings (and teams) and mark the needs.

Anything that fails (a rules error, a need closed meanwhile) rolls everything back.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.core.errors import Conflict
from xiezuo.core.services import check_version
from xiezuo.exchange import services as exchange
from xiezuo.exchange.choices import PostingKind, TeamRole
from xiezuo.needs.adapter import round_needs
from xiezuo.needs.choices import NeedStatus, RoundStatus
from xiezuo.needs.models import Need, Round, TeamNeed
from xiezuo.needs.selectors import drawable_people
from xiezuo.needs.services import _locked, record_fill

KIND_BY_DOMAIN = {
    "medical": PostingKind.MEDICAL, "education": PostingKind.EDUCATION,
    "agriculture": PostingKind.AGRICULTURE, "science_tech": PostingKind.SCIENCE_TECH,
    "culture_tourism": PostingKind.CULTURE_TOURISM, "management": PostingKind.CADRE,
}


def posting_kind(need: Need) -> str:
    if need.mode == "short_visit":
        return PostingKind.SHORT_VISIT
    if need.mode == "training_place":
        return PostingKind.TRAINING_PLACE
    return KIND_BY_DOMAIN.get(need.domain, PostingKind.OTHER_PROFESSIONAL)


def approve_round(*, actor, round_: Round, expected_version: int | None = None) -> list:
    """Create one approved posting per proposed match; returns the postings.

    With `expected_version` (the version of the round the user looked at) a round run or
    changed since is refused. Every person of the proposal must be one the actor may draw
    on (their scope, or the eastern side of a pairing of the round's needs): no postings
    for anybody else, whatever pool the round was once run on.
    """
    postings = []
    with transaction.atomic():
        round_ = _locked(actor, round_)
        if expected_version is not None:
            check_version(round_, expected_version)
        if round_.status != RoundStatus.DONE or not round_.result:
            raise Conflict(_("Only a round with a proposal ready can be approved."))
        rows = round_.result["assignments"]
        if not rows:
            raise Conflict(_("The proposal is empty: there is nothing to approve."))
        of_round = round_needs(round_)
        need_ids = {int(r["need"]) for r in rows}
        needs = (Need.objects.select_for_update(of=("self",))
                 .select_related("organisation", "team")
                 .in_bulk(need_ids & {n.pk for n in of_round}))
        if len(needs) != len(need_ids):
            raise Conflict(_("The proposal names needs that are no longer part of the round; "
                             "run the round again."))
        person_ids = {int(r["person"]) for r in rows}
        people = drawable_people(actor, of_round).select_related("organisation").in_bulk(person_ids)
        if len(people) != len(person_ids):
            raise Conflict(_("The proposal names people you may not draw on (outside your area "
                             "and the pairings of the round's needs) or no longer registered: "
                             "change the pool and run the round again."))
        by_team: dict[int, list] = defaultdict(list)
        count: dict[int, int] = defaultdict(int)
        for row in rows:
            need, person = needs[int(row["need"])], people[int(row["person"])]
            count[need.pk] += 1
            if need.team_id:
                by_team[need.team_id].append((need, person))
                continue
            posting = exchange.create_posting(
                actor=actor, person=person, host=need.organisation, direction="east_west",
                kind=posting_kind(need), planned_start=need.start, planned_end=need.end,
                need_ref=need.pk, note=_("Matching round “%(round)s”") % {"round": round_.name})
            postings.append(exchange.approve_posting(actor=actor, posting=posting))
        for team_id, members in by_team.items():
            postings += _approve_team(actor, round_, TeamNeed.objects.get(pk=team_id), members)
        for need_id, n in count.items():
            record_fill(need=needs[need_id], count=n)
        round_.status = RoundStatus.APPROVED
        round_.finished_at = round_.finished_at or timezone.now()
        round_.save()
    return postings


def _approve_team(actor, round_, team_need: TeamNeed, members) -> list:
    roles = set(team_need.roles.values_list("pk", flat=True))
    if {need.pk for need, _p in members} != roles:
        raise Conflict(_("The team need “%(team)s” is not filled completely.") % {"team": team_need})
    senders = {person.organisation_id for _n, person in members}
    team = exchange.create_team(
        actor=actor, name=team_need.name, host=team_need.organisation,
        sending_org=members[0][1].organisation if len(senders) == 1 else None,
        domain=team_need.domain, planned_start=team_need.start, planned_end=team_need.end,
        need_ref=team_need.pk)
    postings = []
    leader_taken = False
    for need, person in members:
        role = TeamRole.MEMBER
        if need.requires_management and not leader_taken:
            role, leader_taken = TeamRole.LEADER, True
        posting = exchange.add_member(actor=actor, team=team, person=person, kind=posting_kind(need),
                                      role=role, need_ref=need.pk, post=need.role)
        postings.append(exchange.approve_posting(actor=actor, posting=posting))
    team_need.status = NeedStatus.FILLED
    team_need.save()
    return postings

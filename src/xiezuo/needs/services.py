"""Writes of needs, team needs and rounds; keyword-only functions, one transaction each."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.core.errors import Conflict, DomainError
from xiezuo.core.scoping import ensure_in_scope
from xiezuo.core.services import delete_record, save_changes, save_new
from xiezuo.needs.choices import NeedStatus, RoundStatus
from xiezuo.needs.models import Need, Round, TeamNeed
from xiezuo.needs.transitions import ACTIONS, FILL_FROM

logger = logging.getLogger(__name__)

# Rounds larger than this (people × needs) run in the background worker.
INLINE_LIMIT = 2_000 * 500


class IllegalTransition(DomainError):
    status_code = 409


# --- needs ---------------------------------------------------------------------------


def create_need(*, actor, **fields) -> Need:
    for name in ("status", "filled", "closed_reason"):
        fields.pop(name, None)
    return save_new(actor=actor, instance=Need(**fields))


def update_need(*, actor, instance: Need, changes: dict, expected_version: int | None = None) -> Need:
    changes = {k: v for k, v in changes.items() if k not in {"status", "filled", "closed_reason"}}
    return save_changes(actor=actor, instance=instance, changes=changes,
                        expected_version=expected_version)


def delete_need(*, actor, instance: Need) -> None:
    ensure_in_scope(instance, actor)  # read-only roles: 403 before anything else
    if instance.status not in (NeedStatus.DRAFT, NeedStatus.PUBLISHED) or instance.filled:
        raise Conflict(_("Only draft or published needs that nobody fills can be deleted."))
    delete_record(actor=actor, instance=instance)


def transition_need(*, actor, need: Need, action: str, reason: str = "") -> Need:
    if action not in ACTIONS:
        raise ValidationError({"action": _("Unknown action.")})
    sources, target = ACTIONS[action]
    with transaction.atomic():
        ensure_in_scope(need, actor)
        current = Need.objects.select_for_update().get(pk=need.pk)
        if current.status not in sources:
            raise IllegalTransition(
                _("A need that is “%(state)s” cannot go to “%(target)s”.")
                % {"state": current.get_status_display(), "target": NeedStatus(target).label})
        if target == NeedStatus.CLOSED_UNFILLABLE:
            if not (reason or "").strip():
                raise ValidationError({"reason": _("Give the reason why the need cannot be filled.")})
            current.closed_reason = reason.strip()
        current.status = target
        current.save()
        if current.team_id and action == "publish":
            TeamNeed.objects.filter(pk=current.team_id, status=NeedStatus.DRAFT).update(
                status=NeedStatus.PUBLISHED)
    return current


def record_fill(*, need: Need, count: int) -> Need:
    """Called inside an approval: `count` more people fill the need."""
    if need.status not in FILL_FROM:
        raise IllegalTransition(
            _("The need “%(need)s” is “%(state)s” and can no longer be filled.")
            % {"need": need, "state": need.get_status_display()})
    need.filled += count
    need.status = NeedStatus.FILLED if need.filled >= need.slots else NeedStatus.PARTIALLY_FILLED
    need.save()
    return need


# --- team needs ----------------------------------------------------------------------


def create_team_need(*, actor, **fields) -> TeamNeed:
    fields.pop("status", None)
    return save_new(actor=actor, instance=TeamNeed(**fields))


def update_team_need(*, actor, instance: TeamNeed, changes: dict,
                     expected_version: int | None = None) -> TeamNeed:
    changes.pop("status", None)
    return save_changes(actor=actor, instance=instance, changes=changes,
                        expected_version=expected_version)


def delete_team_need(*, actor, instance: TeamNeed) -> None:
    ensure_in_scope(instance, actor)
    if instance.roles.exclude(filled=0).exists():
        raise Conflict(_("Roles of this team need are already filled; it cannot be deleted."))
    delete_record(actor=actor, instance=instance)


def add_role(*, actor, team: TeamNeed, **fields) -> Need:
    """A role of a team need: a need of the team's organisation, domain and period."""
    ensure_in_scope(team, actor)
    fields.update(team=team, organisation=team.organisation)
    fields.setdefault("domain", team.domain)
    fields.setdefault("start", team.start)
    fields.setdefault("end", team.end)
    fields.setdefault("min_days", team.min_days)
    return create_need(actor=actor, **fields)


# --- rounds --------------------------------------------------------------------------


def create_round(*, actor, name: str, needs, scope_region=None, **fields) -> Round:
    needs = list(needs)
    _check_needs(needs)
    if scope_region is None:
        scope = getattr(actor, "scope", None)
        scope_region = getattr(scope, "region", None) or needs[0].organisation.region
    with transaction.atomic():
        round_ = save_new(actor=actor, instance=Round(
            name=name, scope_region=scope_region, created_by=actor if actor.pk else None, **fields))
        round_.needs.set(needs)
    return round_


def _reset_proposal(round_: Round) -> None:
    round_.status = RoundStatus.DRAFT
    round_.progress = 0


def _check_open(round_: Round) -> None:
    if round_.status == RoundStatus.APPROVED:
        raise Conflict(_("This round is approved; start a new round to match again."))


def set_pin(*, actor, round_: Round, need_id: int, person_id: int, pinned: bool = True) -> Round:
    """Pin (or unpin) a match; a pinned pair is never excluded."""
    with transaction.atomic():
        round_ = _locked(actor, round_)
        pair = [int(need_id), int(person_id)]
        pins = [p for p in round_.pins if p != pair]
        if pinned:
            pins.append(pair)
            round_.exclusions = [e for e in round_.exclusions if e != pair]
        round_.pins = pins
        round_.save()
    return round_


def set_exclusion(*, actor, round_: Round, need_id: int, person_id: int, excluded: bool = True) -> Round:
    with transaction.atomic():
        round_ = _locked(actor, round_)
        pair = [int(need_id), int(person_id)]
        exclusions = [e for e in round_.exclusions if e != pair]
        if excluded:
            exclusions.append(pair)
            round_.pins = [p for p in round_.pins if p != pair]
        round_.exclusions = exclusions
        round_.save()
    return round_


def swap(*, actor, round_: Round, need_id: int, person_id: int, replacement_id: int) -> Round:
    """Exclude the current person from the need and pin another candidate instead."""
    with transaction.atomic():
        set_exclusion(actor=actor, round_=round_, need_id=need_id, person_id=person_id)
        return set_pin(actor=actor, round_=round_, need_id=need_id, person_id=replacement_id)


def _locked(actor, round_: Round) -> Round:
    ensure_in_scope(round_, actor)
    current = Round.objects.select_for_update().get(pk=round_.pk)
    _check_open(current)
    return current


def start_round(*, actor, round_: Round, background: bool | None = None) -> Round:
    """Run the round now (small) or queue it for `xiezuo needs_worker` (large)."""
    from xiezuo.needs.adapter import pool_queryset, round_needs

    with transaction.atomic():
        round_ = _locked(actor, round_)
        if round_.status in (RoundStatus.QUEUED, RoundStatus.RUNNING):
            raise Conflict(_("This round is already running."))
        if background is None:
            needs = round_needs(round_)
            background = pool_queryset(round_, needs).count() * len(needs) > INLINE_LIMIT
        _reset_proposal(round_)
        round_.status = RoundStatus.QUEUED
        round_.error = ""
        round_.save()
    if not background:
        run_round(round_id=round_.pk)
        round_.refresh_from_db()
    return round_


def run_round(*, round_id: int) -> Round:
    """The job itself (inline or in the worker): build, solve, store the result."""
    from xiezuo.matching import MatchingInputError, solve
    from xiezuo.needs.adapter import (
        build_problem,
        empty_pool_result,
        fingerprint,
        result_to_json,
    )

    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_id)
        if round_.status != RoundStatus.QUEUED:
            return round_
        round_.status, round_.progress, round_.started_at = RoundStatus.RUNNING, 5, timezone.now()
        round_.finished_at = None
        round_.save()
    try:
        problem = build_problem(round_)
        Round.objects.filter(pk=round_id).update(progress=30)
        # The engine needs a pool; an empty one leaves every need unfilled, with that reason.
        data = result_to_json(solve(problem)) if problem.people else empty_pool_result(problem)
    except Exception as exc:  # noqa: BLE001 — the job records any failure instead of hanging
        if not isinstance(exc, MatchingInputError):
            logger.exception("matching round %s failed", round_id)
        Round.objects.filter(pk=round_id).update(
            status=RoundStatus.FAILED, progress=100, error=str(exc)[:2000],
            finished_at=timezone.now())
        return Round.objects.get(pk=round_id)
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_id)
        round_.result = data
        round_.inputs_hash = fingerprint(problem)
        round_.status, round_.progress, round_.finished_at = RoundStatus.DONE, 100, timezone.now()
        round_.save()
    return round_


def update_round(*, actor, instance: Round, changes: dict, expected_version: int | None = None) -> Round:
    """Change the round's inputs; the old proposal is dropped (run it again)."""
    ensure_in_scope(instance, actor)
    _check_open(instance)
    needs = changes.pop("needs", None)
    with transaction.atomic():
        if needs is not None:
            _check_needs(list(needs))
        if instance.status in (RoundStatus.QUEUED, RoundStatus.RUNNING):
            raise Conflict(_("This round is already running."))
        changes.update(status=RoundStatus.DRAFT, progress=0, result=None)
        round_ = save_changes(actor=actor, instance=instance, changes=changes,
                              expected_version=expected_version)
        if needs is not None:
            round_.needs.set(needs)
    return round_


def delete_round(*, actor, instance: Round) -> None:
    ensure_in_scope(instance, actor)
    _check_open(instance)
    delete_record(actor=actor, instance=instance)


def _check_needs(needs: list) -> None:
    if not needs:
        raise ValidationError({"needs": _("Choose at least one published need.")})
    closed = [n for n in needs if n.status not in FILL_FROM]
    if closed:
        raise ValidationError({"needs": _("Only published or partially filled needs can be matched "
                                          "(“%(need)s” is not).") % {"need": closed[0]}})

"""Writes of needs, team needs and rounds; keyword-only functions, one transaction each.

The only writer of the needs app: the pages, the API and the command line call these, and
so does the approval of a round (which also writes postings and teams through the
exchange services). The stored result of a round is read and written as typed data
(`needs/result.py`)."""

from __future__ import annotations

import dataclasses
import logging
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from xiezuo.accounts.models import Role
from xiezuo.core import events
from xiezuo.core.cache import changed
from xiezuo.core.errors import Conflict
from xiezuo.core.lookups import Lookup, by_field, references_among
from xiezuo.core.scoping import ensure_in_scope, scoped, user_role
from xiezuo.core.services import check_version, delete_record, save_changes, save_new, transition
from xiezuo.exchange import services as exchange
from xiezuo.exchange.choices import TeamRole, kind_for
from xiezuo.exchange.models import Posting
from xiezuo.matching import MatchingInputError, Problem
from xiezuo.matching.engine import solve
from xiezuo.needs import (
    approvals,
    lookups,  # noqa: F401  (its references' lookups, before any write)
)
from xiezuo.needs.adapter import (
    WEIGHT_NAMES,
    NeedLike,
    build_problem,
    fingerprint,
    paired,
    pool_queryset,
    round_need_spans,
    round_needs,
)
from xiezuo.needs.choices import NeedStatus, NeedStep, RoundStatus, Side, Verdict
from xiezuo.needs.liveness import process_token, stall_message
from xiezuo.needs.models import Need, NeedDecision, Round, RoundDecision, TeamNeed
from xiezuo.needs.presets import BY_KEY, CUSTOM, DEFAULT, PRESETS
from xiezuo.needs.result import Pair, RoundResult
from xiezuo.needs.selectors import (
    Actor,
    drawable_offers,
    drawable_organisations,
    drawable_people,
    drawable_regions,
    round_candidates,
    round_exclusions,
    round_pins,
    round_result,
)
from xiezuo.needs.transitions import (
    ACTIONS,
    APPROVE,
    APPROVE_FIRST,
    FILL_FROM,
    IN_REVIEW,
    NEEDS,
    PUBLISH,
    REJECT,
    SUBMIT,
)
from xiezuo.notifications.events import Event
from xiezuo.notifications.recipients import coordinators_for, region_chain
from xiezuo.notifications.services import notify
from xiezuo.offers import services as offer_services
from xiezuo.offers.models import Offer, Placement
from xiezuo.offers.transitions import OPEN_STATES as OFFER_OPEN
from xiezuo.orgs.lookups import ORGANISATION
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.regions.models import Region
from xiezuo.vocab import regions as vocab_regions

logger = logging.getLogger(__name__)

# Published (round_id=) once a round queued for the worker is committed; `needs.tasks`
# enqueues its job (services cannot import the tasks, which call services).
ROUND_QUEUED = "needs.round_queued"


# --- needs ---------------------------------------------------------------------------


def create_need(*, actor: Actor, **fields: Any) -> Need:
    for name in ("status", "filled", "closed_reason"):
        fields.pop(name, None)
    return save_new(actor=actor, instance=Need(**fields))


def update_need(*, actor: Actor, instance: Need, changes: dict[str, Any],
                expected_version: int | None = None) -> Need:
    changes = {k: v for k, v in changes.items() if k not in {"status", "filled", "closed_reason"}}
    if instance.status in IN_REVIEW and changes:
        ensure_in_scope(instance, actor)  # read-only roles: 403 before the state's 409
        raise Conflict(_("The need is being approved and cannot be changed now; ask the "
                         "coordinator to return it first."))
    return save_changes(actor=actor, instance=instance, changes=changes,
                        expected_version=expected_version)


def delete_need(*, actor: Actor, instance: Need) -> None:
    ensure_in_scope(instance, actor)  # read-only roles: 403 before anything else
    if instance.status not in (NeedStatus.DRAFT, NeedStatus.APPROVED,
                               NeedStatus.PUBLISHED) or instance.filled:
        raise Conflict(_("Only draft, approved or published needs that nobody fills can be "
                         "deleted."))
    delete_record(actor=actor, instance=instance)


def transition_need(*, actor: Actor, need: Need, action: str, reason: str = "",
                    comment: str = "") -> Need:
    """Take a user's action on a need: submit, approve, reject (with `reason`), publish,
    close, close as unfillable (with `reason`). Each approval step is recorded
    (`NeedDecision`: who, when, level, comment) and told to those concerned."""
    if action not in ACTIONS:
        raise ValidationError({"action": _("Unknown action.")})
    if action == APPROVE:
        return approve_need(actor=actor, need=need, comment=comment)
    if action == REJECT:
        return reject_need(actor=actor, need=need, reason=reason)

    def record(current: Need, from_state: str) -> None:
        if current.status == NeedStatus.CLOSED_UNFILLABLE:
            if not (reason or "").strip():
                raise ValidationError({"reason": _("Give the reason why the need cannot be filled.")})
            current.closed_reason = reason.strip()
        current.save()
        if action == SUBMIT:
            current.decisions.filter(current=True).update(current=False)
            _decide(current, actor, NeedStep.SUBMITTED, comment=comment)
            _tell_approvers(current, actor, level=1)
        if action == PUBLISH:
            _decide(current, actor, NeedStep.PUBLISHED, comment=comment)
        if current.team_id is not None and action == PUBLISH:
            TeamNeed.objects.filter(pk=current.team_id, status=NeedStatus.DRAFT).update(
                status=NeedStatus.PUBLISHED)

    return transition(NEEDS, actor=actor, record=need, action=action, field="status", then=record)


def _decide(need: Need, actor: Actor, step: str, *, level: int | None = None,
            comment: str = "") -> NeedDecision:
    return NeedDecision.objects.create(need=need, step=step, level=level, comment=comment.strip(),
                                       by=actor if actor.pk else None)


REFUSALS = {
    "role": gettext_lazy("Only a coordinator whose region covers the need's organisation "
                         "approves or returns it; organisation users and auditors do not."),
    "own": gettext_lazy("You submitted this need (or approved its first level) yourself; "
                        "another coordinator decides on it."),
    "level": gettext_lazy("This need waits for the second approval, by a coordinator of the "
                          "city or province above %(region)s."),
}


def _check_decider(actor: Actor, need: Need) -> None:
    refusal = approvals.approve_refusal(actor, need)
    if refusal is not None:
        raise PermissionDenied(str(REFUSALS[refusal]) % {
            "region": need.organisation.region.full_name})


def _check_decider_at(actor: Actor, need: Need, state: str) -> None:
    """`_check_decider` on the need as it was (locked) before the step moved it."""
    target, need.status = need.status, state
    try:
        _check_decider(actor, need)
    finally:
        need.status = target


def _label(need: Need) -> dict[str, str]:
    return {"need": need.specialty_label, "unit": need.organisation.name}


def _nearest_coordinators(region: Region | None) -> QuerySet[Any]:
    """The coordinators of the nearest region (this one, else the one above …) that has any:
    the county's for a first approval, not every coordinator of the province."""
    everyone = coordinators_for(region)
    for region_id in region_chain(region):
        nearest = everyone.filter(scope__region_id=region_id)
        if nearest.exists():
            return nearest
    return everyone


def _tell_approvers(need: Need, actor: Actor, *, level: int) -> None:
    region = need.organisation.region
    recipients = _nearest_coordinators(region if level == 1 else region.parent)
    notify(event=Event.NEED_SUBMITTED, recipients=recipients, actor=_user(actor),
           url=need.get_absolute_url(), organisation=need.organisation,
           title=_("The need “%(need)s” of %(unit)s was submitted and waits for your approval")
           % _label(need) if level == 1 else
           _("The need “%(need)s” of %(unit)s passed the first approval and waits for yours")
           % _label(need))


def _user(actor: Actor) -> Any:
    return actor if actor.pk else None


def _tell_author(need: Need, actor: Actor, *, event: str, title: str, body: str = "") -> None:
    author = approvals.submitter(need)
    if author is not None:
        notify(event=event, recipients=[author], actor=_user(actor), title=title, body=body,
               url=need.get_absolute_url(), organisation=need.organisation)


def approve_need(*, actor: Actor, need: Need, comment: str = "") -> Need:
    """Approve the level the need waits for; at the last level (the programme's
    `need_approval_levels`) the need is approved and may be published."""
    _check_decider(actor, need)  # a role that never approves: 403 before the state's 409
    level = approvals.pending_level(need) or 1
    action = APPROVE if level >= approvals.approval_levels(need) else APPROVE_FIRST

    def record(current: Need, from_state: str) -> None:
        _check_decider_at(actor, current, from_state)
        current.save()
        _decide(current, actor, NeedStep.APPROVED, level=level, comment=comment)
        if action == APPROVE_FIRST:
            _tell_approvers(current, actor, level=level + 1)
        else:
            _tell_author(current, actor, event=Event.NEED_APPROVED, body=comment.strip(),
                         title=_("The need “%(need)s” of %(unit)s was approved; it can be "
                                 "published") % _label(current))

    return transition(NEEDS, actor=actor, record=need, action=action, field="status", then=record)


def reject_need(*, actor: Actor, need: Need, reason: str) -> Need:
    """Return a submitted need to draft, with the reason its author reads."""
    _check_decider(actor, need)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for returning the need; its author "
                                           "reads it.")})

    def record(current: Need, from_state: str) -> None:
        _check_decider_at(actor, current, from_state)
        current.save()
        current.decisions.filter(current=True).update(current=False)
        _decide(current, actor, NeedStep.REJECTED, level=approvals.pending_level(
            Need(status=from_state)), comment=reason)
        _tell_author(current, actor, event=Event.NEED_REJECTED, body=reason.strip(),
                     title=_("The need “%(need)s” of %(unit)s was returned") % _label(current))

    return transition(NEEDS, actor=actor, record=need, action=REJECT, field="status", then=record)


def publish_directly(*, actor: Actor, need: Need, comment: str = "") -> Need:
    """An administrator's shortcut (the demo loader, tests): submit, approve every level
    and publish, each step recorded as usual."""
    if user_role(actor) != Role.ADMIN:
        raise PermissionDenied(str(REFUSALS["role"]))
    need = transition_need(actor=actor, need=need, action=SUBMIT, comment=comment)
    while need.status in IN_REVIEW:
        need = approve_need(actor=actor, need=need)
    return transition_need(actor=actor, need=need, action=PUBLISH)


def record_fill(*, need: Need, count: int) -> Need:
    """Called inside an approval: `count` more people fill the need."""
    action = "fill" if need.filled + count >= need.slots else "fill_partly"
    need.status = NEEDS.target(action, need.status, need=need)
    need.filled += count
    need.save()
    changed(need)
    return need


# --- team needs ----------------------------------------------------------------------


def create_team_need(*, actor: Actor, **fields: Any) -> TeamNeed:
    fields.pop("status", None)
    return save_new(actor=actor, instance=TeamNeed(**fields))


def update_team_need(*, actor: Actor, instance: TeamNeed, changes: dict[str, Any],
                     expected_version: int | None = None) -> TeamNeed:
    changes.pop("status", None)
    return save_changes(actor=actor, instance=instance, changes=changes,
                        expected_version=expected_version)


def delete_team_need(*, actor: Actor, instance: TeamNeed) -> None:
    ensure_in_scope(instance, actor)
    if instance.roles.exclude(filled=0).exists():
        raise Conflict(_("Roles of this team need are already filled; it cannot be deleted."))
    delete_record(actor=actor, instance=instance)


def add_role(*, actor: Actor, team: TeamNeed, **fields: Any) -> Need:
    """A role of a team need: a need of the team's organisation, domain and period."""
    ensure_in_scope(team, actor)
    fields.update(team=team, organisation=team.organisation)
    fields.setdefault("domain", team.domain)
    fields.setdefault("start", team.start)
    fields.setdefault("end", team.end)
    fields.setdefault("min_days", team.min_days)
    return create_need(actor=actor, **fields)


# --- rounds --------------------------------------------------------------------------
#
# Every reference a round takes — needs, pool region or organisation, pinned, excluded or
# swapped people — is resolved here, for the page, the API and the CLI alike, and only
# within what the actor may draw on (`selectors.drawable_*`: the actor's scope and the
# eastern sides of the pairings of the round's needs). A reference outside that area and
# one to nothing at all get the same answer, so nothing can be found out by trying ids.

RUNNING = (RoundStatus.QUEUED, RoundStatus.RUNNING)
MAX_ID = 2**62


def _pk(value: object) -> int | None:
    """A primary key given as int or digits, or None (nothing larger than the database's)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"\s*\d{1,19}\s*", value):
        number = int(value)
    else:
        return None
    return number if 0 < number < MAX_ID else None


def _resolve_needs(actor: Actor, needs: Iterable[Need | int | str] | None) -> list[Need]:
    """The needs of a round: given as records or ids, visible to the actor, open."""
    wanted = [n.pk if isinstance(n, Need) else _pk(n) for n in needs or []]
    if not wanted:
        raise ValidationError({"needs": _("Choose at least one published need.")})
    ids = {pk for pk in wanted if pk is not None}
    found = list(scoped(Need, actor).filter(pk__in=ids).select_related("organisation__region")
                 .order_by("pk"))
    if None in wanted or len(found) != len(ids):
        raise ValidationError({"needs": _("Some of these needs are not known to you.")})
    _check_needs(found)
    return found


def _resolve_offers(actor: Actor, needs: Sequence[Need],
                    offers: Iterable[Offer | int | str] | None) -> list[Offer]:
    """The offers a round matches beside named people: given as records or ids, among
    those it may draw on (the actor's area, the eastern side of the needs' pairings),
    published and with people left."""
    wanted = [o.pk if isinstance(o, Offer) else _pk(o) for o in offers or []]
    ids = {pk for pk in wanted if pk is not None}
    found = list(drawable_offers(actor, needs).filter(pk__in=ids).order_by("pk"))
    if None in wanted or len(found) != len(ids):
        raise ValidationError({"offers": _("Some of these offers are not known to you, or the "
                                           "round may not draw on them.")})
    closed = [o for o in found if o.status not in OFFER_OPEN or not o.open_count]
    if closed:
        raise ValidationError({"offers": _("Only published offers with people left can be "
                                           "matched (“%(offer)s” is not).") % {"offer": closed[0]}})
    return found


# What a round may draw on: a region by division code, an organisation by id, name or
# “name / region”, among those `drawable_regions` / `drawable_organisations` give.
def _name_or_short_form(records: QuerySet[Region], text: str) -> QuerySet[Region]:
    """A full name or name (重庆市巫山县, 烟台市), else a short form (烟台, 开州, 黔南州)."""
    named = records.filter(Q(full_name=text) | Q(name=text))
    return named if named.exists() else _by_short_form(records, text)


def _by_short_form(records: QuerySet[Region], text: str) -> QuerySet[Region]:
    """A short form people write (烟台, 开州, 黔南州): the regions it names, most plausible first."""
    codes = [r.code for r in vocab_regions.resolve(text)]
    present = set(records.filter(code__in=codes).values_list("code", flat=True))
    first = next((code for code in codes if code in present), None)
    return records.filter(code=first) if first else records.none()


POOL_REGION: Lookup[Region] = Lookup(
    Region, keys=(by_field("code", pattern=r"\d{6}"), _name_or_short_form),
    not_known=gettext_lazy(
        "This round may not draw on that region: name a region (e.g. 烟台市, 山东省) in your "
        "area or on the eastern side of a pairing of the round's needs."),
    ambiguous=gettext_lazy("Several regions are called “%(value)s”; give the full name."))
POOL_ORGANISATION: Lookup[Organisation] = dataclasses.replace(
    ORGANISATION, related=(),
    not_known=gettext_lazy(
        "This round may not draw on that organisation: choose one in your area or on the "
        "eastern side of a pairing of the round's needs."))


def _pool_region(actor: Actor, needs: Sequence[NeedLike], value: Region | str | None) -> Region | None:
    if isinstance(value, Region):
        value = value.code
    return POOL_REGION.find(drawable_regions(actor, needs), value, field="pool_region")


def _pool_organisation(actor: Actor, needs: Sequence[NeedLike],
                       value: Organisation | int | str | None) -> Organisation | None:
    """By primary key, name, or “name / region”, among the organisations the round may draw on."""
    return POOL_ORGANISATION.find(drawable_organisations(actor, needs), value,
                                  field="pool_organisation")


MAX_WEIGHT = 1000.0


def round_weights(*, preset: str | None = None,
                  weights: Mapping[str, object] | None = None) -> dict[str, float]:
    """The weights a round runs with: a named preset's (`presets.PRESETS`), or with
    `custom` (or no preset) the seven weights given, each a number from 0 to 1000; no
    preset and no weights: the default preset. A named preset decides the weights."""
    key = (preset or "").strip()
    if key and key != CUSTOM:
        if key not in BY_KEY:
            names = "、".join(str(p.label) for p in PRESETS)
            raise ValidationError({"preset": _("Unknown weight preset “%(value)s”: choose one of "
                                               "%(names)s, or custom weights.")
                                   % {"value": key[:50], "names": names}})
        return BY_KEY[key].as_dict()
    if weights is None:
        if key == CUSTOM:
            raise ValidationError({"weights": _("Give the seven weights for custom weights.")})
        return DEFAULT.as_dict()
    unknown = sorted(str(k) for k in weights if k not in WEIGHT_NAMES)
    if unknown:
        raise ValidationError({"weights": _("Unknown weight “%(name)s”.") % {"name": unknown[0][:50]}})
    chosen = DEFAULT.as_dict()
    for name, value in weights.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
                math.isfinite(value) and 0 <= value <= MAX_WEIGHT):
            raise ValidationError({"weights": _("Each weight is a number from 0 to 1000.")})
        chosen[name] = float(value)
    if not any(chosen.values()):
        raise ValidationError({"weights": _("At least one weight must be above 0.")})
    return chosen


def create_round(*, actor: Actor, name: str, needs: Iterable[Need | int | str] | None,
                 scope_region: Region | None = None, pool_region: Region | str | None = None,
                 pool_organisation: Organisation | int | str | None = None,
                 preset: str | None = None, weights: Mapping[str, object] | None = None,
                 offers: Iterable[Offer | int | str] | None = None, **fields: Any) -> Round:
    fields["weights"] = round_weights(preset=preset, weights=weights)
    chosen = _resolve_needs(actor, needs)
    chosen_offers = _resolve_offers(actor, chosen, offers)
    fields["pool_region"] = _pool_region(actor, chosen, pool_region)
    fields["pool_organisation"] = _pool_organisation(actor, chosen, pool_organisation)
    if scope_region is None:
        scope = getattr(actor, "scope", None)
        scope_region = getattr(scope, "region", None) or chosen[0].organisation.region
    with transaction.atomic():
        round_ = save_new(actor=actor, instance=Round(
            name=name, scope_region=scope_region, created_by_id=actor.pk or None, **fields))
        round_.needs.set(chosen)
        round_.offers.set(chosen_offers)
    return round_


def _reset_proposal(round_: Round) -> None:
    round_.status = RoundStatus.DRAFT
    round_.progress = 0


def _check_open(round_: Round) -> None:
    if round_.status == RoundStatus.APPROVED:
        raise Conflict(_("This round is approved; start a new round to match again."))


def _settle_stalled(round_: Round) -> None:
    """A locked round whose run died (`liveness`): record it as failed, so it can be run or
    changed again. No new version: the record's content did not change."""
    message = stall_message(round_)
    if message is None:
        return
    now = timezone.now()
    Round.objects.filter(pk=round_.pk).update(
        status=RoundStatus.FAILED, error=message, finished_at=now, worker="")
    changed(Round)
    round_.status, round_.error, round_.finished_at, round_.worker = (
        RoundStatus.FAILED, message, now, "")


def fail_stalled_rounds() -> int:
    """Mark every round whose run died as failed (`needs.tasks`: whenever the worker starts a
    round, and when a running round's watchdog comes due)."""
    count = 0
    for pk in Round.objects.filter(status=RoundStatus.RUNNING).values_list("pk", flat=True):
        with transaction.atomic():
            round_ = Round.objects.select_for_update().filter(pk=pk).first()
            if round_ is not None and stall_message(round_):
                _settle_stalled(round_)
                count += 1
    return count


def _check_pair(actor: Actor, round_: Round, need_id: object,
                **people: object) -> tuple[int, dict[str, int]]:
    """The need must be one of the round's (with the roles of its team needs), each person
    one of the round's candidates the actor may draw on. Out of reach and non-existent
    get the same answer."""
    needs = round_needs(round_)
    need = _pk(need_id)
    if need is None or need not in {n.pk for n in needs}:
        raise ValidationError({"need": _("This need is not part of the round.")})
    candidates = round_candidates(actor, round_, needs)
    resolved = {}
    for field, value in people.items():
        pk = _pk(value)
        if pk is None or not candidates.filter(pk=pk).exists():
            raise ValidationError({field: _("This person is not among the people this round "
                                            "may match.")})
        resolved[field] = pk
    return need, resolved


def _toggled(pairs: Sequence[Pair], pair: Pair, on: bool) -> list[Pair]:
    """`pairs` with `pair` added at the end (`on`) or taken out."""
    kept = [p for p in pairs if p != pair]
    return [*kept, pair] if on else kept


def _mark(round_: Round, pair: Pair, *, pin: bool, on: bool) -> None:
    """Add (`on`) or remove a pair in the round's pins (`pin`) or exclusions; a pair added
    to one is taken out of the other, so it is never both."""
    pins, exclusions = round_pins(round_), round_exclusions(round_)
    if pin:
        pins = tuple(_toggled(pins, pair, on))
        exclusions = tuple(_toggled(exclusions, pair, False)) if on else exclusions
    else:
        exclusions = tuple(_toggled(exclusions, pair, on))
        pins = tuple(_toggled(pins, pair, False)) if on else pins
    round_.pins = [p.to_json() for p in pins]
    round_.exclusions = [p.to_json() for p in exclusions]


def _set_pair(actor: Actor, round_: Round, need_id: object, person_id: object, *,
              pin: bool, on: bool) -> Round:
    with transaction.atomic():
        round_ = _locked(actor, round_)
        need, person = _pk(need_id), _pk(person_id)
        stored = round_pins(round_) if pin else round_exclusions(round_)
        if (not on and need is not None and person is not None
                and Pair(need, person) in stored):
            pair = Pair(need, person)  # taking back what is stored needs no lookup
        else:
            need, people = _check_pair(actor, round_, need_id, person=person_id)
            pair = Pair(need, people["person"])
        _mark(round_, pair, pin=pin, on=on)
        round_.save()
    return round_


def set_pin(*, actor: Actor, round_: Round, need_id: object, person_id: object,
            pinned: bool = True) -> Round:
    """Pin (or unpin) a match; a pinned pair is never excluded. Ids as ints or digits (a
    form's input); anything else is refused like a person outside the round."""
    return _set_pair(actor, round_, need_id, person_id, pin=True, on=pinned)


def set_exclusion(*, actor: Actor, round_: Round, need_id: object, person_id: object,
                  excluded: bool = True) -> Round:
    """Exclude a person from a need (or allow them again)."""
    return _set_pair(actor, round_, need_id, person_id, pin=False, on=excluded)


def swap(*, actor: Actor, round_: Round, need_id: object, person_id: object,
         replacement_id: object) -> Round:
    """Exclude the current person from the need and pin another candidate instead."""
    with transaction.atomic():
        round_ = _locked(actor, round_)
        need, people = _check_pair(actor, round_, need_id, person=person_id,
                                   replacement=replacement_id)
        if people["person"] == people["replacement"]:
            raise ValidationError({"replacement": _("Choose another person.")})
        _mark(round_, Pair(need, people["person"]), pin=False, on=True)
        _mark(round_, Pair(need, people["replacement"]), pin=True, on=True)
        round_.save()
    return round_


RUN_REFUSED = gettext_lazy("Only the coordinators of the round's own region run and change it; "
                           "the eastern side approves or returns its proposal.")


def _check_runner(actor: Actor, round_: Round) -> None:
    if not approvals.may_run(actor, round_):
        raise PermissionDenied(str(RUN_REFUSED))


def _locked(actor: Actor, round_: Round, *, change: bool = True) -> Round:
    """The round, locked for a change by `actor` (in scope, not approved); inside a
    transaction. A change of its inputs or a run (`change`) is the western side's."""
    ensure_in_scope(round_, actor)
    if change:
        _check_runner(actor, round_)
    current = Round.objects.select_for_update().get(pk=round_.pk)
    _check_open(current)
    changed(current)  # the caller writes it (a change, a run, a decision)
    return current


def _clear_approvals(round_: Round) -> None:
    """A new run, a change or a return makes every recorded decision history."""
    round_.decisions.filter(current=True).update(current=False)


def _check_pool(actor: Actor, round_: Round, needs: Sequence[NeedLike]) -> None:
    """The stored pool must still lie where the actor may draw (set by someone else, or a
    pairing that ended since)."""
    _pool_region(actor, needs, round_.pool_region)
    _pool_organisation(actor, needs, round_.pool_organisation)


def start_round(*, actor: Actor, round_: Round, background: bool | None = None) -> Round:
    """Run the round now (small) or queue it as a background job (large): once the round is
    committed as queued, `ROUND_QUEUED` is published and `needs.tasks` enqueues the
    django-tasks task that the job worker (`xiezuo db_worker`) runs."""
    with transaction.atomic():
        round_ = _locked(actor, round_)
        _settle_stalled(round_)
        if round_.status in RUNNING:
            raise Conflict(_("This round is already running."))
        needs = round_need_spans(round_)
        _check_pool(actor, round_, needs)
        if background is None:
            # larger rounds (people × needs) run in the background worker
            background = pool_queryset(round_, needs).count() * len(needs) > settings.XIEZUO_ROUND_INLINE_LIMIT
        _reset_proposal(round_)
        _clear_approvals(round_)
        round_.status = RoundStatus.QUEUED
        round_.error, round_.worker, round_.heartbeat_at = "", "", timezone.now()
        round_.save()
        if background:
            round_id = round_.pk
            transaction.on_commit(lambda: events.publish(ROUND_QUEUED, round_id=round_id))
    if not background:
        run_round(round_id=round_.pk)
        round_.refresh_from_db()
    return round_


def run_round(*, round_id: int) -> Round:
    """The job itself (inline or in the worker): build, solve, store the result.

    The run signs the round with its process (`liveness.process_token`) and reports signs
    of life; if the round was meanwhile declared dead and run or changed again, this run's
    outcome is dropped instead of overwriting the newer state.
    """
    me = process_token()
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_id)
        if round_.status != RoundStatus.QUEUED:
            return round_
        now = timezone.now()
        round_.status, round_.progress, round_.started_at = RoundStatus.RUNNING, 5, now
        round_.heartbeat_at, round_.worker, round_.finished_at = now, me, None
        round_.save()
    mine = Round.objects.filter(pk=round_id, status=RoundStatus.RUNNING, worker=me)
    try:
        problem = build_problem(round_)
        mine.update(progress=30, heartbeat_at=timezone.now())
        # The engine needs a pool; an empty one leaves every need unfilled, with that reason.
        result = (RoundResult.from_engine(solve(problem)) if problem.people
                  else RoundResult.empty_pool(problem.needs))
    except Exception as exc:  # noqa: BLE001 — the job records any failure instead of hanging
        if not isinstance(exc, MatchingInputError):
            logger.exception("matching round %s failed", round_id)
        mine.update(status=RoundStatus.FAILED, progress=100, error=str(exc)[:2000],
                    finished_at=timezone.now(), worker="")
        changed(Round)
        return Round.objects.get(pk=round_id)
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_id)
        if round_.status != RoundStatus.RUNNING or round_.worker != me:
            logger.warning("matching round %s: a superseded run finished; result dropped", round_id)
            return round_
        round_.result = result.to_json()
        round_.east_region = _east_side(result, problem)  # the engine's records: no reload
        round_.inputs_hash = fingerprint(problem)
        round_.status, round_.progress, round_.finished_at = RoundStatus.DONE, 100, timezone.now()
        round_.heartbeat_at, round_.worker = timezone.now(), ""
        round_.save()
        changed(round_)  # a proposal now waits for approval (the home page counts them)
    return round_


def _east_side(result: RoundResult, problem: Problem) -> Region | None:
    """The eastern side whose coordinators approve the proposal: the smallest region holding
    every proposed person, widened to the eastern side of a pairing of the round's needs
    that holds it (烟台市 rather than the district of the one hospital proposed). None when
    nobody is proposed or people come from several provinces (an administrator approves).
    The people's regions are those the engine ran with (`Person.region_code`: their
    organisation's), so a national round does not send 45,000 ids back to the database."""
    code_of = {p.id: p.region_code for p in problem.people}
    codes = {code_of[str(pk)] for pk in result.person_ids()}
    regions = Region.objects.filter(
        Q(code__in=codes) | Q(pk__in=Offer.objects.filter(pk__in=result.offer_ids()).values("region")))
    common = approvals.common_region(regions)
    if common is None:
        return None
    sides = [p.east_region for p in paired(problem.needs)
             if approvals.covers(p.east_region, common)]
    return min(sides, key=lambda r: -len(r.prefix)) if sides else common


def update_round(*, actor: Actor, instance: Round, changes: dict[str, Any],
                 expected_version: int | None = None) -> Round:
    """Change the round's inputs; the old proposal is dropped (run it again)."""
    with transaction.atomic():
        current = _locked(actor, instance)
        _settle_stalled(current)
        if current.status in RUNNING:
            raise Conflict(_("This round is already running."))
        preset = changes.pop("preset", None)
        if preset is not None or "weights" in changes:
            changes["weights"] = round_weights(preset=preset, weights=changes.get("weights"))
        given = changes.pop("needs", None)
        needs = None if given is None else _resolve_needs(actor, given)
        current_needs = needs if needs is not None else list(
            current.needs.select_related("organisation__region"))
        given_offers = changes.pop("offers", None)
        offers = None if given_offers is None else _resolve_offers(actor, current_needs,
                                                                  given_offers)
        changes["pool_region"] = _pool_region(
            actor, current_needs, changes.get("pool_region", current.pool_region))
        changes["pool_organisation"] = _pool_organisation(
            actor, current_needs, changes.get("pool_organisation", current.pool_organisation))
        changes.update(status=RoundStatus.DRAFT, progress=0, result=None)
        _clear_approvals(current)
        round_ = save_changes(actor=actor, instance=current, changes=changes,
                              expected_version=expected_version)
        if needs is not None:
            round_.needs.set(needs)
        if offers is not None:
            round_.offers.set(offers)
    return round_


def delete_round(*, actor: Actor, instance: Round) -> None:
    ensure_in_scope(instance, actor)
    _check_runner(actor, instance)
    _check_open(instance)
    delete_record(actor=actor, instance=instance)


def _check_needs(needs: Sequence[Need]) -> None:
    if not needs:
        raise ValidationError({"needs": _("Choose at least one published need.")})
    closed = [n for n in needs if n.status not in FILL_FROM]
    if closed:
        raise ValidationError({"needs": _("Only published or partially filled needs can be matched "
                                          "(“%(need)s” is not).") % {"need": closed[0]}})


# --- approval ------------------------------------------------------------------------
#
# A round's proposal is approved by both sides (issue 14): the western coordinators (the
# round's region and needs) and the eastern ones (the region of the proposed people),
# each recorded with who, when and a comment (`RoundDecision`). The last approval
# creates, in ONE transaction, an approved posting per proposed match (a team for the
# roles of a team need) and marks the needs filled. Anything that fails (a rules error, a
# need closed meanwhile) rolls everything back, the approval included. Either side may
# return the proposal with a reason: the recorded approvals are cleared.

def posting_kind(need: Need) -> str:
    return kind_for(domain=need.domain, mode=need.mode)


@dataclasses.dataclass(frozen=True)
class RoundApproval:
    """What an approval did: the sides it recorded, the sides still waiting, and the
    postings created (only when the last side approved)."""

    sides: tuple[str, ...]
    waiting: tuple[str, ...]
    postings: list[Posting]
    placements: list[Placement] = dataclasses.field(default_factory=list)


SIDE_REFUSED = gettext_lazy("Only a coordinator of the western side (whose region covers the "
                            "round's needs) or of the eastern side (whose region covers every "
                            "proposed person) approves or returns this proposal.")


FOREIGN_PEOPLE = gettext_lazy(
    "The proposal names people you may not draw on (outside your area and the pairings of "
    "the round's needs) or no longer registered: change the pool and run the round again.")


def _deciding_sides(actor: Actor, round_: Round, side: str | None) -> list[str]:
    """The sides `actor` decides for: `side` if given (and theirs), else all of theirs."""
    mine = approvals.round_sides(actor, round_)
    if side is not None and side not in Side.values:
        raise ValidationError({"side": _("The side is “west” or “east”.")})
    chosen = [side] if side is not None else mine
    if not chosen or any(s not in mine for s in chosen):
        raise PermissionDenied(str(SIDE_REFUSED))
    return chosen


def _ready_proposal(round_: Round, expected_version: int | None) -> RoundResult:
    if expected_version is not None:
        check_version(round_, expected_version)
    result = round_result(round_)
    if round_.status != RoundStatus.DONE or result is None:
        raise Conflict(_("Only a round with a proposal ready can be approved or returned."))
    if not result.assignments and not result.offer_matches:
        raise Conflict(_("The proposal is empty: there is nothing to approve."))
    return result


def _round_url(round_: Round) -> str:
    return round_.get_absolute_url()


def _side_region(round_: Round, side: str) -> Region | None:
    return round_.scope_region if side == Side.WEST else round_.east_region


def approve_round(*, actor: Actor, round_: Round, side: str | None = None, comment: str = "",
                  expected_version: int | None = None) -> RoundApproval:
    """Record the approval of the actor's side(s) of the proposal (an administrator: both,
    unless `side` is given); when both sides have approved, create the postings
    (`_create_postings`, in the same transaction). With `expected_version` (the version of
    the round the user looked at) a round run or changed since is refused."""
    drawable = drawable_people(actor, round_needs(round_))
    with transaction.atomic():
        round_ = _locked(actor, round_, change=False)
        result = _ready_proposal(round_, expected_version)
        chosen = _deciding_sides(actor, round_, side)
        person_ids = result.person_ids()
        if drawable.filter(pk__in=person_ids).count() != len(person_ids):
            raise Conflict(str(FOREIGN_PEOPLE))
        states = approvals.side_states(round_)
        recorded = tuple(s for s in chosen if not approvals.is_approval(states[s]))
        if not recorded:
            raise Conflict(_("Your side has already approved this proposal."))
        for s in recorded:
            states[s] = RoundDecision.objects.create(
                round=round_, side=s, verdict=Verdict.APPROVED, comment=comment.strip(),
                by=_user(actor))
        waiting = tuple(s for s in Side.values if not approvals.is_approval(states[s]))
        postings: list[Posting] = []
        placements: list[Placement] = []
        label = {"round": round_.name}
        if waiting:
            for s in waiting:
                notify(event=Event.ROUND_WAITING, recipients=coordinators_for(_side_region(round_, s)),
                       actor=_user(actor), url=_round_url(round_), body=comment.strip(),
                       region=_side_region(round_, s),
                       title=_("The matching proposal “%(round)s” waits for your side's approval")
                       % label)
        else:
            postings = _create_postings(actor, round_, drawable)
            placements = _create_placements(actor, round_)
            everyone = [*coordinators_for(round_.scope_region), *coordinators_for(round_.east_region)]
            notify(event=Event.ROUND_APPROVED, recipients=everyone, actor=_user(actor),
                   url=_round_url(round_) + "#created-postings", region=round_.scope_region,
                   title=ngettext_lazy(
                       "Both sides approved “%(round)s”: %(count)d posting created",
                       "Both sides approved “%(round)s”: %(count)d postings created",
                       len(postings)) % {**label, "count": len(postings)})
    return RoundApproval(sides=recorded, waiting=waiting, postings=postings,
                         placements=placements)


def reject_round(*, actor: Actor, round_: Round, reason: str, side: str | None = None,
                 expected_version: int | None = None) -> Round:
    """Return the proposal for the actor's side with a reason: every recorded approval is
    cleared; the round keeps its proposal (status “proposal ready”) to be changed and run
    again, or approved after all."""
    with transaction.atomic():
        round_ = _locked(actor, round_, change=False)
        chosen = _deciding_sides(actor, round_, side)
        if not (reason or "").strip():
            raise ValidationError({"reason": _("Give the reason for returning the proposal; the "
                                               "other side reads it.")})
        _ready_proposal(round_, expected_version)
        _clear_approvals(round_)
        RoundDecision.objects.create(round=round_, side=chosen[0], verdict=Verdict.REJECTED,
                                     comment=reason.strip(), by=_user(actor))
        others = [s for s in Side.values if s != chosen[0]]
        notify(event=Event.ROUND_WAITING, recipients=coordinators_for(_side_region(round_, others[0])),
               actor=_user(actor), url=_round_url(round_), body=reason.strip(),
               region=_side_region(round_, others[0]),
               title=_("The matching proposal “%(round)s” was returned by the %(side)s")
               % {"round": round_.name, "side": Side(chosen[0]).label})
    return round_


def _create_postings(actor: Actor, round_: Round, drawable: QuerySet[Person]) -> list[Posting]:
    """The final step of an approval (inside its transaction, the round locked): one
    approved posting per proposed match, teams for team needs, the needs filled.

    Every person of the proposal must be one the actor may draw on (their scope, or the
    eastern side of a pairing of the round's needs): no postings for anybody else,
    whatever pool the round was once run on.
    """
    postings: list[Posting] = []
    # The postings' people are those the round may draw on (checked below), not only
    # those the actor may name in input: the eastern side of the needs' pairings.
    with references_among(Posting, "person", drawable):
        result = round_result(round_)
        assert result is not None  # checked by _ready_proposal
        rows = result.assignments
        of_round = round_needs(round_)
        need_ids = {r.need for r in rows}
        needs = (Need.objects.select_for_update(of=("self",))
                 .select_related("organisation", "team")
                 .in_bulk(need_ids & {n.pk for n in of_round}))
        if len(needs) != len(need_ids):
            raise Conflict(_("The proposal names needs that are no longer part of the round; "
                             "run the round again."))
        person_ids = {r.person for r in rows}
        people = drawable_people(actor, of_round).select_related("organisation").in_bulk(person_ids)
        if len(people) != len(person_ids):
            raise Conflict(str(FOREIGN_PEOPLE))
        by_team: dict[int, list[tuple[Need, Person]]] = defaultdict(list)
        count: dict[int, int] = defaultdict(int)
        for row in rows:
            need, person = needs[row.need], people[row.person]
            count[need.pk] += 1
            if need.team_id is not None:
                by_team[need.team_id].append((need, person))
                continue
            posting = exchange.create_posting(
                actor=actor, person=person, host=need.organisation, direction="east_west",
                kind=posting_kind(need), planned_start=need.start, planned_end=need.end,
                need_ref=need.pk, note=_("Matching round “%(round)s”") % {"round": round_.name})
            postings.append(exchange.approve_posting(actor=actor, posting=posting))
        for team_id, members in by_team.items():
            postings += _approve_team(actor, TeamNeed.objects.get(pk=team_id), members)
        for need_id, n in count.items():
            record_fill(need=needs[need_id], count=n)
        round_.status = RoundStatus.APPROVED
        round_.finished_at = round_.finished_at or timezone.now()
        round_.save()
    return postings


def _create_placements(actor: Actor, round_: Round) -> list[Placement]:
    """The offers' part of an approval (same transaction, after the postings): one place to
    name per slot matched to an offer, the offers counted, the needs filled. The offers must
    still be open and ones the actor may draw on."""
    result = round_result(round_)
    assert result is not None  # checked by _ready_proposal
    if not result.offer_matches:
        return []
    of_round = round_needs(round_)
    offers = (drawable_offers(actor, of_round).filter(pk__in=round_.offers.values("pk"))
              .select_for_update(of=("self",)).select_related("region", "organisation")
              .in_bulk(result.offer_ids()))
    if len(offers) != len(result.offer_ids()):
        raise Conflict(_("The proposal names offers that are no longer part of the round or "
                         "that you may not draw on; run the round again."))
    wanted: dict[int, int] = defaultdict(int)
    for m in result.offer_matches:
        wanted[m.offer] += 1
    short = [o for pk, o in offers.items() if o.status not in OFFER_OPEN or o.open_count < wanted[pk]]
    if short:
        raise Conflict(_("The offer “%(offer)s” no longer has that many people left; run the "
                         "round again.") % {"offer": short[0]})
    needs = (Need.objects.select_for_update(of=("self",)).select_related("organisation")
             .in_bulk({m.need for m in result.offer_matches} & {n.pk for n in of_round}))
    if len(needs) != len({m.need for m in result.offer_matches}):
        raise Conflict(_("The proposal names needs that are no longer part of the round; "
                         "run the round again."))
    rows = [(needs[m.need], offers[m.offer]) for m in result.offer_matches]
    placements = offer_services.create_placements(rows=rows, round_=round_)
    count: dict[int, int] = defaultdict(int)
    for need, _offer in rows:
        count[need.pk] += 1
    current = Need.objects.in_bulk(count)  # postings of the same round may have filled them
    for need_id, n in count.items():
        record_fill(need=current[need_id], count=n)
    return placements


def _approve_team(actor: Actor, team_need: TeamNeed,
                  members: list[tuple[Need, Person]]) -> list[Posting]:
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

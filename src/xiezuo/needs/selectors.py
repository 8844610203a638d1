"""Reads: what a round may draw on, and its proposal as display rows (people and needs
resolved, only those the reader may see)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from xiezuo.core.scoping import scope_filter, scoped
from xiezuo.needs.adapter import paired, pool_queryset, round_needs
from xiezuo.needs.models import Need, Round
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.regions.models import Region

REASONS = {
    "no_specialty": _("Nobody has this or a related specialty"),
    "title_too_low": _("Not enough candidates with the required title level"),
    "mode_not_accepted": _("Not enough candidates accept this mode"),
    "not_available": _("Candidates are busy or unavailable in this period"),
    "excluded": _("The remaining candidates are excluded for this need"),
    "source_constraint": _("No single eastern source can supply the whole team"),
    "capacity": _("Candidates exist but were taken by better-scoring needs or organisation caps"),
    "empty_pool": _("Nobody is in the pool: no active pairing of the needs' regions, or the "
                    "chosen region or organisation has no people"),
    "team_incomplete": _("Another role of the team cannot be filled, so the team was not formed"),
}
PARTS = ("specialty", "title", "pairing", "availability", "continuity", "fairness", "priority")


# --- what a round may draw on ----------------------------------------------------------
#
# A round is run by the coordinators of a western region, but its pool is eastern people,
# whom those coordinators do not administer. What a round may legitimately draw on is
# therefore: what the actor may see (`scoped`), plus everything under the eastern side
# of a pairing (active in the needs' period) whose western side holds one of the round's
# needs — the same area as the default pool. Nothing else: not another province's
# doctors, not a prefecture the round's needs are not paired with.


def east_prefixes(needs) -> set[str]:
    """Code prefixes of the eastern sides of the pairings of the needs' regions."""
    return {p.east_region.prefix for p in paired(list(needs))}


def _drawable(model, actor, needs, code_path: str) -> QuerySet:
    if scope_filter(model, actor) is None:  # administrators
        return model._default_manager.all()
    condition = Q(pk__in=scoped(model, actor).values("pk"))
    for prefix in east_prefixes(needs):
        condition |= Q(**{f"{code_path}__startswith": prefix})
    return model._default_manager.filter(condition)


def drawable_people(actor, needs) -> QuerySet:
    """People a round over `needs` may name for this actor (pool, pins, display, approval)."""
    return _drawable(Person, actor, needs, "organisation__region__code")


def drawable_regions(actor, needs) -> QuerySet:
    """Regions a round over `needs` may take as its pool for this actor."""
    return _drawable(Region, actor, needs, "code")


def drawable_organisations(actor, needs) -> QuerySet:
    """Organisations a round over `needs` may take as its pool for this actor."""
    return _drawable(Organisation, actor, needs, "region__code")


def round_candidates(actor, round_: Round, needs=None) -> QuerySet:
    """The round's pool as this actor may use it: who can be pinned, excluded, swapped in."""
    needs = round_needs(round_) if needs is None else needs
    return pool_queryset(round_, needs).filter(pk__in=drawable_people(actor, needs).values("pk"))


# --- the proposal ----------------------------------------------------------------------


def proposal(round_: Round, actor) -> dict:
    """Matches and unfilled needs of the stored result, with records instead of ids.

    Only the round's needs and the people the actor may draw on are resolved: rows naming
    anybody else (a result of an older, wider pool) are left out and counted in `hidden`.
    """
    result = round_.result or {"assignments": [], "unfilled": []}
    rows, unfilled = result.get("assignments", []), result.get("unfilled", [])
    round_need_list = round_needs(round_)
    need_ids = {int(r["need"]) for r in rows} | {int(u["need"]) for u in unfilled}
    need_ids |= {int(pair[0]) for pair in round_.pins + round_.exclusions}
    need_ids &= {n.pk for n in round_need_list}
    person_ids = {int(r["person"]) for r in rows} | {
        int(r["runner_up"]["person"]) for r in rows if r.get("runner_up")}
    person_ids |= {int(p) for pair in round_.pins + round_.exclusions for p in pair[1:]}
    needs = scoped(Need, actor).select_related("organisation", "specialty").in_bulk(need_ids)
    people = (drawable_people(actor, round_need_list).select_related("organisation")
              .in_bulk(person_ids))
    pins = {tuple(p) for p in round_.pins}
    matches = []
    hidden = 0
    for r in rows:
        need, person = needs.get(int(r["need"])), people.get(int(r["person"]))
        if need is None or person is None:
            hidden += 1
            continue
        runner = r.get("runner_up")
        runner_person = people.get(int(runner["person"])) if runner else None
        matches.append({
            "need": need, "person": person, "score": r["score"],
            "parts": [r["parts"].get(p, 0.0) for p in PARTS],
            "runner_up": runner_person,
            "runner_up_score": runner["score"] if runner_person else None,
            "pinned": (need.pk, person.pk) in pins, "team": r.get("team"),
        })

    review = {}
    for key in ("pins", "exclusions"):
        pairs = [(int(n), int(p)) for n, p in getattr(round_, key)]
        review[key] = [(needs[n], people[p]) for n, p in pairs if n in needs and p in people]
        hidden += len(pairs) - len(review[key])
    return {
        "matches": matches,
        "unfilled": [
            {"need": needs[int(u["need"])], "slots": u["slots"], "code": u["reason_code"],
             "reason": REASONS.get(u["reason_code"], u["reason"])}
            for u in unfilled if int(u["need"]) in needs
        ],
        "pins": review["pins"],
        "exclusions": review["exclusions"],
        "hidden": hidden,
        "part_labels": PARTS,
    }

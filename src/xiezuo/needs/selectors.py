"""Reads: the proposal of a round as display rows (people and needs resolved)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from xiezuo.needs.models import Need, Round
from xiezuo.people.models import Person

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


def proposal(round_: Round) -> dict:
    """Matches and unfilled needs of the stored result, with records instead of ids."""
    result = round_.result or {"assignments": [], "unfilled": []}
    rows, unfilled = result.get("assignments", []), result.get("unfilled", [])
    need_ids = {int(r["need"]) for r in rows} | {int(u["need"]) for u in unfilled}
    person_ids = {int(r["person"]) for r in rows} | {
        int(r["runner_up"]["person"]) for r in rows if r.get("runner_up")}
    person_ids |= {p for pair in round_.pins + round_.exclusions for p in pair[1:]}
    needs = Need.objects.select_related("organisation", "specialty").in_bulk(need_ids)
    people = Person.objects.select_related("organisation").in_bulk(person_ids)
    pins = {tuple(p) for p in round_.pins}
    matches = []
    for r in rows:
        need, person = needs.get(int(r["need"])), people.get(int(r["person"]))
        if need is None or person is None:
            continue
        runner = r.get("runner_up")
        matches.append({
            "need": need, "person": person, "score": r["score"],
            "parts": [r["parts"].get(p, 0.0) for p in PARTS],
            "runner_up": people.get(int(runner["person"])) if runner else None,
            "runner_up_score": runner["score"] if runner else None,
            "pinned": (need.pk, person.pk) in pins, "team": r.get("team"),
        })
    return {
        "matches": matches,
        "unfilled": [
            {"need": needs[int(u["need"])], "slots": u["slots"], "code": u["reason_code"],
             "reason": REASONS.get(u["reason_code"], u["reason"])}
            for u in unfilled if int(u["need"]) in needs
        ],
        "pins": [(needs.get(n) or Need.objects.filter(pk=n).first(), people.get(p))
                 for n, p in round_.pins],
        "exclusions": [(needs.get(n) or Need.objects.filter(pk=n).first(), people.get(p))
                       for n, p in round_.exclusions],
        "part_labels": PARTS,
    }

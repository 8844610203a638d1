"""A proposed match and an unfilled need explained in words, from what the round stored.

The engine stores each match's score parts in points (weight × part, `matching/scoring.py`)
and, for each unfilled need, how many people were left after each hard filter
(`details["pool"]`, `matching/explain.py`). This module turns both into what a coordinator
reads: labelled parts with a verdict (专业相同, 职称达标, 结对单位 …), a one-line reason, and
the funnel 有该专业或相关专业 3 人 → 职称达标 2 人 → 时间可派 0 人.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiezuo.matching import Weights

PART_LABELS: dict[str, str | Promise] = {
    "specialty": gettext_lazy("Specialty match"),
    "title": gettext_lazy("Title level"),
    "pairing": gettext_lazy("Pairing"),
    "availability": gettext_lazy("Time"),
    "continuity": gettext_lazy("Served the unit before"),
    "fairness": gettext_lazy("Fairness"),
    "priority": gettext_lazy("Need priority"),
}
PART_ORDER = tuple(PART_LABELS)
EPS = 1e-3


@dataclass(frozen=True)
class ScorePart:
    name: str
    label: str
    verdict: str  # in words: 专业相同, 职称达标 …
    points: float
    weight: float


@dataclass(frozen=True)
class FunnelStep:
    code: str
    label: str
    count: int
    binding: bool  # the first step with fewer people than the need's slots

    @property
    def text(self) -> str:
        return _("%(step)s: %(count)d people") % {"step": self.label, "count": self.count}


def _fraction(points: float, weight: float) -> float | None:
    return None if weight <= 0 else points / weight


def _verdict(name: str, fraction: float | None) -> str:
    if fraction is None:
        return _("not weighed")
    if name == "specialty":
        if fraction >= 1 - EPS:
            return _("same specialty")
        if fraction >= 0.6 - EPS:
            return _("related specialty")
        return _("similar specialty (by name)") if fraction > 0 else _("other specialty")
    if name == "title":
        if fraction >= 0.85 + 0.05 - EPS:
            return _("title above the minimum")
        return _("title meets the minimum") if fraction >= 0.85 - EPS else _("title below the minimum")
    if name == "pairing":
        return _("from the paired side") if fraction >= 1 - EPS else _("not from the paired side")
    if name == "availability":
        if fraction >= 1 - EPS:
            return _("available for the whole period")
        return _("available for %(percent)d%% of the period") % {"percent": round(fraction * 100)}
    if name == "continuity":
        return _("served this unit before") if fraction >= 1 - EPS else _("new to this unit")
    if name == "fairness":
        return (_("the sending unit is much in demand") if fraction <= -0.5
                else _("the sending unit is little in demand"))
    if name == "priority":
        return _("priority %(level)d of 5") % {"level": round(fraction * 5)}
    return ""


def score_parts(parts: Mapping[str, float], weights: Weights) -> tuple[ScorePart, ...]:
    """Each part of a match's score with its label, its verdict in words and its points."""
    out = []
    for name in PART_ORDER:
        weight = float(getattr(weights, name))
        points = float(parts.get(name, 0.0))
        out.append(ScorePart(name=name, label=str(PART_LABELS[name]),
                             verdict=_verdict(name, _fraction(points, weight)),
                             points=points, weight=weight))
    return tuple(out)


def reason_line(parts: tuple[ScorePart, ...]) -> str:
    """One line: 专业相同，职称达标，结对单位，可派期覆盖需求期 (the parts that decide a match)."""
    by_name = {p.name: p for p in parts}
    said = []
    for name in ("specialty", "title", "pairing", "continuity", "availability"):
        part = by_name.get(name)
        if part is None or part.weight <= 0:
            continue
        fraction = part.points / part.weight
        if name in ("pairing", "continuity") and fraction < 1 - EPS:
            continue  # said only when it speaks for the match
        said.append(part.verdict)
    text = _(", ").join(said)
    return text[:1].upper() + text[1:]


FUNNEL_LABELS: dict[str, str | Promise] = {
    "no_specialty": gettext_lazy("Same or related specialty"),
    "title_too_low": gettext_lazy("Title level met"),
    "mode_not_accepted": gettext_lazy("Accept this mode"),
    "not_available": gettext_lazy("Available in the period"),
    "excluded": gettext_lazy("Not excluded"),
}


def funnel(details: Mapping[str, Any], slots: int, *, reason_code: str = "",
           requires_management: bool = False, mode: str = "") -> tuple[FunnelStep, ...]:
    """The people left after each hard filter, as the engine counted them for this need;
    empty when the round stored no counts (an older result)."""
    if reason_code == "empty_pool":
        return (FunnelStep("empty_pool", _("In the pool"), 0, True),)
    pool = details.get("pool")
    if not isinstance(pool, Mapping):
        return ()
    need = max(int(details.get("slots", slots) or slots), 1)
    steps: list[FunnelStep] = []
    bound = False
    previous: int | None = None
    for code, label in FUNNEL_LABELS.items():
        count = pool.get(code)
        if isinstance(count, bool) or not isinstance(count, int):
            continue
        if code == "excluded" and count == previous and reason_code != "excluded":
            continue  # nobody excluded: a step that says nothing
        text = str(label)
        if code == "title_too_low" and requires_management:
            text = _("Title level and management experience met")
        elif code == "mode_not_accepted" and mode:
            text = _("Accept this mode (%(mode)s)") % {"mode": mode}
        binding = not bound and count < need
        bound = bound or binding
        steps.append(FunnelStep(code, text, count, binding))
        previous = count
    return tuple(steps)

"""Compact builders for test problems."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from xiezuo.matching.model import Need, Person, Window

D0 = date(2027, 3, 1)


def person(pid: str, **kw: Any) -> Person:
    base: dict[str, Any] = dict(
        id=pid, org_id="o1", city_code="370600", region_code="370602",
        specialty_codes=("S0100",), specialty_text="综合外科", title_level=3,
        modes=frozenset({"long_posting", "short_visit"}),
        availability=(Window(D0, D0 + timedelta(days=400)),),
    )
    base.update(kw)
    return Person(**base)


def need(nid: str, **kw: Any) -> Need:
    base: dict[str, Any] = dict(
        id=nid, org_id="w1", region_code="500237", domain="medical",
        specialty_code="S0100", specialty_text="综合外科", description="开展腹腔镜手术带教",
        slots=1, min_title_level=3, mode="long_posting", start=D0 + timedelta(days=10),
        end=D0 + timedelta(days=200), min_days=90, priority=3,
    )
    base.update(kw)
    return Need(**base)

"""Seeded synthetic problems with national structure (benchmark and `generate`).

~300 specialties in 30 departments with Zipf-like popularity, 50 eastern cities in
8 provinces, each paired with ~9 of 450 western counties, organisations of ~50 people,
five title levels, availability windows over two years, and team needs of five roles
(leader at 副高+ with management experience, emergency, internal medicine, surgery,
anaesthesia) for at least a year, all from one eastern city.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from .arrays import FloatArray
from .model import Busy, Need, Pairing, Person, Problem, TeamNeed, Window

DEPARTMENTS = [
    "内科", "外科", "儿科", "妇产科", "急诊科", "麻醉科", "眼科", "耳鼻咽喉科", "口腔科",
    "皮肤科", "精神科", "康复医学科", "影像科", "检验科", "病理科", "中医科", "全科医学",
    "护理", "药学", "公共卫生", "语文", "数学", "英语", "物理", "信息技术", "食用菌",
    "果树", "畜牧", "农机", "乡村规划",
]
SUBS = ["综合", "心血管", "呼吸", "消化", "神经", "肿瘤", "重症", "微创", "基层", "教学"]
EAST_PROVINCES = ["11", "12", "31", "32", "33", "35", "37", "44"]
WEST_PROVINCES = ["50", "51", "52", "53", "62", "63", "64", "65"]
MODES = ["long_posting", "short_visit", "remote", "training_place"]
TEAM_ROLES = [(0, 1), (4, 0), (0, 0), (1, 0), (5, 0)]  # (department, sub) of the roles
BASE = date(2027, 1, 1)


def code_of(dept: int, sub: int) -> str:
    return f"S{dept:02d}{sub:02d}"


def text_of(dept: int, sub: int) -> str:
    return f"{SUBS[sub]}{DEPARTMENTS[dept]}"


def _zipf(n: int, a: float) -> FloatArray:
    w = 1.0 / np.arange(1, n + 1, dtype=np.float64) ** a
    return w / float(w.sum())


def generate_problem(people: int, needs: int, teams: int, seed: int = 1) -> Problem:
    rng = np.random.default_rng(seed)
    n_dept, n_sub = len(DEPARTMENTS), len(SUBS)
    spec_w = (_zipf(n_dept, 0.8)[:, None] * (1.0 / np.arange(1, n_sub + 1) ** 0.8)).ravel()
    spec_w /= spec_w.sum()
    related = {
        code_of(d, s): frozenset(code_of(d, t) for t in (s - 1, s + 1) if 0 <= t < n_sub)
        for d in range(n_dept) for s in range(n_sub)
    }
    cities = [f"{EAST_PROVINCES[k % 8]}{k // 8 + 1:02d}00" for k in range(50)]
    counties = [f"{WEST_PROVINCES[k % 8]}{(k // 8) // 20 + 1:02d}{(k // 8) % 20 + 1:02d}"
                for k in range(450)]
    pairings = tuple(Pairing(cities[k % 50], c) for k, c in enumerate(counties))
    n_org = max(1, people // 50)
    org_city = rng.integers(0, 50, n_org)
    spec = rng.choice(spec_w.size, size=people, p=spec_w)
    spec2 = np.where(rng.random(people) < 0.1, rng.choice(spec_w.size, size=people, p=spec_w), -1)
    title = rng.choice(5, size=people, p=[0.1, 0.3, 0.3, 0.2, 0.1]) + 1
    mode_ok = rng.random((people, 4)) < np.array([0.5, 0.6, 0.5, 0.3])
    mode_ok[~mode_ok.any(axis=1), 1] = True
    org = rng.integers(0, n_org, people)
    w_start = rng.integers(0, 300, size=(people, 2))
    w_len = rng.integers(120, 720, size=(people, 2))
    long = rng.random(people) < 0.4  # a long window from the start of the round
    w_start[long, 0] = 0
    w_len[long, 0] = rng.integers(430, 730, size=int(long.sum()))
    two = rng.random(people) < 0.3
    no_code = rng.random(people) < 0.03
    mgmt = rng.random(people) < np.where(title >= 4, 0.5, 0.05)
    plist: list[Person] = []
    for i in range(people):
        d, s = divmod(int(spec[i]), n_sub)
        codes = [] if no_code[i] else [code_of(d, s)]
        if spec2[i] >= 0 and not no_code[i]:
            codes.append(code_of(*divmod(int(spec2[i]), n_sub)))
        city = cities[org_city[org[i]]]
        wins = [Window(BASE + timedelta(int(w_start[i, k])),
                       BASE + timedelta(int(w_start[i, k] + w_len[i, k])))
                for k in range(2 if two[i] else 1)]
        plist.append(Person(
            id=f"p{i}", org_id=f"o{org[i]}", city_code=city,
            region_code=city[:4] + f"{i % 9 + 1:02d}",
            specialty_codes=tuple(dict.fromkeys(codes)), specialty_text=text_of(d, s),
            title_level=int(title[i]),
            modes=frozenset(m for k, m in enumerate(MODES) if mode_ok[i, k]),
            availability=tuple(wins),
            previous_hosts=frozenset({f"w{rng.integers(0, 900)}"}) if rng.random() < 0.05
            else frozenset(),
            management_experience=bool(mgmt[i]),
        ))
    busy = tuple(
        Busy(f"p{i}", BASE + timedelta(int(a)), BASE + timedelta(int(a) + 90))
        for i, a in zip(np.flatnonzero(rng.random(people) < 0.05),
                        rng.integers(0, 400, people), strict=False)
    )
    nlist: list[Need] = []
    nspec = rng.choice(spec_w.size, size=needs, p=spec_w)
    for j in range(needs):
        d, s = divmod(int(nspec[j]), n_sub)
        county = counties[int(rng.integers(0, 450))]
        start = int(rng.integers(0, 300))
        length = int(rng.integers(30, 365))
        no = rng.random() < 0.03
        nlist.append(Need(
            id=f"n{j}", org_id=f"w{rng.integers(0, 900)}", region_code=county,
            domain="medical" if d < 20 else "other",
            specialty_code=None if no else code_of(d, s), specialty_text=text_of(d, s),
            description=f"需要{text_of(d, s)}人员开展带教", slots=int(rng.choice([1, 1, 1, 1, 2, 3])),
            min_title_level=int(rng.choice([2, 3, 3, 4])), mode=MODES[int(rng.choice(4, p=[0.3, 0.4, 0.2, 0.1]))],
            start=BASE + timedelta(start), end=BASE + timedelta(start + length),
            min_days=min(length, int(rng.integers(14, 120))), priority=int(rng.integers(1, 6)),
        ))
    tlist: list[TeamNeed] = []
    for t in range(teams):
        county = counties[int(rng.integers(0, 450))]
        start = int(rng.integers(0, 60))
        ids = []
        for r, (d, s) in enumerate(TEAM_ROLES):
            nid = f"t{t}r{r}"
            ids.append(nid)
            nlist.append(Need(
                id=nid, org_id=f"h{county}", region_code=county, domain="medical",
                specialty_code=code_of(d, s), specialty_text=text_of(d, s),
                description="组团式帮扶县医院", slots=1, min_title_level=4 if r == 0 else 3,
                mode="long_posting", start=BASE + timedelta(start),
                end=BASE + timedelta(start + 365), min_days=365, priority=5,
                requires_management=r == 0,
            ))
        tlist.append(TeamNeed(f"t{t}", tuple(ids), "city"))
    return Problem(people=tuple(plist), needs=tuple(nlist), teams=tuple(tlist),
                   pairings=pairings, busy=busy, related=related)

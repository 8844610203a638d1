"""Postings (east→west cadres and professionals, west→east cadres and training places),
engagements of experts and mentorships of posted professionals."""

from __future__ import annotations

import datetime
from typing import Any

from xiezuo.demo.records.state import Records, weighted
from xiezuo.demo.records.volumes import (
    DAY,
    DOMAIN_KIND,
    DURATIONS,
    ENGAGEMENT_ROLES,
    KIND_DOMAIN,
    MARK,
    MEDICAL_DEPARTMENTS,
    OTHER_DURATIONS,
    PROFESSIONAL_KINDS,
    RATES,
    SUBJECTS,
    WEST_DURATIONS,
)
from xiezuo.exchange.models import Engagement, Mentorship, Posting
from xiezuo.regions.models import Pairing


def add_postings(r: Records) -> None:
    rng, rows = r.rng, []
    for year in r.years:
        for pairing in r.counties:
            city, county = pairing.east_region_id, pairing.west_region_id
            people = r.east_people[city]
            for _ in range(r.count(RATES["cadres_sent"])):
                start_floor = datetime.date(year, 3, 1)
                person = (r.free(people.get("management", []), start_floor)
                          or r.free(people.get("labour", []), start_floor)
                          or r.free(people["*"], start_floor))
                host = r.west_org(county, "")
                if person is None or host is None:
                    continue
                post = "副院长（挂职）" if host in r.west_orgs[county].get("hospital", []) \
                    else "副校长（挂职）"
                rows.append(_posting(
                    r, pairing=pairing, year=year, person_id=person, host_id=host,
                    direction="east_west", kind="cadre", days=rng.choice(DURATIONS["cadre"]),
                    post=post, department=""))
            for _ in range(r.count(RATES["professionals_sent"])):
                kind = weighted(rng, PROFESSIONAL_KINDS)
                domain = KIND_DOMAIN[kind]
                floor = datetime.date(year, 1, 1)
                person = r.free(people.get(domain, []), floor)
                if person is None:  # nobody of that field free: someone else goes
                    person = r.free(people["*"], floor)
                    if person is None:
                        continue
                    kind = DOMAIN_KIND.get(r.person_domain[person], "other_professional")
                    domain = KIND_DOMAIN[kind]
                host = r.west_org(county, domain)
                if host is None:
                    continue
                department, post = "", "技术指导"
                if kind == "medical":
                    department, post = rng.choice(MEDICAL_DEPARTMENTS), "科室业务指导"
                elif kind == "education":
                    department, post = rng.choice(SUBJECTS), "任课教师"
                rows.append(_posting(
                    r, pairing=pairing, year=year, person_id=person, host_id=host,
                    direction="east_west", kind=kind,
                    days=rng.choice(DURATIONS.get(kind, OTHER_DURATIONS)), post=post,
                    department=department))
            west = r.west_people[county]
            for kind, rate in (("cadre", RATES["cadres_received"]),
                               ("training_place", RATES["professionals_received"])):
                for _ in range(r.count(rate)):
                    person = r.free(west, datetime.date(year, 1, 1))
                    if person is None:
                        continue
                    home = r.west_orgs[county]
                    domain = ("medical" if r.person_org[person] in home.get("hospital", [])
                              else "education")
                    host = r.east_org(city, domain)
                    if host is None:
                        continue
                    post = "挂职锻炼" if kind == "cadre" else rng.choice(["进修", "跟岗学习"])
                    rows.append(_posting(
                        r, pairing=pairing, year=year, person_id=person, host_id=host,
                        direction="west_east", kind=kind,
                        days=rng.choice(WEST_DURATIONS[kind]), post=post, department=""))
    r.bulk(Posting, rows, "postings")
    for posting in rows:
        year, pairing_id = posting.planned_start.year, posting.pairing_id
        assert pairing_id is not None  # every national posting has its pairing
        if posting.state in ("planned", "approved"):
            continue
        if posting.direction == "east_west":
            measure = "cadres_sent" if posting.kind == "cadre" else "professionals_sent"
            if posting.kind in ("medical", "education"):
                r.posted[(pairing_id, year)].append(posting)
        else:
            measure = "cadres_received" if posting.kind == "cadre" else "professionals_received"
        r.actual[(pairing_id, year, measure)] += 1


def _posting(r: Records, *, pairing: Pairing, year: int, person_id: int, host_id: int,
             direction: str, kind: str, days: int, post: str, department: str) -> Posting:
    rng, today = r.rng, r.today
    start = r.day(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if kind == "cadre" and direction == "east_west":  # cadres start in spring batches
        start = r.day(datetime.date(year, 3, 1), datetime.date(year, 4, 30))
    end = start + (days - 1) * DAY
    fields: dict[str, Any] = {"planned_start": start, "planned_end": end}
    if start > today:
        fields["state"] = "approved" if rng.random() < 0.6 else "planned"
    elif end < today:
        fields.update(actual_start=start, actual_end=end, state="completed")
        if rng.random() < 0.04:
            fields["actual_end"] = start + rng.randrange(max(days - 1, 1)) * DAY
            fields.update(state="ended_early", end_reason="因工作需要提前结束。")
    else:
        fields.update(actual_start=start, state="on_post")
        if rng.random() < 0.08:
            fields["planned_end"] = end + rng.choice([90, 180]) * DAY
            fields.update(state="extended", end_reason="受援单位申请延期。")
    r.busy[person_id] = max(fields["planned_end"], fields.get("actual_end") or start)
    return Posting(
        person_id=person_id, host_id=host_id, direction=direction, kind=kind,
        batch=f"{year}年度", post=post, department=department, pairing_id=pairing.pk,
        note=MARK, **fields,
    )


def add_engagements_and_mentorships(r: Records) -> None:
    rng = r.rng
    engagements, mentorships, apprentices = [], [], []
    for year in r.years:
        first, last, fraction = r.window(year)
        if not fraction:
            continue
        for pairing in r.counties:
            city, county = pairing.east_region_id, pairing.west_region_id
            for _ in range(r.count(RATES["engagements"], fraction)):
                pool = r.senior_people[city] or r.east_people[city]["*"]
                org = r.west_org(county, "")
                if not pool or org is None:
                    continue
                start = r.day(first, last)
                end = None if rng.random() < 0.3 else start + rng.choice([365, 730, 1095]) * DAY
                engagements.append(Engagement(
                    person_id=rng.choice(pool), organisation_id=org, start=start, end=end,
                    role=weighted(rng, ENGAGEMENT_ROLES), note=MARK))
                r.actual[(pairing.pk, year, "experts_engaged")] += 1
            postings = r.posted.get((pairing.pk, year), [])
            for _ in range(r.count(RATES["mentorships"], fraction)):
                if not postings:
                    break
                posting = rng.choice(postings)
                locals_ = r.org_people.get(posting.host_id, [])
                if not locals_:
                    continue
                start = min(posting.start + rng.randrange(0, 30) * DAY, posting.end, r.today)
                end = posting.end if posting.state in ("completed", "ended_early") else None
                mentorship = Mentorship(
                    mentor_id=posting.person_id, host_id=posting.host_id,
                    posting_id=posting.pk, start=start, end=end,
                    plan=f"每周开展1—2次带教，手把手传授临床与教学技能。{MARK}",
                    result="徒弟能独立开展常规工作。" if end else "")
                mentorships.append(mentorship)
                chosen = rng.sample(locals_, min(len(locals_), rng.choice([1, 1, 2, 3])))
                apprentices.append(chosen)
                r.actual[(pairing.pk, year, "pairs")] += len(chosen)
    r.bulk(Engagement, engagements, "engagements")
    r.bulk(Mentorship, mentorships, "mentorships")
    through = Mentorship.apprentices.through
    links = [through(mentorship_id=m.pk, person_id=p)
             for m, people in zip(mentorships, apprentices, strict=True) for p in people]
    r.bulk(through, links, "mentorship_apprentices")

"""Activities with their metrics (some grouped in events) and training classes with
their trainees."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from xiezuo.activities.models import Activity, ActivityMetric, Event, Trainee, TrainingClass
from xiezuo.demo.records.state import Records, weighted
from xiezuo.demo.records.volumes import (
    ACTIVITY_KINDS,
    ACTIVITY_LABELS,
    ACTIVITY_METRICS,
    BATCH,
    CATEGORY_LABELS,
    DAY,
    DOMAIN_WORDS,
    FIXED_DOMAIN,
    MARK,
    MEDICAL_DEPARTMENTS,
    MIXED_DOMAINS,
    RATES,
    SUBJECTS,
    TOWNS,
    TRAINEE_UNITS,
    TRAINING_CATEGORIES,
)
from xiezuo.demo.synthetic import person_name
from xiezuo.regions.models import Pairing, Region


def add_activities(r: Records) -> None:
    rng = r.rng
    events: list[Event] = []
    plan: list[tuple[Pairing, int, Event | None, int]] = []  # pairing, year, event, count
    for year in r.years:
        first, last, fraction = r.window(year)
        if not fraction:
            continue
        for pairing in r.counties:
            total = r.count(RATES["activities"], fraction)
            for _ in range(r.count(RATES["events"], fraction)):
                size = min(total, rng.randint(3, 10))
                if size < 1:
                    break
                total -= size
                start = r.day(first, last)
                end = min(start + rng.randint(0, 4) * DAY, last)
                domain = weighted(rng, [("medical", 5), ("education", 3), ("agriculture", 2)])
                county, city = pairing.west_region, pairing.east_region
                event = Event(
                    name=f"{year}年{city.name}{DOMAIN_WORDS[domain]}专家团赴{county.name}帮扶活动",
                    pairing_id=pairing.pk, host_region_id=county.pk,
                    sending_org_id=r.east_org(city.pk, domain), start=start, end=end,
                    place=f"{county.name}{rng.choice(TOWNS)}", description=MARK)
                events.append(event)
                plan.append((pairing, year, event, size))
            plan.append((pairing, year, None, total))
    r.bulk(Event, events, "events")

    buffer: list[tuple[dict, list[tuple], list[int]]] = []
    for pairing, year, group, size in plan:
        first, last, _ = r.window(year)
        if group is not None:
            first, last = group.start, group.end
        county, city = pairing.west_region, pairing.east_region
        posted = r.posted.get((pairing.pk, year), [])
        for _ in range(size):
            kind = weighted(rng, ACTIVITY_KINDS)
            domain = _activity_domain(r, kind)
            host = r.west_org(county.pk, domain)
            if host is None:
                continue
            specs = ACTIVITY_METRICS[kind]
            chosen = [specs[0]] + rng.sample(specs[1:], min(len(specs) - 1, rng.choice([0, 1, 1, 2])))
            metrics = [(ind, subj, unit, rng.randint(lo, hi))
                       for ind, subj, unit, lo, hi in chosen]
            topic = (rng.choice(MEDICAL_DEPARTMENTS) if domain == "medical"
                     else rng.choice(SUBJECTS) if domain == "education"
                     else DOMAIN_WORDS[domain])
            activity = {
                "kind": kind, "title": f"{county.name}{topic}{ACTIVITY_LABELS[kind]}",
                "date": r.day(first, last), "domain": domain, "host_id": host,
                "sending_org_id": r.east_org(city.pk, domain), "pairing_id": pairing.pk,
                "event_id": group.pk if group else None,
                "place": f"{county.name}{rng.choice(TOWNS)}", "description": MARK}
            people = []
            if posted and rng.random() < 0.4:
                people = list({p.person_id for p in rng.sample(posted, min(len(posted),
                                                                        rng.choice([1, 1, 2])))})
            for ind, _subj, _unit, value in metrics:
                r.actual[(pairing.pk, year, ind)] += value
            buffer.append((activity, metrics, people))
            if len(buffer) >= 2 * BATCH:
                _flush_activities(r, buffer)
                buffer = []
    _flush_activities(r, buffer)


def _activity_domain(r: Records, kind: str) -> str:
    return FIXED_DOMAIN.get(kind) or weighted(r.rng, MIXED_DOMAINS[kind])


def _flush_activities(r: Records, buffer: list[tuple[dict[str, Any], list[tuple[Any, ...]], list[int]]]) -> None:
    if not buffer:
        return
    pks = r.insert(Activity, [a for a, _, _ in buffer], "activities", ids=True)
    metrics = [
        {"activity_id": pk, "indicator": ind, "subject": subj, "unit": unit,
         "value": Decimal(value)}
        for pk, (_, rows, _) in zip(pks, buffer, strict=True)
        for ind, subj, unit, value in rows
    ]
    r.insert(ActivityMetric, metrics, "activity_metrics")
    links = [{"activity_id": pk, "person_id": p}
             for pk, (_, _, people) in zip(pks, buffer, strict=True) for p in people]
    r.insert(Activity.people.through, links, "activity_people")


def add_trainings(r: Records) -> None:
    rng = r.rng
    buffer: list[tuple[dict, list[dict]]] = []
    pending = 0
    for year in r.years:
        first, last, fraction = r.window(year)
        if not fraction:
            continue
        for pairing in r.counties:
            county, city = pairing.west_region, pairing.east_region
            classes = r.count(RATES["classes"], fraction)
            pool = r.identities[county.pk]
            # Enough identities that people come back for later classes (~2 each).
            wanted = max(80, int(RATES["classes"] * r.scale * len(r.years) * 40 / 2))
            seen = set(pool)
            while len(pool) < wanted:
                identity = _identity(r, county)
                if identity not in seen:
                    seen.add(identity)
                    pool.append(identity)
            distinct: set = set()
            for number in range(1, classes + 1):
                category = weighted(rng, TRAINING_CATEGORIES)
                domain = next(d for c, _, d in TRAINING_CATEGORIES if c == category)
                if category == "remote_teacher":
                    mode, days, sessions = "remote", rng.randint(14, 60), rng.randint(4, 20)
                else:
                    mode = weighted(rng, [("on_site", 8), ("mixed", 1), ("remote", 1)])
                    days = rng.randint(1, 10)
                    sessions = max(1, days * rng.choice([1, 1, 2]))
                start = r.day(first, max(first, last - (days - 1) * DAY))
                end = min(start + (days - 1) * DAY, last)
                in_east = rng.random() < 0.6
                organiser = (r.east_org(city.pk, domain) if in_east
                             else r.west_org(county.pk, domain))
                if organiser is None:
                    continue
                klass = {
                    "name": f"{year}年{county.name}{CATEGORY_LABELS[category]}培训班（第{number}期）",
                    "category": category, "mode": mode, "organiser_id": organiser,
                    "pairing_id": pairing.pk, "trainee_region_id": county.pk,
                    "place": city.name if in_east else county.name, "start": start,
                    "end": end, "sessions": sessions, "description": MARK}
                size = rng.randint(20, 60)
                linked_pool = r.west_people[county.pk]
                linked = rng.sample(linked_pool, min(len(linked_pool),
                                                     int(size * rng.uniform(0.05, 0.25))))
                names = rng.sample(pool, min(len(pool), size - len(linked)))
                trainees = []
                for person_id in linked:
                    org_id = r.person_org[person_id]
                    trainees.append(_trainee(
                        r, sessions, person_id=person_id, name=r.person_name[person_id],
                        organisation_id=org_id, organisation_name=r.org_name[org_id]))
                for name, unit in names:
                    trainees.append(_trainee(r, sessions, name=name, organisation_name=unit))
                attended = [t for t in trainees if t["sessions_attended"]]
                key = (pairing.pk, year)
                r.actual[key + ("training_person_times",)] += len(attended)
                r.actual[key + ("training_sessions",)] += 1
                distinct.update(t.get("person_id") or (t["name"], t["organisation_name"])
                                for t in attended)
                buffer.append((klass, trainees))
                pending += len(trainees)
                if pending >= 2 * BATCH:
                    _flush_classes(r, buffer)
                    buffer, pending = [], 0
            r.actual[(pairing.pk, year, "trainees")] += len(distinct)
    _flush_classes(r, buffer)


def _identity(r: Records, county: Region) -> tuple[str, str]:
    domain = r.rng.choice(list(TRAINEE_UNITS))
    unit = f"{county.name}{r.rng.choice(TOWNS)}{r.rng.choice(TRAINEE_UNITS[domain])}"
    return person_name(r.rng), unit


def _trainee(r: Records, sessions: int, **fields: Any) -> dict[str, Any]:
    rng = r.rng
    if rng.random() < 0.85:
        attended = rng.randint(max(1, math.ceil(sessions * 0.6)), sessions)
        completed = True
    else:
        attended, completed = rng.randint(0, sessions - 1), False
    return {"sessions_attended": attended, "completed": completed, "note": MARK, **fields}


def _flush_classes(r: Records, buffer: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> None:
    if not buffer:
        return
    pks = r.insert(TrainingClass, [k for k, _ in buffer], "training_classes", ids=True)
    rows = []
    for pk, (_, trainees) in zip(pks, buffer, strict=True):
        for trainee in trainees:
            trainee["training_class_id"] = pk
            rows.append(trainee)
    r.insert(Trainee, rows, "trainees")

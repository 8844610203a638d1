"""National-scale synthetic records for benchmarking the dashboard and the annual report.

`load_national_records()` fills the pairings made by `xiezuo.demo.national.load_national`
(the ~450 county-level pairings and their province parents) with several years of
records at the volumes of the national summaries (DOMAIN.md, "Scale"):

- postings: ~3,000 cadres and ~25,000 professionals east→west a year, some west→east
  (cadres hosted in the east, training places); one person never holds two overlapping
  postings; states follow the dates (completed before today, on post today, approved or
  planned later, a few ended early or extended);
- engagements and mentorships (a few thousand each);
- ~150,000 activities a year with 1–3 typed metrics each, a few thousand events grouping
  some of them;
- ~5,000 training classes a year with 20–60 trainees each (mostly unlinked names, some
  registry people, many enrolled in several classes, ~85 % completion);
- per pairing: agreements with yearly targets (close to what the records give, so some are
  met and some are not), ~10 projects, ~4 labour-cooperation records and 1–2
  consumption-assistance records a year.

Rows are written with `bulk_create` (no history rows, no signals: fine for synthetic bulk
data). Every record carries the marker `MARK` in a note or description field; a second
run finds it and adds nothing. The output depends only on the seed, `today` and what the
database holds.

`scale` multiplies the person-level volumes (postings, engagements, mentorships,
activities, events, classes); the per-pairing records (agreements, projects, labour,
consumption) do not scale. Tests use a small national instance and a small scale.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from xiezuo.activities.models import Activity, ActivityMetric, Event, Trainee, TrainingClass
from xiezuo.cooperation.models import (
    Agreement,
    AgreementTarget,
    ConsumptionAssistance,
    LabourCooperation,
    Project,
)
from xiezuo.demo.national import SYNTHETIC_ORG_NOTE
from xiezuo.demo.synthetic import person_name
from xiezuo.exchange.models import Engagement, Mentorship, Posting
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.regions.models import Pairing

MARK = "演示数据（全国规模）"
NATIONAL_PAIRING_NOTE = "演示数据（虚构结对）"
NATIONAL_COUNTIES = 450
DAY = datetime.timedelta(days=1)
BATCH = 5000

# Yearly volumes of one county pairing at scale 1: the national figures / 450 counties.
RATES = {
    "cadres_sent": 3000 / NATIONAL_COUNTIES,
    "professionals_sent": 25000 / NATIONAL_COUNTIES,
    "cadres_received": 700 / NATIONAL_COUNTIES,
    "professionals_received": 4500 / NATIONAL_COUNTIES,
    "engagements": 1000 / NATIONAL_COUNTIES,
    "mentorships": 1000 / NATIONAL_COUNTIES,
    "activities": 150_000 / NATIONAL_COUNTIES,
    "events": 1500 / NATIONAL_COUNTIES,
    "classes": 5000 / NATIONAL_COUNTIES,
}
COUNTS = (
    "postings", "engagements", "mentorships", "mentorship_apprentices", "events", "activities",
    "activity_metrics", "activity_people", "training_classes", "trainees", "agreements",
    "agreement_targets", "projects", "labour_cooperation", "consumption_assistance",
)

PROFESSIONAL_KINDS = [
    ("medical", 45), ("education", 35), ("agriculture", 8), ("science_tech", 6),
    ("culture_tourism", 3), ("other_professional", 3),
]
KIND_DOMAIN = {
    "medical": "medical", "education": "education", "agriculture": "agriculture",
    "science_tech": "science_tech", "culture_tourism": "culture_tourism",
    "other_professional": "labour", "cadre": "management", "training_place": "medical",
}
DOMAIN_KIND = {
    "medical": "medical", "education": "education", "agriculture": "agriculture",
    "science_tech": "science_tech", "culture_tourism": "culture_tourism",
}
# Days of a posting, by kind (east→west); west→east below.
DURATIONS = {
    "cadre": [730, 730, 730, 730, 730, 730, 730, 365, 365, 1095],
    "medical": [90, 180, 180, 365, 365, 540],
    "education": [120, 180, 365, 365],
}
OTHER_DURATIONS = [30, 60, 90, 180, 365]
WEST_DURATIONS = {"cadre": [90, 180, 365], "training_place": [30, 60, 90, 90, 180, 365]}
MEDICAL_DEPARTMENTS = ["骨科", "神经外科", "普通外科", "心血管内科", "呼吸内科", "消化内科",
                       "急诊医学科", "麻醉科", "儿科", "妇产科", "眼科", "医学影像科", "中医科",
                       "康复医学科", "重症医学科", "肿瘤科"]
SUBJECTS = ["语文", "数学", "英语", "物理", "化学", "生物", "信息技术", "体育", "音乐", "美术"]
TOWNS = ["城关镇", "新华镇", "青山乡", "河口镇", "东坪乡", "白马镇", "龙泉镇", "石桥乡", "清水镇",
         "红岩镇", "双河镇", "太平乡", "花园镇", "高峰镇", "大坝乡", "柳林镇"]
ENGAGEMENT_ROLES = [("chief_expert", 3), ("weekend_engineer", 3), ("standing_lecturer", 3),
                    ("advisor", 2)]

ACTIVITY_KINDS = [
    ("lecture", 14), ("training_session", 14), ("ward_round", 12), ("consultation", 10),
    ("clinic", 10), ("surgery", 6), ("demonstration_lesson", 12), ("survey", 8),
    ("onsite_guidance", 8), ("cooperation_talk", 3), ("other", 3),
]
ACTIVITY_LABELS = {
    "lecture": "专题讲座", "training_session": "业务培训", "ward_round": "教学查房",
    "consultation": "疑难病例会诊", "clinic": "义诊", "surgery": "手术示教",
    "demonstration_lesson": "示范课", "survey": "调研", "onsite_guidance": "现场指导",
    "cooperation_talk": "合作洽谈", "other": "帮扶活动",
}
# (indicator, subject, unit, low, high); the first is always recorded, 0–2 more follow.
ACTIVITY_METRICS = {
    "lecture": [("training_person_times", "听讲", "人次", 20, 200),
                ("training_sessions", "讲座", "场", 1, 2),
                ("beneficiaries", "群众", "人", 20, 300)],
    "training_session": [("training_person_times", "培训", "人次", 15, 120),
                         ("training_sessions", "培训", "期", 1, 3),
                         ("outcomes", "建议", "条", 1, 10)],
    "ward_round": [("medical_services", "查房", "人次", 5, 40),
                   ("training_person_times", "带教", "人次", 3, 20),
                   ("outcomes", "疑难病例", "例", 1, 6)],
    "consultation": [("medical_services", "会诊", "人次", 1, 20),
                     ("outcomes", "疑难病例", "例", 1, 5),
                     ("training_person_times", "带教", "人次", 2, 15)],
    "clinic": [("medical_services", "义诊", "人次", 50, 500),
               ("beneficiaries", "群众", "人", 50, 800),
               ("outcomes", "健康宣教", "场", 1, 3)],
    "surgery": [("medical_services", "手术", "台", 1, 10),
                ("training_person_times", "手术示教", "人次", 2, 15),
                ("outcomes", "新技术", "项", 1, 2)],
    "demonstration_lesson": [("training_sessions", "示范课", "节", 1, 4),
                             ("training_person_times", "观摩", "人次", 20, 150),
                             ("outcomes", "教研建议", "条", 1, 8)],
    "survey": [("outcomes", "建议", "条", 1, 20), ("outcomes", "问题", "个", 1, 15),
               ("other", "调研", "次", 1, 3)],
    "onsite_guidance": [("outcomes", "问题", "个", 1, 30),
                        ("training_person_times", "现场指导", "人次", 5, 80),
                        ("beneficiaries", "农户", "户", 10, 200)],
    "cooperation_talk": [("outcomes", "合作意向", "项", 1, 6),
                         ("projects", "协议", "份", 1, 3),
                         ("outcomes", "建议", "条", 1, 10)],
    "other": [("beneficiaries", "群众", "人", 10, 500), ("other", "帮扶", "次", 1, 5)],
}
MIXED_DOMAINS = {
    "lecture": [("medical", 45), ("education", 35), ("agriculture", 10), ("science_tech", 5),
                ("labour", 5)],
    "survey": [("agriculture", 35), ("medical", 20), ("education", 20), ("science_tech", 10),
               ("culture_tourism", 10), ("management", 5)],
    "cooperation_talk": [("management", 40), ("labour", 20), ("culture_tourism", 20),
                         ("agriculture", 20)],
    "other": [("other", 1)],
}
MIXED_DOMAINS["training_session"] = MIXED_DOMAINS["lecture"]
MIXED_DOMAINS["onsite_guidance"] = MIXED_DOMAINS["survey"]
FIXED_DOMAIN = {"ward_round": "medical", "consultation": "medical", "clinic": "medical",
                "surgery": "medical", "demonstration_lesson": "education"}
DOMAIN_WORDS = {"medical": "医疗", "education": "教育", "agriculture": "农业",
                "science_tech": "科技", "culture_tourism": "文旅", "labour": "人社",
                "management": "党政", "other": "综合"}
# Eastern organisation kinds that send people of a domain, most likely first.
SENDING_KINDS = {
    "medical": ["hospital"], "education": ["school", "university"],
    "agriculture": ["institute", "university"], "science_tech": ["institute", "university", "company"],
    "culture_tourism": ["university", "company"], "labour": ["department", "company"],
    "management": ["department"], "other": ["department", "company"],
}
TRAINING_CATEGORIES = [
    ("cadre", 10, "management"), ("rural_doctor", 12, "medical"),
    ("hospital_manager", 6, "medical"), ("medical_staff", 18, "medical"),
    ("teacher", 18, "education"), ("remote_teacher", 8, "education"),
    ("heritage_craft", 5, "culture_tourism"), ("labour_skills", 12, "labour"),
    ("agriculture", 10, "agriculture"), ("other", 1, "other"),
]
CATEGORY_LABELS = {
    "cadre": "党政干部", "rural_doctor": "乡村医生", "hospital_manager": "医院管理",
    "medical_staff": "医务人员", "teacher": "骨干教师", "remote_teacher": "远程教师",
    "heritage_craft": "非遗技艺", "labour_skills": "劳动技能", "agriculture": "农业实用技术",
    "other": "综合",
}
TRAINEE_UNITS = {
    "management": ["人民政府", "党政办", "农业农村办"], "medical": ["卫生院", "村卫生室"],
    "education": ["中心小学", "初级中学", "幼儿园"], "culture_tourism": ["文化站", "手工艺合作社"],
    "labour": ["劳务合作社", "就业服务站"], "agriculture": ["农业服务中心", "种植合作社"],
    "other": ["便民服务中心"],
}
PROJECT_CATEGORIES = [
    ("industry", 25, "产业园建设"), ("infrastructure", 12, "基础设施改造"),
    ("rural_development", 18, "和美乡村建设"), ("health", 12, "县域医共体能力提升"),
    ("education", 12, "薄弱学校改善"), ("labour", 8, "就业帮扶车间"),
    ("consumption", 6, "消费帮扶中心"), ("talent", 6, "人才培养"), ("other", 1, "综合帮扶"),
]
JOB_FAIRS = [("offline", 4, "现场招聘会"), ("online", 2, "网络招聘会"),
             ("livestream", 2, "直播带岗"), ("targeted", 2, "定向输送")]
# The measures of the yearly agreement targets (dashboard lines): (measure, agreement kind).
TARGETS = [
    ("cadres_sent", "framework"), ("cadres_received", "framework"),
    ("professionals_sent", "framework"), ("professionals_received", "framework"),
    ("funds", "framework"), ("projects", "framework"), ("consumption_sales", "framework"),
    ("positions_offered", "labour"), ("jobs", "labour"),
    ("medical_services", "health"), ("trainees", "education"),
    ("training_person_times", "education"),
]
AGREEMENT_TITLES = {
    "framework": "东西部协作框架协议", "health": "医疗卫生协作协议",
    "education": "教育与人才培训协作协议", "labour": "劳务协作协议",
}


def _weighted(rng: random.Random, pairs: Sequence[tuple]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _empty_counts() -> dict[str, int]:
    return dict.fromkeys(COUNTS, 0)


def already_loaded() -> bool:
    return Posting.objects.filter(note=MARK).exists() or Agreement.objects.filter(note=MARK).exists()


def national_pairings() -> tuple[list[Pairing], list[Pairing]]:
    """The county-level pairings of the national demo and their province parents."""
    counties = list(
        Pairing.objects.filter(note=NATIONAL_PAIRING_NOTE)
        .select_related("east_region", "west_region", "parent__east_region",
                        "parent__west_region")
        .order_by("pk")
    )
    parents = {p.parent_id: p.parent for p in counties if p.parent_id}
    return counties, [parents[k] for k in sorted(parents)]


def load_national_records(
    *,
    seed: int = 7,
    years: Iterable[int] = (2024, 2025, 2026),
    scale: float = 1.0,
    today: datetime.date | None = None,
) -> dict[str, int]:
    """Generate the records of `years` for every national-scale pairing; returns row counts.

    Does nothing (all counts 0) when the records are already there or there is no
    national-scale demo (run `xiezuo demo --scale national` first).
    """
    with transaction.atomic():
        if already_loaded():
            return _empty_counts()
        counties, provinces = national_pairings()
        if not counties:
            return _empty_counts()
        if connection.vendor == "postgresql":
            # Check foreign keys row by row instead of queueing millions of checks for COMMIT.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        generator = _Generator(
            seed=seed, years=sorted(set(years)), scale=scale,
            today=today or timezone.localdate(), counties=counties, provinces=provinces,
        )
        counts = generator.run()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # Django's foreign keys are deferred again
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        _analyze()  # fresh planner statistics for the benchmarks that follow
    return counts


def _analyze() -> None:
    models = [Posting, Engagement, Mentorship, Mentorship.apprentices.through, Event, Activity,
              ActivityMetric, Activity.people.through, TrainingClass, Trainee, Agreement,
              AgreementTarget, Project, LabourCooperation, ConsumptionAssistance]
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


class _Generator:
    def __init__(self, *, seed, years, scale, today, counties, provinces):
        self.rng = random.Random(seed)
        self.years = years
        self.scale = scale
        self.today = today
        self.counties = counties
        self.provinces = provinces
        self.counts = _empty_counts()
        # (pairing id, year, measure) → what the records give (for the agreement targets).
        self.actual: dict[tuple[int, int, str], float] = defaultdict(float)
        self.busy: dict[int, datetime.date] = {}
        # (pairing id, year) → the east→west professional postings that started.
        self.posted: dict[tuple[int, int], list[Posting]] = defaultdict(list)
        self._load_pools()

    # ---------------------------------------------------------------- pools
    def _load_pools(self) -> None:
        east_ids = {p.east_region_id for p in self.counties}
        west_ids = {p.west_region_id for p in self.counties}
        orgs = Organisation.objects.filter(
            note=SYNTHETIC_ORG_NOTE, region_id__in=east_ids | west_ids
        ).order_by("pk").values_list("pk", "name", "kind", "region_id")
        self.org_name: dict[int, str] = {}
        self.org_region: dict[int, int] = {}
        self.east_orgs: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.west_orgs: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for pk, name, kind, region_id in orgs:
            self.org_name[pk] = name
            self.org_region[pk] = region_id
            side = self.east_orgs if region_id in east_ids else self.west_orgs
            side[region_id][kind].append(pk)
            side[region_id]["*"].append(pk)
        people = Person.objects.filter(organisation_id__in=list(self.org_name)).order_by(
            "pk").values_list("pk", "name", "organisation_id", "domain", "title_level")
        self.person_org: dict[int, int] = {}
        self.person_name: dict[int, str] = {}
        self.person_domain: dict[int, str] = {}
        # region → domain → people ("*": everyone); western people also by organisation.
        self.east_people: dict[int, dict[str, list[int]]] = defaultdict(
            lambda: defaultdict(list))
        self.senior_people: dict[int, list[int]] = defaultdict(list)
        self.west_people: dict[int, list[int]] = defaultdict(list)
        self.org_people: dict[int, list[int]] = defaultdict(list)
        for pk, name, org_id, domain, level in people:
            region_id = self.org_region[org_id]
            self.person_org[pk] = org_id
            self.person_name[pk] = name
            self.person_domain[pk] = domain
            if region_id in east_ids:
                self.east_people[region_id][domain].append(pk)
                self.east_people[region_id]["*"].append(pk)
                if (level or 0) >= 4:
                    self.senior_people[region_id].append(pk)
            else:
                self.west_people[region_id].append(pk)
                self.org_people[org_id].append(pk)
        ends = Posting.objects.filter(person_id__in=list(self.person_org)).values_list(
            "person_id", "planned_end", "actual_end")
        for person_id, planned_end, actual_end in ends:
            end = max(planned_end, actual_end or planned_end)
            self.busy[person_id] = max(self.busy.get(person_id, end), end)
        # Unlinked trainee identities (name, unit) per county, drawn as classes need them.
        self.identities: dict[int, list[tuple[str, str]]] = defaultdict(list)

    # ---------------------------------------------------------------- helpers
    def _count(self, rate: float, fraction: float = 1.0) -> int:
        x = rate * self.scale * fraction
        n = int(x)
        return n + (1 if self.rng.random() < x - n else 0)

    def _window(self, year: int) -> tuple[datetime.date, datetime.date, float]:
        """The part of `year` up to today, and the share of the year it is."""
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        last = min(last, self.today)
        if last < first:
            return first, last, 0.0
        return first, last, ((last - first).days + 1) / 365

    def _day(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + self.rng.randrange((last - first).days + 1) * DAY

    def _east_org(self, region_id: int, domain: str) -> int | None:
        orgs = self.east_orgs[region_id]
        for kind in SENDING_KINDS.get(domain, []):
            if orgs.get(kind):
                return self.rng.choice(orgs[kind])
        return self.rng.choice(orgs["*"]) if orgs.get("*") else None

    def _west_org(self, region_id: int, domain: str) -> int | None:
        orgs = self.west_orgs[region_id]
        kind = {"medical": "hospital", "education": "school"}.get(domain)
        if kind and orgs.get(kind):
            return self.rng.choice(orgs[kind])
        return self.rng.choice(orgs["*"]) if orgs.get("*") else None

    def _free(self, pool: Sequence[int], start: datetime.date, tries: int = 25) -> int | None:
        if not pool:
            return None
        for _ in range(tries):
            pk = pool[self.rng.randrange(len(pool))]
            if self.busy.get(pk, datetime.date.min) < start:
                return pk
        return None

    def _bulk(self, model, objects: list, key: str) -> None:
        """Save unsaved model instances (setting their primary keys)."""
        if not objects:
            return
        if connection.vendor != "postgresql":
            model.objects.bulk_create(objects, batch_size=BATCH)
            self.counts[key] += len(objects)
            return
        now = timezone.now()
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        stamped = [f.attname for f in fields if getattr(f, "auto_now_add", False)]
        rows = []
        for obj in objects:
            row = {f.attname: getattr(obj, f.attname) for f in fields}
            row.update((name, now) for name in stamped if row[name] is None)
            rows.append(row)
        for obj, pk in zip(objects, self._insert(model, rows, key, ids=True), strict=True):
            obj.pk = pk
            obj._state.adding = False

    def _insert(self, model, rows: list[dict], key: str, *, ids: bool = False) -> list[int]:
        """Insert plain rows (attname → value); returns their primary keys when asked.

        PostgreSQL gets them by COPY (ids reserved from the table's sequence): the Django
        model layer would cost more than the database for the millions of small rows.
        """
        if not rows:
            return []
        self.counts[key] += len(rows)
        if connection.vendor != "postgresql":
            objects = [model(**row) for row in rows]
            model.objects.bulk_create(objects, batch_size=BATCH)
            return [o.pk for o in objects]
        return _copy(model, rows, ids=ids)

    # ---------------------------------------------------------------- run
    def run(self) -> dict[str, int]:
        self._postings()
        self._engagements_and_mentorships()
        self._activities()
        self._trainings()
        self._cooperation()
        self._agreements()
        return self.counts

    # ---------------------------------------------------------------- postings
    def _posting(self, *, pairing, year, person_id, host_id, direction, kind, days, post,
                 department) -> Posting:
        rng, today = self.rng, self.today
        start = self._day(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        if kind == "cadre" and direction == "east_west":  # cadres start in spring batches
            start = self._day(datetime.date(year, 3, 1), datetime.date(year, 4, 30))
        end = start + (days - 1) * DAY
        fields = {"planned_start": start, "planned_end": end}
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
        self.busy[person_id] = max(fields["planned_end"], fields.get("actual_end") or start)
        return Posting(
            person_id=person_id, host_id=host_id, direction=direction, kind=kind,
            batch=f"{year}年度", post=post, department=department, pairing_id=pairing.pk,
            note=MARK, **fields,
        )

    def _postings(self) -> None:
        rng, rows = self.rng, []
        for year in self.years:
            for pairing in self.counties:
                city, county = pairing.east_region_id, pairing.west_region_id
                people = self.east_people[city]
                for _ in range(self._count(RATES["cadres_sent"])):
                    start_floor = datetime.date(year, 3, 1)
                    person = (self._free(people.get("management", []), start_floor)
                              or self._free(people.get("labour", []), start_floor)
                              or self._free(people["*"], start_floor))
                    host = self._west_org(county, "")
                    if person is None or host is None:
                        continue
                    post = "副院长（挂职）" if host in self.west_orgs[county].get("hospital", []) \
                        else "副校长（挂职）"
                    rows.append(self._posting(
                        pairing=pairing, year=year, person_id=person, host_id=host,
                        direction="east_west", kind="cadre", days=rng.choice(DURATIONS["cadre"]),
                        post=post, department=""))
                for _ in range(self._count(RATES["professionals_sent"])):
                    kind = _weighted(rng, PROFESSIONAL_KINDS)
                    domain = KIND_DOMAIN[kind]
                    floor = datetime.date(year, 1, 1)
                    person = self._free(people.get(domain, []), floor)
                    if person is None:  # nobody of that field free: someone else goes
                        person = self._free(people["*"], floor)
                        if person is None:
                            continue
                        kind = DOMAIN_KIND.get(self.person_domain[person], "other_professional")
                        domain = KIND_DOMAIN[kind]
                    host = self._west_org(county, domain)
                    if host is None:
                        continue
                    department, post = "", "技术指导"
                    if kind == "medical":
                        department, post = rng.choice(MEDICAL_DEPARTMENTS), "科室业务指导"
                    elif kind == "education":
                        department, post = rng.choice(SUBJECTS), "任课教师"
                    rows.append(self._posting(
                        pairing=pairing, year=year, person_id=person, host_id=host,
                        direction="east_west", kind=kind,
                        days=rng.choice(DURATIONS.get(kind, OTHER_DURATIONS)), post=post,
                        department=department))
                west = self.west_people[county]
                for kind, rate in (("cadre", RATES["cadres_received"]),
                                   ("training_place", RATES["professionals_received"])):
                    for _ in range(self._count(rate)):
                        person = self._free(west, datetime.date(year, 1, 1))
                        if person is None:
                            continue
                        home = self.west_orgs[county]
                        domain = ("medical" if self.person_org[person] in home.get("hospital", [])
                                  else "education")
                        host = self._east_org(city, domain)
                        if host is None:
                            continue
                        post = "挂职锻炼" if kind == "cadre" else rng.choice(["进修", "跟岗学习"])
                        rows.append(self._posting(
                            pairing=pairing, year=year, person_id=person, host_id=host,
                            direction="west_east", kind=kind,
                            days=rng.choice(WEST_DURATIONS[kind]), post=post, department=""))
        self._bulk(Posting, rows, "postings")
        for posting in rows:
            year = posting.planned_start.year
            if posting.state in ("planned", "approved"):
                continue
            if posting.direction == "east_west":
                measure = "cadres_sent" if posting.kind == "cadre" else "professionals_sent"
                if posting.kind in ("medical", "education"):
                    self.posted[(posting.pairing_id, year)].append(posting)
            else:
                measure = "cadres_received" if posting.kind == "cadre" else "professionals_received"
            self.actual[(posting.pairing_id, year, measure)] += 1

    # ---------------------------------------------------------------- engagements, mentorships
    def _engagements_and_mentorships(self) -> None:
        rng = self.rng
        engagements, mentorships, apprentices = [], [], []
        for year in self.years:
            first, last, fraction = self._window(year)
            if not fraction:
                continue
            for pairing in self.counties:
                city, county = pairing.east_region_id, pairing.west_region_id
                for _ in range(self._count(RATES["engagements"], fraction)):
                    pool = self.senior_people[city] or self.east_people[city]["*"]
                    org = self._west_org(county, "")
                    if not pool or org is None:
                        continue
                    start = self._day(first, last)
                    end = None if rng.random() < 0.3 else start + rng.choice([365, 730, 1095]) * DAY
                    engagements.append(Engagement(
                        person_id=rng.choice(pool), organisation_id=org, start=start, end=end,
                        role=_weighted(rng, ENGAGEMENT_ROLES), note=MARK))
                    self.actual[(pairing.pk, year, "experts_engaged")] += 1
                postings = self.posted.get((pairing.pk, year), [])
                for _ in range(self._count(RATES["mentorships"], fraction)):
                    if not postings:
                        break
                    posting = rng.choice(postings)
                    locals_ = self.org_people.get(posting.host_id, [])
                    if not locals_:
                        continue
                    start = min(posting.start + rng.randrange(0, 30) * DAY, posting.end, self.today)
                    end = posting.end if posting.state in ("completed", "ended_early") else None
                    mentorship = Mentorship(
                        mentor_id=posting.person_id, host_id=posting.host_id,
                        posting_id=posting.pk, start=start, end=end,
                        plan=f"每周开展1—2次带教，手把手传授临床与教学技能。{MARK}",
                        result="徒弟能独立开展常规工作。" if end else "")
                    mentorships.append(mentorship)
                    chosen = rng.sample(locals_, min(len(locals_), rng.choice([1, 1, 2, 3])))
                    apprentices.append(chosen)
                    self.actual[(pairing.pk, year, "pairs")] += len(chosen)
        self._bulk(Engagement, engagements, "engagements")
        self._bulk(Mentorship, mentorships, "mentorships")
        through = Mentorship.apprentices.through
        links = [through(mentorship_id=m.pk, person_id=p)
                 for m, people in zip(mentorships, apprentices, strict=True) for p in people]
        self._bulk(through, links, "mentorship_apprentices")

    # ---------------------------------------------------------------- activities
    def _activity_domain(self, kind: str) -> str:
        return FIXED_DOMAIN.get(kind) or _weighted(self.rng, MIXED_DOMAINS[kind])

    def _activities(self) -> None:
        rng = self.rng
        events: list[Event] = []
        plan: list[tuple[Pairing, int, Event | None, int]] = []  # pairing, year, event, count
        for year in self.years:
            first, last, fraction = self._window(year)
            if not fraction:
                continue
            for pairing in self.counties:
                total = self._count(RATES["activities"], fraction)
                for _ in range(self._count(RATES["events"], fraction)):
                    size = min(total, rng.randint(3, 10))
                    if size < 1:
                        break
                    total -= size
                    start = self._day(first, last)
                    end = min(start + rng.randint(0, 4) * DAY, last)
                    domain = _weighted(rng, [("medical", 5), ("education", 3), ("agriculture", 2)])
                    county, city = pairing.west_region, pairing.east_region
                    event = Event(
                        name=f"{year}年{city.name}{DOMAIN_WORDS[domain]}专家团赴{county.name}帮扶活动",
                        pairing_id=pairing.pk, host_region_id=county.pk,
                        sending_org_id=self._east_org(city.pk, domain), start=start, end=end,
                        place=f"{county.name}{rng.choice(TOWNS)}", description=MARK)
                    events.append(event)
                    plan.append((pairing, year, event, size))
                plan.append((pairing, year, None, total))
        self._bulk(Event, events, "events")

        buffer: list[tuple[dict, list[tuple], list[int]]] = []
        for pairing, year, event, size in plan:
            first, last, _ = self._window(year)
            if event is not None:
                first, last = event.start, event.end
            county, city = pairing.west_region, pairing.east_region
            posted = self.posted.get((pairing.pk, year), [])
            for _ in range(size):
                kind = _weighted(rng, ACTIVITY_KINDS)
                domain = self._activity_domain(kind)
                host = self._west_org(county.pk, domain)
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
                    "date": self._day(first, last), "domain": domain, "host_id": host,
                    "sending_org_id": self._east_org(city.pk, domain), "pairing_id": pairing.pk,
                    "event_id": event.pk if event else None,
                    "place": f"{county.name}{rng.choice(TOWNS)}", "description": MARK}
                people = []
                if posted and rng.random() < 0.4:
                    people = list({p.person_id for p in rng.sample(posted, min(len(posted),
                                                                            rng.choice([1, 1, 2])))})
                for ind, _subj, _unit, value in metrics:
                    self.actual[(pairing.pk, year, ind)] += value
                buffer.append((activity, metrics, people))
                if len(buffer) >= 2 * BATCH:
                    self._flush_activities(buffer)
                    buffer = []
        self._flush_activities(buffer)

    def _flush_activities(self, buffer) -> None:
        if not buffer:
            return
        pks = self._insert(Activity, [a for a, _, _ in buffer], "activities", ids=True)
        metrics = [
            {"activity_id": pk, "indicator": ind, "subject": subj, "unit": unit,
             "value": Decimal(value)}
            for pk, (_, rows, _) in zip(pks, buffer, strict=True)
            for ind, subj, unit, value in rows
        ]
        self._insert(ActivityMetric, metrics, "activity_metrics")
        links = [{"activity_id": pk, "person_id": p}
                 for pk, (_, _, people) in zip(pks, buffer, strict=True) for p in people]
        self._insert(Activity.people.through, links, "activity_people")

    # ---------------------------------------------------------------- trainings
    def _identity(self, county) -> tuple[str, str]:
        domain = self.rng.choice(list(TRAINEE_UNITS))
        unit = f"{county.name}{self.rng.choice(TOWNS)}{self.rng.choice(TRAINEE_UNITS[domain])}"
        return person_name(self.rng), unit

    def _trainings(self) -> None:
        rng = self.rng
        buffer: list[tuple[dict, list[dict]]] = []
        pending = 0
        for year in self.years:
            first, last, fraction = self._window(year)
            if not fraction:
                continue
            for pairing in self.counties:
                county, city = pairing.west_region, pairing.east_region
                classes = self._count(RATES["classes"], fraction)
                pool = self.identities[county.pk]
                # Enough identities that people come back for later classes (~2 each).
                wanted = max(80, int(RATES["classes"] * self.scale * len(self.years) * 40 / 2))
                seen = set(pool)
                while len(pool) < wanted:
                    identity = self._identity(county)
                    if identity not in seen:
                        seen.add(identity)
                        pool.append(identity)
                distinct: set = set()
                for number in range(1, classes + 1):
                    category = _weighted(rng, TRAINING_CATEGORIES)
                    domain = next(d for c, _, d in TRAINING_CATEGORIES if c == category)
                    if category == "remote_teacher":
                        mode, days, sessions = "remote", rng.randint(14, 60), rng.randint(4, 20)
                    else:
                        mode = _weighted(rng, [("on_site", 8), ("mixed", 1), ("remote", 1)])
                        days = rng.randint(1, 10)
                        sessions = max(1, days * rng.choice([1, 1, 2]))
                    start = self._day(first, max(first, last - (days - 1) * DAY))
                    end = min(start + (days - 1) * DAY, last)
                    in_east = rng.random() < 0.6
                    organiser = (self._east_org(city.pk, domain) if in_east
                                 else self._west_org(county.pk, domain))
                    if organiser is None:
                        continue
                    klass = {
                        "name": f"{year}年{county.name}{CATEGORY_LABELS[category]}培训班（第{number}期）",
                        "category": category, "mode": mode, "organiser_id": organiser,
                        "pairing_id": pairing.pk, "trainee_region_id": county.pk,
                        "place": city.name if in_east else county.name, "start": start,
                        "end": end, "sessions": sessions, "description": MARK}
                    size = rng.randint(20, 60)
                    linked_pool = self.west_people[county.pk]
                    linked = rng.sample(linked_pool, min(len(linked_pool),
                                                         int(size * rng.uniform(0.05, 0.25))))
                    names = rng.sample(pool, min(len(pool), size - len(linked)))
                    trainees = []
                    for person_id in linked:
                        org_id = self.person_org[person_id]
                        trainees.append(self._trainee(
                            sessions, person_id=person_id, name=self.person_name[person_id],
                            organisation_id=org_id, organisation_name=self.org_name[org_id]))
                    for name, unit in names:
                        trainees.append(self._trainee(sessions, name=name, organisation_name=unit))
                    attended = [t for t in trainees if t["sessions_attended"]]
                    key = (pairing.pk, year)
                    self.actual[key + ("training_person_times",)] += len(attended)
                    self.actual[key + ("training_sessions",)] += 1
                    distinct.update(t.get("person_id") or (t["name"], t["organisation_name"])
                                    for t in attended)
                    buffer.append((klass, trainees))
                    pending += len(trainees)
                    if pending >= 2 * BATCH:
                        self._flush_classes(buffer)
                        buffer, pending = [], 0
                self.actual[(pairing.pk, year, "trainees")] += len(distinct)
        self._flush_classes(buffer)

    def _trainee(self, sessions: int, **fields) -> dict:
        rng = self.rng
        if rng.random() < 0.85:
            attended = rng.randint(max(1, math.ceil(sessions * 0.6)), sessions)
            completed = True
        else:
            attended, completed = rng.randint(0, sessions - 1), False
        return {"sessions_attended": attended, "completed": completed, "note": MARK, **fields}

    def _flush_classes(self, buffer) -> None:
        if not buffer:
            return
        pks = self._insert(TrainingClass, [k for k, _ in buffer], "training_classes", ids=True)
        rows = []
        for pk, (_, trainees) in zip(pks, buffer, strict=True):
            for trainee in trainees:
                trainee["training_class_id"] = pk
                rows.append(trainee)
        self._insert(Trainee, rows, "trainees")

    # ---------------------------------------------------------------- cooperation records
    def _cooperation(self) -> None:
        rng = self.rng
        projects, labour, consumption = [], [], []
        for year in self.years:
            first, last, fraction = self._window(year)
            for pairing in self.counties + self.provinces:
                is_province = pairing.level == "province_province"
                county, city = pairing.west_region, pairing.east_region
                west_orgs = self.west_orgs.get(county.pk, {}).get("*", [])
                for _ in range(rng.randint(2, 4) if is_province else rng.randint(7, 13)):
                    category = _weighted(rng, PROJECT_CATEGORIES)
                    label = next(t for c, _, t in PROJECT_CATEGORIES if c == category)
                    funds = int(round(10 ** rng.uniform(5, 7), -3))
                    start = self._day(datetime.date(year, 1, 1), datetime.date(year, 6, 30))
                    end = start + rng.randint(90, 540) * DAY
                    if start > self.today:
                        status = "planned"
                    elif end < self.today:
                        status = "cancelled" if rng.random() < 0.03 else "completed"
                    else:
                        status = "in_progress"
                    projects.append(Project(
                        name=f"{year}年{county.name}{label}项目", category=category,
                        pairing_id=pairing.pk,
                        organisation_id=rng.choice(west_orgs) if west_orgs else None,
                        year=year, funds=Decimal(funds), status=status, start=start, end=end,
                        note=MARK))
                    if status != "cancelled":
                        self.actual[(pairing.pk, year, "funds")] += funds
                        self.actual[(pairing.pk, year, "projects")] += 1
                if not fraction:
                    continue
                for _ in range(rng.randint(1, 3) if is_province else rng.randint(2, 6)):
                    kind = _weighted(rng, JOB_FAIRS)
                    label = next(t for k, _, t in JOB_FAIRS if k == kind)
                    positions = rng.randint(50, 3000 if is_province else 1500)
                    hired = int(positions * rng.uniform(0.1, 0.45))
                    in_east = int(hired * rng.uniform(0.3, 0.7))
                    local = int((hired - in_east) * rng.uniform(0.5, 1.0))
                    labour.append(LabourCooperation(
                        title=f"{year}年{city.name}—{county.name}{label}", kind=kind,
                        pairing_id=pairing.pk, date=self._day(first, last),
                        positions_offered=positions, people_hired=hired,
                        employed_locally=local, employed_in_east=in_east, note=MARK))
                    self.actual[(pairing.pk, year, "positions_offered")] += positions
                    self.actual[(pairing.pk, year, "jobs")] += hired
                for number in range(1, rng.randint(1, 2) + 1):
                    sales = int(round(10 ** rng.uniform(6, 8.3 if is_province else 8) * fraction, -2))
                    channel = "消费帮扶专馆" if number == 1 else "线上直播带货"
                    consumption.append(ConsumptionAssistance(
                        title=f"{year}年{county.name}产品进{city.name}{channel}",
                        pairing_id=pairing.pk, year=year,
                        companies_registered=rng.randint(5, 80),
                        cooperatives_registered=rng.randint(2, 50),
                        sales=Decimal(sales), note=MARK))
                    self.actual[(pairing.pk, year, "consumption_sales")] += sales
        self._bulk(Project, projects, "projects")
        self._bulk(LabourCooperation, labour, "labour_cooperation")
        self._bulk(ConsumptionAssistance, consumption, "consumption_assistance")

    # ---------------------------------------------------------------- agreements
    def _agreements(self) -> None:
        rng = self.rng
        first_year, last_year = self.years[0], self.years[-1]
        # A province pairing's figures are its own plus its counties'.
        for pairing in self.counties:
            if pairing.parent_id:
                for year in self.years:
                    for measure, _ in TARGETS:
                        value = self.actual.get((pairing.pk, year, measure), 0)
                        self.actual[(pairing.parent_id, year, measure)] += value
        agreements, targets = [], []
        for pairing in self.counties + self.provinces:
            county, city = pairing.west_region, pairing.east_region
            kinds = ["framework", "health", "education"]
            if pairing.level == "province_province" or rng.random() < 0.5:
                kinds.append("labour")
            made = {}
            for number, kind in enumerate(kinds, start=1):
                start = datetime.date(first_year, 1, 1)
                east_party = west_party = None
                if kind in ("health", "education"):
                    domain = "medical" if kind == "health" else "education"
                    east_party = self._east_org(city.pk, domain)
                    west_party = self._west_org(county.pk, domain)
                agreement = Agreement(
                    title=f"{city.name}—{county.name}{AGREEMENT_TITLES[kind]}", kind=kind,
                    pairing_id=pairing.pk, east_party_id=east_party, west_party_id=west_party,
                    signed_on=start - rng.randint(10, 60) * DAY, start=start,
                    end=datetime.date(last_year, 12, 31),
                    reference=f"协字〔{first_year}〕{pairing.pk % 1000}-{number}号", note=MARK)
                agreements.append(agreement)
                made[kind] = agreement
            for measure, kind in TARGETS:
                agreement = made.get(kind, made["framework"])
                for year in self.years:
                    _, _, fraction = self._window(year)
                    value = self.actual.get((pairing.pk, year, measure), 0)
                    expected = value / fraction if fraction else value * 1.1
                    targets.append((agreement, year, measure, _target(expected * rng.uniform(0.85, 1.2),
                                                                      measure)))
        self._bulk(Agreement, agreements, "agreements")
        rows = [AgreementTarget(agreement_id=a.pk, year=year, measure=measure, target=target)
                for a, year, measure, target in targets]
        self._bulk(AgreementTarget, rows, "agreement_targets")


def _copy(model, rows: list[dict], *, ids: bool) -> list[int]:
    """COPY rows into the model's table; fields a row leaves out get their defaults."""
    from psycopg import sql

    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    columns = [f.column for f in fields]
    pks: list[int] = []
    with connection.cursor() as cursor:
        if ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(rows)],
            )
            pks = [row[0] for row in cursor.fetchall()]
            columns = [meta.pk.column, *columns]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns)))
        names = [f.attname for f in fields]
        with cursor.cursor.copy(statement) as copy:
            if ids:
                for pk, row in zip(pks, rows, strict=True):
                    copy.write_row([pk, *(row.get(n, defaults[n]) for n in names)])
            else:
                for row in rows:
                    copy.write_row([row.get(n, defaults[n]) for n in names])
    return pks


def _target(value: float, measure: str) -> Decimal:
    """A round target: whole 10,000 元 for money, two significant digits for large counts."""
    if measure in ("funds", "consumption_sales"):
        return Decimal(max(10_000, int(round(value, -4))))
    value = max(1, round(value))
    if value >= 100:
        digits = len(str(value)) - 2
        value = round(value, -digits)
    return Decimal(value)

"""Clearly synthetic people (and, at national scale, organisations and pairings).

Names are drawn from common surnames and given-name characters; every person carries
the note “演示数据（虚构人物）” so nobody mistakes them for real people.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Iterator

from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Availability, Person
from xiezuo.reference.models import Specialty
from xiezuo.reference.selectors import find_specialty

SYNTHETIC_NOTE = "演示数据（虚构人物）"
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华文辉玉燕鹏飞志丹宇欣怡浩然涵远晨曦桐佳琪博俊"
    "梓萱鸣雪松林峰海波琳颖婷倩瑶晓东升国庆建新春红梅旭阳振宁泽凯晴雯璐婧昊天瑞哲睿诚思源"
)
# (title, level) per domain, most common first.
TITLES: dict[str, list[tuple[str, int]]] = {
    "medical": [("主治医师", 3), ("副主任医师", 4), ("主任医师", 5), ("医师", 2), ("主管护师", 3)],
    "education": [("一级教师", 3), ("高级教师", 4), ("二级教师", 2), ("正高级教师", 5)],
    "agriculture": [("农艺师", 3), ("高级农艺师", 4), ("农业技术推广研究员", 5), ("助理农艺师", 2)],
    "science_tech": [
        ("工程师", 3),
        ("高级工程师", 4),
        ("正高级工程师", 5),
        ("助理研究员", 3),
        ("副研究员", 4),
    ],
    "culture_tourism": [("副教授", 4), ("教授", 5), ("讲师", 3)],
    "labour": [("经济师", 3), ("高级经济师", 4), ("助理经济师", 2)],
    "management": [("", 0)],
}
POSITIONS: dict[str, list[str]] = {
    "medical": ["科室主任", "科室副主任", "医疗组长", "住院总医师", ""],
    "education": ["教研组长", "年级主任", "班主任", "副校长", ""],
    "agriculture": ["站长", "技术骨干", "团队负责人", ""],
    "science_tech": ["项目负责人", "技术骨干", "实验室主任", ""],
    "culture_tourism": ["副院长", "系主任", ""],
    "labour": ["科长", "业务骨干", ""],
    "management": ["副局长", "科长", "副科长", "主任科员", "副县长（挂职）"],
}
KIND_DOMAINS: dict[str, list[str]] = {
    "hospital": ["medical"],
    "school": ["education"],
    "university": ["education", "agriculture", "science_tech", "culture_tourism"],
    "institute": ["agriculture", "science_tech"],
    "company": ["science_tech", "culture_tourism", "labour"],
    "cooperative": ["agriculture"],
    "department": ["management", "labour"],
    "other": ["other"],
}
# The specialties most often asked for and sent; the rest of the vocabulary is the long tail.
COMMON_MEDICAL = ("骨科", "神经外科", "普通外科", "心血管内科", "呼吸内科", "消化内科", "急诊医学科",
                  "麻醉科", "儿科", "妇产科", "眼科", "耳鼻咽喉科", "口腔科", "医学影像科", "中医科",
                  "康复医学科", "重症医学科", "肿瘤科", "泌尿外科", "神经内科", "内分泌", "肾病学")
MODE_SETS = (
    ["long_posting"],
    ["long_posting", "short_visit"],
    ["short_visit", "remote"],
    ["long_posting", "short_visit", "remote"],
    ["training_place"],
)


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


class PeopleFactory:
    """Makes unsaved synthetic Person and Availability rows for given organisations."""

    def __init__(self, seed: int, today: datetime.date | None = None) -> None:
        self.rng = random.Random(seed)
        self.today = today or datetime.date.today()
        by_domain: dict[str, list[Specialty]] = {}
        for specialty in Specialty.objects.filter(children__isnull=True).order_by("code"):
            by_domain.setdefault(specialty.domain, []).append(specialty)
        self.specialties = by_domain
        common = [find_specialty(name, domain="medical") for name in COMMON_MEDICAL]
        self.common = {"medical": [c for c in common if c is not None]}

    def _specialty(self, domain: str) -> Specialty | None:
        choices = self.specialties.get(domain)
        if not choices:
            return None
        if self.common.get(domain) and self.rng.random() < 0.8:
            return self.rng.choice(self.common[domain])
        # A long tail: a few specialties are common, most are rare.
        index = min(int(self.rng.paretovariate(1.2)) - 1, len(choices) - 1)
        return choices[(index * 7) % len(choices)]

    def person(self, org: Organisation) -> Person:
        rng = self.rng
        domain = rng.choice(KIND_DOMAINS.get(org.kind, ["other"]))
        title, level = rng.choice(TITLES.get(domain, [("", 0)]))
        specialty = self._specialty(domain)
        return Person(
            name=person_name(rng),
            gender=rng.choice(["male", "female"]),
            organisation=org,
            domain=domain,
            specialty=specialty,
            specialty_text="" if specialty else "综合管理",
            title=title,
            title_level=level or None,
            position=rng.choice(POSITIONS.get(domain, [""])),
            note=SYNTHETIC_NOTE,
        )

    def window(self, person: Person) -> Availability:
        start = self.today + datetime.timedelta(days=self.rng.randrange(0, 365))
        end = start + datetime.timedelta(days=self.rng.choice([90, 180, 365, 540, 730]))
        return Availability(person=person, start=start, end=end, modes=self.rng.choice(MODE_SETS))


def create_people(
    factory: PeopleFactory,
    plan: Iterable[tuple[Organisation, int]],
    *,
    with_availability: bool,
    batch: int = 5000,
) -> int:
    """Bulk-create people for (organisation, count) pairs; returns how many."""
    total = 0
    for chunk in _chunks(((org, n) for org, n in plan), batch, factory, with_availability):
        people, windows = chunk
        Person.objects.bulk_create(people, batch_size=batch)
        for window in windows:
            window.person_id = window.person.pk
        Availability.objects.bulk_create(windows, batch_size=batch)
        total += len(people)
    return total


def _chunks(
    plan: Iterable[tuple[Organisation, int]], batch: int, factory: PeopleFactory,
    with_availability: bool,
) -> Iterator[tuple[list[Person], list[Availability]]]:
    people: list[Person] = []
    windows: list[Availability] = []
    for org, count in plan:
        for _ in range(count):
            person = factory.person(org)
            people.append(person)
            if with_availability:
                windows.append(factory.window(person))
            if len(people) >= batch:
                yield people, windows
                people, windows = [], []
    if people:
        yield people, windows

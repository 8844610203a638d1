"""Demo needs (需求清单) of four western units and a 组团式 team need, with a few eastern
candidates who fit them: `load_needs_demo()` after `xiezuo demo`. Idempotent.

Dates are placed after today so a matching round has something to propose.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction

from xiezuo.demo.synthetic import SYNTHETIC_NOTE
from xiezuo.needs import services
from xiezuo.needs.models import TeamNeed
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Availability, Person
from xiezuo.reference.models import Specialty
from xiezuo.vocab.specialties import resolve_specialty

TEAM_NAME = "巫山县中医院组团式帮扶医疗队"
# (organisation, domain, specialty, slots, min title level, mode, days, priority, problem)
NEEDS = [
    ("巫山县中医院", "medical", "神经外科", 1, 4, "long_posting", 365, 5,
     "开展颅脑外伤和脑出血急诊手术，带出一支神经外科团队"),
    ("巫山县中医院", "medical", "骨科", 1, 3, "short_visit", 30, 3, "关节镜手术示教与查房"),
    ("石柱县人民医院", "medical", "急诊", 1, 4, "long_posting", 180, 4, "建设胸痛、卒中、创伤中心"),
    ("石柱县人民医院", "medical", "麻醉", 1, 3, "long_posting", 180, 4, "开展舒适化医疗和无痛分娩"),
    ("平塘县人民医院", "medical", "儿科", 2, 3, "long_posting", 180, 4, "新生儿救治能力提升"),
    ("开州中学", "education", "信息技术", 1, 3, "long_posting", 300, 3, "开设人工智能与编程课程"),
    ("开州中学", "education", "数学", 1, 4, "remote", 300, 2, "高三数学备考远程教研"),
]
# Team roles: (role, specialty, min level, management experience)
TEAM_ROLES = [("队长", "内科", 4, True), ("急诊科", "急诊", 3, False), ("内科", "内科", 3, False),
              ("外科", "外科", 3, False), ("麻醉科", "麻醉", 3, False)]
# Eastern candidates: (name, organisation, domain, specialty, title, level, position)
CANDIDATES = [
    ("鲁神外", "烟台山医院", "medical", "神经外科", "主任医师", 5, "神经外科主任"),
    ("鲁骨科", "烟台山医院", "medical", "骨科", "主治医师", 3, ""),
    ("鲁急诊", "山东省中医院", "medical", "急诊", "副主任医师", 4, ""),
    ("鲁麻醉", "山东省中医院", "medical", "麻醉", "主治医师", 3, ""),
    ("粤儿科甲", "广州市第一人民医院", "medical", "儿科", "主治医师", 3, ""),
    ("粤儿科乙", "广州医科大学附属第二医院", "medical", "儿科", "副主任医师", 4, ""),
    ("潍信息", "潍坊市第一中学", "education", "信息技术", "一级教师", 3, ""),
    ("潍数学", "潍坊市第一中学", "education", "数学", "高级教师", 4, "教研组长"),
    ("烟队长", "烟台山医院", "medical", "内科", "主任医师", 5, "副院长"),
    ("烟急诊", "烟台山医院", "medical", "急诊", "主治医师", 3, ""),
    ("烟内科", "烟台山医院", "medical", "内科", "主治医师", 3, ""),
    ("烟外科", "烟台山医院", "medical", "外科", "副主任医师", 4, ""),
    ("烟麻醉", "烟台山医院", "medical", "麻醉", "主治医师", 3, ""),
]
MODES = ["long_posting", "short_visit", "remote", "training_place"]


def _system() -> User:
    """The demo loader acts as an administrator: a superuser that is never stored."""
    return User(username="demo-loader", is_superuser=True, is_active=True)


def _specialty(name: str, domain: str) -> Specialty | None:
    found = resolve_specialty(name, domain=domain)
    return Specialty.objects.filter(code=found.code).first() if found else None


def load_needs_demo(today: datetime.date | None = None) -> int:
    """Create the demo needs once; returns how many needs were created (0 on a rerun)."""
    today = today or datetime.date.today()
    if TeamNeed.objects.filter(name=TEAM_NAME).exists():
        return 0
    actor = _system()
    start = today + datetime.timedelta(days=60)
    created = 0
    with transaction.atomic():
        for name, org, domain, spec, title, level, position in CANDIDATES:
            person, new = Person.objects.get_or_create(
                name=name, organisation=Organisation.objects.get(name=org),
                defaults={"domain": domain, "specialty": _specialty(spec, domain), "title": title,
                          "title_level": level, "position": position, "note": SYNTHETIC_NOTE})
            if new:
                Availability.objects.create(person=person, start=today,
                                            end=today + datetime.timedelta(days=800), modes=MODES)
        for org, domain, spec, slots, level, mode, days, priority, problem in NEEDS:
            need = services.create_need(
                actor=actor, organisation=Organisation.objects.get(name=org), domain=domain,
                specialty=_specialty(spec, domain), specialty_text="" if _specialty(spec, domain)
                else spec, slots=slots, min_title_level=level, mode=mode, start=start,
                end=start + datetime.timedelta(days=days - 1), min_days=min(days, 30),
                priority=priority, problem=problem)
            services.publish_directly(actor=actor, need=need)
            created += 1
        team = services.create_team_need(
            actor=actor, name=TEAM_NAME, organisation=Organisation.objects.get(name="巫山县中医院"),
            domain="medical", start=start + datetime.timedelta(days=30),
            end=start + datetime.timedelta(days=394), min_days=365, same_source="org",
            problem="一年期组团式帮扶：院长带队，急诊、内科、外科、麻醉科各一人")
        for role, spec, level, lead in TEAM_ROLES:
            need = services.add_role(actor=actor, team=team, role=role,
                                     specialty=_specialty(spec, "medical"), slots=1,
                                     min_title_level=level, requires_management=lead, priority=4)
            services.publish_directly(actor=actor, need=need)
            created += 1
    return created

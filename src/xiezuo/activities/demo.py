"""Demo activities, events and trainings, after the sample reports (鲁渝协作).

Call `load_activities_demo()` after `load_registry()` (and the synthetic people, which it
links a few trainees to). Idempotent: a second call does nothing and returns {}.

- the four-day visit of three 烟台 expert groups to 巫山 (April 2025): free clinics
  (202 patient-visits), trainings (320 person-times), a survey and a cooperation talk
  (32 problems, 58 suggestions, 11 cooperation intents);
- lectures and demonstration lessons of 潍坊 teachers in 开州 (2025 and 2026);
- two training classes in 巫山 (乡村医生培训班, 非遗手工艺培训班) with synthetic trainees,
  all named “演示学员…”: some in both classes, some who did not complete, two absent.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from xiezuo.activities import services
from xiezuo.activities.models import Event
from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Pairing, Region

D = datetime.date
EVENT_NAME = "烟台市三个专家组赴巫山县帮扶活动（四天）"
KZ_EVENT_NAME = "潍坊名师赴开州送教周"
TOWNS = ("大昌镇", "福田镇", "龙溪镇", "官渡镇", "骡坪镇", "庙宇镇", "双龙镇", "铜鼓镇")


class _System:
    """The demo loader acts as an administrator."""

    is_authenticated = True
    is_superuser = True
    is_active = True
    pk = None


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _pairing(east: str, west: str, level: str = "city_county") -> Pairing | None:
    return Pairing.objects.filter(east_region__code=east, west_region__code=west, level=level).first()


def _figure(indicator, value, unit="", subject=""):
    return {"indicator": indicator, "value": value, "unit": unit, "subject": subject}


def load_activities_demo() -> dict[str, int]:
    if Event.objects.filter(name=EVENT_NAME).exists():
        return {}
    actor = _System()
    counts = {"events": 0, "activities": 0, "classes": 0, "trainees": 0}
    with transaction.atomic():
        counts_ws = _wushan_visit(actor)
        counts_kz = _kaizhou_lessons(actor)
        counts_tr = _trainings(actor)
    for part in (counts_ws, counts_kz, counts_tr):
        for key, value in part.items():
            counts[key] += value
    return counts


def _activities(actor, rows, **common) -> int:
    for row in rows:
        services.create_activity(actor=actor, **common, **row)
    return len(rows)


def _wushan_visit(actor) -> dict[str, int]:
    ytsh, ws_tcm = _org("烟台山医院"), _org("巫山县中医院")
    cau, ldu, tuerping = _org("中国农业大学烟台研究院"), _org("鲁东大学"), _org("重庆兔儿坪农业开发有限公司")
    pairing = _pairing("370600", "500237")
    event = services.create_event(
        actor=actor, name=EVENT_NAME, pairing=pairing, host_region=Region.objects.get(code="500237"),
        start=D(2025, 4, 14), end=D(2025, 4, 17), place="巫山县",
        description="烟台市医疗、农业、教育科技三个专家组到巫山县开展为期四天的帮扶活动：义诊、培训、"
                    "产业调研和合作座谈。")
    rows = [
        {"kind": "clinic", "title": "烟台山医院专家组县城义诊", "date": D(2025, 4, 14),
         "domain": "medical", "host": ws_tcm, "sending_org": ytsh, "place": "巫山县中医院门诊楼",
         "metrics": [_figure("medical_services", 120, "人次")]},
        {"kind": "clinic", "title": "烟台山医院专家组乡镇义诊", "date": D(2025, 4, 15),
         "domain": "medical", "host": ws_tcm, "sending_org": ytsh, "place": "巫山县大昌镇",
         "metrics": [_figure("medical_services", 82, "人次")]},
        {"kind": "training_session", "title": "县乡医护人员业务培训", "date": D(2025, 4, 15),
         "domain": "medical", "host": ws_tcm, "sending_org": ytsh,
         "metrics": [_figure("training_person_times", 180, "人次"),
                     _figure("training_sessions", 3, "场")]},
        {"kind": "training_session", "title": "脆李种植与食用菌栽培技术培训", "date": D(2025, 4, 16),
         "domain": "agriculture", "host": tuerping, "sending_org": cau,
         "metrics": [_figure("training_person_times", 140, "人次"),
                     _figure("training_sessions", 2, "场")]},
        {"kind": "survey", "title": "巫山县特色产业调研", "date": D(2025, 4, 16),
         "domain": "agriculture", "host": tuerping, "sending_org": cau,
         "metrics": [_figure("outcomes", 32, "个", "问题"), _figure("outcomes", 58, "条", "建议")]},
        {"kind": "cooperation_talk", "title": "烟巫校地校企合作座谈会", "date": D(2025, 4, 17),
         "domain": "science_tech", "host": ws_tcm, "sending_org": ldu,
         "metrics": [_figure("outcomes", 11, "项", "合作意向")]},
    ]
    n = _activities(actor, rows, pairing=pairing, event=event)
    return {"events": 1, "activities": n}


def _kaizhou_lessons(actor) -> dict[str, int]:
    wf_school, kz_school = _org("潍坊市第一中学"), _org("开州中学")
    pairing = _pairing("370700", "500154", "school_school") or _pairing("370700", "500154")
    event = services.create_event(
        actor=actor, name=KZ_EVENT_NAME, pairing=pairing, host_region=Region.objects.get(code="500154"),
        sending_org=_org("潍坊市教育局"), start=D(2026, 3, 9), end=D(2026, 3, 13), place="开州中学",
        description="潍坊支教教师与名师在开州上示范课、开专题讲座。")
    common = {"domain": "education", "host": kz_school, "sending_org": wf_school, "pairing": pairing}
    rows = [
        {"kind": "demonstration_lesson", "title": "高一数学示范课：函数的单调性", "date": D(2026, 3, 9),
         "event": event, "metrics": [_figure("training_person_times", 46, "人次")]},
        {"kind": "lecture", "title": "新高考背景下的物理教学专题讲座", "date": D(2026, 3, 10),
         "event": event, "metrics": [_figure("training_person_times", 120, "人次")]},
        {"kind": "demonstration_lesson", "title": "信息技术示范课：编程入门", "date": D(2026, 3, 12),
         "event": event, "metrics": [_figure("training_person_times", 38, "人次")]},
        {"kind": "lecture", "title": "班主任工作经验交流讲座", "date": D(2025, 11, 20),
         "metrics": [_figure("training_person_times", 85, "人次")]},
        {"kind": "demonstration_lesson", "title": "高二英语阅读示范课", "date": D(2025, 10, 15),
         "metrics": [_figure("training_person_times", 42, "人次")]},
    ]
    n = _activities(actor, rows, **common)
    return {"events": 1, "activities": n}


def _trainings(actor) -> dict[str, int]:
    ws_tcm, tuerping = _org("巫山县中医院"), _org("重庆兔儿坪农业开发有限公司")
    pairing = _pairing("370600", "500237")
    region = Region.objects.get(code="500237")
    doctors = services.create_training_class(
        actor=actor, name="乡村医生培训班", category="rural_doctor", mode="on_site", organiser=ws_tcm,
        pairing=pairing, trainee_region=region, place="巫山县中医院", start=D(2025, 6, 9),
        end=D(2025, 6, 13), sessions=5, description="烟台山医院专家授课，面向全县乡村医生。")
    crafts = services.create_training_class(
        actor=actor, name="非遗手工艺培训班", category="heritage_craft", mode="mixed",
        organiser=tuerping, pairing=pairing, trainee_region=region, place="巫山县",
        start=D(2026, 3, 16), end=D(2026, 3, 20), sessions=4,
        description="竹编、剪纸等非遗手工艺，帮助留守妇女居家就业。")
    created = 0
    # 乡村医生培训班: five registry people of 巫山县中医院 (when the demo has them) and
    # synthetic village doctors; every seventh did not complete, two never came.
    for person in ws_tcm.people.order_by("pk")[:5]:
        services.create_trainee(actor=actor, training_class=doctors, person=person,
                                sessions_attended=5, completed=True)
        created += 1
    for i in range(1, 26):
        town = TOWNS[i % len(TOWNS)]
        absent = i in (11, 23)
        attended = 0 if absent else (3 if i % 7 == 0 else 5)
        services.create_trainee(
            actor=actor, training_class=doctors, name=f"演示学员{i:02d}",
            organisation_name=f"巫山县{town}{'中心' if i % 2 else ''}卫生院",
            sessions_attended=attended, completed=attended == 5,
            note="缺席" if absent else "")
        created += 1
    # 非遗手工艺培训班: eight of the same people (same name and organisation) and 22 others.
    for i in range(1, 31):
        both = i <= 8
        number = i if both else 30 + i
        town = TOWNS[number % len(TOWNS)]
        organisation_name = (f"巫山县{town}{'中心' if number % 2 else ''}卫生院" if both
                             else f"巫山县{town}（村民）")
        attended = 2 if i % 6 == 0 else 4
        services.create_trainee(
            actor=actor, training_class=crafts, name=f"演示学员{number:02d}",
            organisation_name=organisation_name, sessions_attended=attended,
            completed=attended == 4)
        created += 1
    return {"classes": 2, "trainees": created}

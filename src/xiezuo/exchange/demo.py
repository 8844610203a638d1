"""Demo data of the exchange, after the sample report (鲁渝协作): call `load_exchange_demo()`
after `load_registry()` and the synthetic people. Idempotent: a second call does nothing.

Real names are those the published report gives (张树栋, 施宏志, 刘永智, 王建瑞, 马净洁,
马亚); everyone else is synthetic. Dates are placed around today so the overview and the
alerts have something to show.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction

from xiezuo.demo.synthetic import SYNTHETIC_NOTE
from xiezuo.exchange import services
from xiezuo.exchange.models import Programme, ProgrammeRule
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person

PROGRAMME = "鲁渝东西部协作（山东—重庆）"
TEACHERS = [("刘永智", "信息技术"), ("孙晓东", "体育"), ("周婷", "科学"), ("李雯", "音乐"),
            ("赵博", "美术"), ("陈佳琪", "语文"), ("王磊", "数学"), ("杨欣怡", "英语"),
            ("吴浩然", "物理"), ("郑倩", "心理健康")]
SERVICE_TEAMS = [("食用菌团队", 8), ("农产品贮运保鲜与绿色加工服务团队", 6),
                 ("农林作物遗传改良中心团队", 6), ("智慧农业与大数据服务团队", 5),
                 ("现代物流供应链服务团队", 5), ("全域旅游服务团队", 4)]


def _system() -> User:
    """The demo loader acts as an administrator: a superuser that is never saved, so no
    user is recorded on its events."""
    return User(username="xiezuo-demo", is_superuser=True)


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


REPORT_NAMES = {"张树栋", "施宏志", "刘永智", "王建瑞", "马净洁", "马亚"}
REPORT_NOTE = "公开报道中的人物（演示数据：仅姓名与报道内容，无个人信息）"


def _person(name: str, org: Organisation, *, domain: str, specialty: str, title: str = "",
            title_level: int | None = None, position: str = "") -> Person:
    person, _created = Person.objects.get_or_create(
        name=name, organisation=org,
        defaults={"domain": domain, "specialty_text": specialty, "title": title,
                  "title_level": title_level, "position": position,
                  "note": REPORT_NOTE if name in REPORT_NAMES else SYNTHETIC_NOTE},
    )
    return person


def _locals(org: Organisation, count: int, exclude: Iterable[Person] = ()) -> list[Person]:
    return list(org.people.exclude(pk__in=[p.pk for p in exclude]).order_by("pk")[:count])


def load_exchange_demo(today: datetime.date | None = None) -> dict[str, int]:
    if Programme.objects.filter(name=PROGRAMME).exists():
        return {}
    today = today or datetime.date.today()
    day = datetime.timedelta(days=1)
    actor = _system()
    with transaction.atomic():
        programme = Programme.objects.create(
            name=PROGRAMME, is_default=not Programme.objects.filter(is_default=True).exists(),
            team_min_days=365, team_severity="warning",
            note="组团式医疗帮扶队员不少于半年，组团批次不少于一年。")
        ProgrammeRule.objects.create(programme=programme, kind="medical", team_members_only=True,
                                     min_days=180, severity="error")
        ProgrammeRule.objects.create(programme=programme, kind="cadre", min_days=365,
                                     severity="warning")
        ytsh, ws_tcm = _org("烟台山医院"), _org("巫山县中医院")

        # 张树栋: retired president of 烟台山医院, chief expert of 巫山县中医院 (柔性引才).
        zhang = _person("张树栋", ytsh, domain="medical", specialty="骨科", title="主任医师",
                        title_level=5, position="原院长")
        services.create_engagement(
            actor=actor, person=zhang, organisation=ws_tcm, role="chief_expert",
            start=today - 700 * day, note="退休后受聘为巫山县中医院首席专家，协助完善医院管理。",
            sessions=[{"date": today - d * day, "topic": t, "hours": Decimal(h)} for d, t, h in (
                (600, "骨科疑难病例查房", "4"), (420, "医院管理制度完善座谈", "3"),
                (200, "下乡义诊", "6"), (60, "关节置换手术示教", "5"))])

        # 施宏志: 神经外科 at 巫山县中医院, on post, ending soon (no successor yet).
        shi = _person("施宏志", ytsh, domain="medical", specialty="神经外科",
                      title="副主任医师", title_level=4)
        posting = services.create_posting(
            actor=actor, person=shi, host=ws_tcm, direction="east_west", kind="medical",
            batch="第八批", post="神经外科业务指导", department="神经外科", programme=programme,
            planned_start=today - 320 * day, planned_end=today + 45 * day)
        services.approve_posting(actor=actor, posting=posting)
        posting = services.start_posting(actor=actor, posting=posting)
        goals = [
            ("urgent_need", "开展颅脑外伤急诊救治", "achieved", "独立完成急诊开颅手术12台"),
            ("weak_link", "建设新成立的神经外科", "in_progress", ""),
            ("local_team", "带出一支神经外科技术团队", "in_progress", ""),
            ("people_projects", "开展下乡义诊与健康讲座", "planned", ""),
        ]
        for kind, title, status, evidence in goals:
            goal = services.create_goal(actor=actor, posting=posting, kind=kind, title=title,
                                        status=status, evidence_text=evidence)
            if kind == "urgent_need":
                services.create_outcome(actor=actor, goal=goal, kind="new_technique",
                                        title="颅内血肿微创穿刺引流术", fills_gap=True,
                                        date=today - 150 * day,
                                        description="巫山县中医院首次开展，填补院内空白。")
        apprentices = _locals(ws_tcm, 2)
        if apprentices:
            services.create_mentorship(
                actor=actor, mentor=shi, apprentices=apprentices, host=ws_tcm, posting=posting,
                start=today - 300 * day, plan="每周1—2次业务培训，参与听班与急诊救治。",
                notes=[{"date": today - 200 * day, "text": "掌握神经外科基本查体与术前评估"},
                       {"date": today - 60 * day, "text": "在指导下完成钻孔引流术"}])

        # A team of 10 teachers from 潍坊 to 开州 (第八批赴重庆支教).
        wf_school, kz_school = _org("潍坊市第一中学"), _org("开州中学")
        team = services.create_team(
            actor=actor, name="潍坊第八批赴开州支教团", host=kz_school,
            sending_org=_org("潍坊市教育局"), domain="education", batch="第八批",
            programme=programme, planned_start=today - 90 * day, planned_end=today + 275 * day,
            note="按“组团帮扶”原则选派，体育、科学、音乐、美术等学科为主。")
        teachers = []
        for index, (name, subject) in enumerate(TEACHERS):
            teacher = _person(name, wf_school, domain="education", specialty=subject,
                              title="一级教师", title_level=3)
            teachers.append(teacher)
            services.add_member(actor=actor, team=team, person=teacher, kind="education",
                                role="leader" if index == 0 else "member",
                                post=f"{subject}教师")
        services.start_team(actor=actor, team=team)
        goal = services.create_goal(actor=actor, team=team, kind="weak_link",
                                    title="重新开设停课多年的信息技术课", status="achieved",
                                    evidence_text="已恢复开课，并动员周边学校开课。")
        services.create_outcome(actor=actor, goal=goal, kind="new_service",
                                title="信息与技术课程恢复开课", fills_gap=True)
        young = _locals(kz_school, 3)
        if young:
            services.create_mentorship(actor=actor, mentor=teachers[0], apprentices=young,
                                       host=kz_school, start=today - 80 * day,
                                       plan="青蓝结对：一对多，每月示范课与集体备课。")

        # The 烟台 doctoral workstation in 巫山 (6 service teams, 34 PhD experts).
        ldu = _org("鲁东大学")
        wang = _person("王建瑞", ldu, domain="agriculture", specialty="食用菌",
                       position="博士研究生")
        experts = [wang, *Person.objects.filter(
            organisation__name__in=["鲁东大学", "中国农业大学烟台研究院"]).exclude(pk=wang.pk)
            .order_by("pk")[:33]]
        services.create_base(
            actor=actor, name="烟台市在巫山县博士工作站", kind="doctoral_workstation",
            host=_org("重庆兔儿坪农业开发有限公司"), partner=ldu, start=today - 900 * day,
            experts=experts, service_teams=[{"name": n, "members": m} for n, m in SERVICE_TEAMS],
            note="中国农业大学烟台研究院、鲁东大学等院校34位博士专家入驻。")

        # West → east: two nurses of 石柱县人民医院 trained at 山东省中医院 (小儿推拿).
        sz, sd_tcm = _org("石柱县人民医院"), _org("山东省中医院")
        for name in ("马净洁", "马亚"):
            trainee = _person(name, sz, domain="medical", specialty="小儿推拿")
            stay = services.create_posting(
                actor=actor, person=trainee, host=sd_tcm, direction="west_east",
                kind="training_place", post="进修（小儿推拿技能培训基地）",
                planned_start=today - 260 * day, planned_end=today - 80 * day)
            services.approve_posting(actor=actor, posting=stay)
            stay = services.start_posting(actor=actor, posting=stay)
            stay = services.complete_posting(actor=actor, posting=stay)
            goal = services.create_goal(actor=actor, posting=stay, kind="weak_link",
                                        title="学成归乡开展小儿推拿项目", status="achieved",
                                        evidence_text="结业考试合格。")
            services.create_outcome(actor=actor, goal=goal, kind="new_service",
                                    title="石柱县小儿推拿项目", fills_gap=True,
                                    description="填补了石柱县在这一领域的空白。")
    return {"postings": 1 + len(TEACHERS) + 2, "teams": 1, "engagements": 1, "bases": 1}

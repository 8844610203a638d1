"""A constructed data set whose dashboard and annual-report figures are known by hand.

山东↔重庆 (province pairing) with 烟台↔巫山 and 潍坊↔开州 under it. The expected figures
for 2025 are spelled out in EXPECTED_2025 (all of 山东↔重庆, seen by an administrator) and
EXPECTED_WUSHAN_2025 (烟台↔巫山, seen by 巫山's coordinator).
"""

import datetime
from decimal import Decimal

from xiezuo.activities.models import Activity, ActivityMetric, Trainee, TrainingClass
from xiezuo.cooperation.models import (
    Agreement,
    AgreementTarget,
    ConsumptionAssistance,
    LabourCooperation,
    Project,
)
from xiezuo.exchange.models import Engagement, Mentorship, Posting
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.regions.models import Pairing, Region

D = datetime.date


def region(code):
    return Region.objects.get(code=code)


def posting(person, host, *, direction="east_west", kind="medical", start, end, state="completed",
            pairing=None, need_ref=None):
    return Posting.objects.create(person=person, host=host, direction=direction, kind=kind,
                                  planned_start=start, planned_end=end, state=state, pairing=pairing,
                                  need_ref=need_ref)


def build():
    w = {}
    w["p0"] = p0 = Pairing.objects.create(level="province_province", east_region=region("370000"),
                                          west_region=region("500000"), start=D(2021, 1, 1))
    w["p1"] = p1 = Pairing.objects.create(level="city_county", east_region=region("370600"),
                                          west_region=region("500237"), parent=p0, start=D(2021, 1, 1))
    w["p2"] = p2 = Pairing.objects.create(level="city_county", east_region=region("370700"),
                                          west_region=region("500154"), parent=p0, start=D(2021, 1, 1))
    org = Organisation.objects.create
    w["wushan_hosp"] = ws = org(name="巫山县中医院", kind="hospital", region=region("500237"))
    w["wushan_school"] = wsch = org(name="巫山中学", kind="school", school_stage="senior",
                                    region=region("500237"))
    w["kaizhou_hosp"] = kz = org(name="开州区人民医院", kind="hospital", region=region("500154"))
    w["yantai_hosp"] = yt = org(name="烟台山医院", kind="hospital", region=region("370602"))
    w["weifang_school"] = wf = org(name="潍坊一中", kind="school", region=region("370702"))
    person = Person.objects.create
    a = person(name="医生甲", organisation=yt, domain="medical")
    b = person(name="干部乙", organisation=yt, domain="management")
    c = person(name="教师丙", organisation=wf, domain="education")
    d = person(name="医生丁", organisation=yt, domain="medical")
    west = person(name="医生戊", organisation=ws, domain="medical")
    w["west_doctor"] = west
    # 甲: two postings in 2025 (counted once); 乙: a cadre in 2024 only; 丙: planned (not counted)
    # then a real posting to 开州; 丁: to 开州 (潍坊↔开州 is another county's business).
    posting(a, ws, start=D(2025, 3, 1), end=D(2025, 8, 31), pairing=p1, need_ref=7)
    posting(a, ws, start=D(2025, 10, 1), end=D(2026, 3, 31), state="on_post", pairing=p1)
    posting(b, ws, kind="cadre", start=D(2024, 1, 1), end=D(2024, 12, 31), pairing=p1)
    posting(c, wsch, kind="education", start=D(2025, 9, 1), end=D(2026, 7, 31), state="planned")
    posting(c, kz, kind="education", start=D(2025, 2, 1), end=D(2025, 7, 31), pairing=p2)
    posting(d, kz, start=D(2025, 1, 1), end=D(2025, 12, 31), pairing=p2, need_ref=9)
    # 戊 learns in the east (west → east), no pairing set: counted by the two organisations.
    posting(west, yt, direction="west_east", kind="training_place", start=D(2025, 4, 1), end=D(2025, 6, 30))
    Engagement.objects.create(person=a, organisation=ws, role="chief_expert", start=D(2024, 6, 1))
    mentorship = Mentorship.objects.create(mentor=a, host=ws, start=D(2025, 3, 15))
    apprentices = [person(name=f"徒弟{i}", organisation=ws, domain="medical") for i in range(3)]
    mentorship.apprentices.set(apprentices)
    # Trainings: 戊 and 张三 in two 2025 classes, 李四 enrolled but absent; one 2024 class.
    k1 = TrainingClass.objects.create(name="乡村医生培训班", category="rural_doctor", organiser=yt, pairing=p1,
                                      trainee_region=region("500237"), start=D(2025, 5, 10),
                                      end=D(2025, 5, 14), sessions=5)
    k2 = TrainingClass.objects.create(name="急诊培训班", category="medical_staff", organiser=yt, pairing=p1,
                                      start=D(2025, 9, 1), end=D(2025, 9, 2), sessions=2)
    k0 = TrainingClass.objects.create(name="旧班", category="rural_doctor", organiser=yt, pairing=p1,
                                      start=D(2024, 5, 1), end=D(2024, 5, 2), sessions=2)
    k_kz = TrainingClass.objects.create(name="开州教师班", category="teacher", organiser=wf, pairing=p2,
                                        trainee_region=region("500154"), start=D(2025, 7, 1),
                                        end=D(2025, 7, 3), sessions=3)
    trainee = Trainee.objects.create
    trainee(training_class=k1, person=west, name=west.name, sessions_attended=3, completed=True)
    trainee(training_class=k1, name="张三", organisation_name="巫山县人民医院", sessions_attended=2)
    trainee(training_class=k1, name="李四", organisation_name="巫山县人民医院", sessions_attended=0)
    trainee(training_class=k2, person=west, name=west.name, sessions_attended=1)
    trainee(training_class=k2, name="张三", organisation_name="巫山县人民医院", sessions_attended=1,
            completed=True)
    trainee(training_class=k0, name="王五", organisation_name="巫山县人民医院", sessions_attended=2)
    for i in range(4):
        trainee(training_class=k_kz, name=f"开州教师{i}", organisation_name="开州中学", sessions_attended=3)
    # Activities: a 2025 clinic in 巫山 with figures, one in 2024, one in 开州.
    clinic = Activity.objects.create(kind="clinic", title="义诊", date=D(2025, 6, 1), domain="medical",
                                     host=ws, sending_org=yt, pairing=p1)
    metric = ActivityMetric.objects.create
    metric(activity=clinic, indicator="medical_services", value=202, unit="人次")
    metric(activity=clinic, indicator="outcomes", subject="问题", value=32, unit="个")
    metric(activity=clinic, indicator="outcomes", subject="建议", value=58, unit="条")
    metric(activity=clinic, indicator="training_person_times", value=320, unit="人次")
    metric(activity=clinic, indicator="trainees", value=10, unit="人")
    old = Activity.objects.create(kind="clinic", title="旧义诊", date=D(2024, 6, 1), domain="medical",
                                  host=ws, pairing=p1)
    metric(activity=old, indicator="medical_services", value=5, unit="人次")
    lesson = Activity.objects.create(kind="demonstration_lesson", title="示范课", date=D(2025, 4, 1),
                                     domain="education", host=kz, pairing=p2)
    metric(activity=lesson, indicator="training_sessions", value=8, unit="节")
    # Cooperation records.
    Project.objects.create(name="医共体建设", category="health", pairing=p1, year=2025, funds=1_000_000,
                           status="in_progress")
    Project.objects.create(name="取消的项目", category="health", pairing=p1, year=2025, funds=500_000,
                           status="cancelled")
    Project.objects.create(name="旧项目", category="health", pairing=p1, year=2024, funds=300_000)
    Project.objects.create(name="开州学校", category="education", pairing=p2, year=2025, funds=2_000_000)
    LabourCooperation.objects.create(title="春风行动", kind="livestream", pairing=p1, date=D(2025, 2, 20),
                                     positions_offered=300, people_hired=50, employed_locally=20,
                                     employed_in_east=30)
    LabourCooperation.objects.create(title="开州招聘会", kind="offline", pairing=p2, date=D(2025, 3, 1),
                                     positions_offered=100, people_hired=10)
    ConsumptionAssistance.objects.create(title="巫山脆李", pairing=p1, year=2025, companies_registered=3,
                                         sales=2_000_000)
    framework = Agreement.objects.create(title="框架协议", kind="framework", pairing=p0,
                                         start=D(2025, 1, 1), end=D(2027, 12, 31))
    AgreementTarget.objects.create(agreement=framework, year=2025, measure="professionals_sent", target=5)
    AgreementTarget.objects.create(agreement=framework, year=2025, measure="trainees", target=10)
    health = Agreement.objects.create(title="卫生协议", kind="health", pairing=p1,
                                      start=D(2025, 1, 1), end=D(2025, 12, 31))
    AgreementTarget.objects.create(agreement=health, year=2025, measure="professionals_sent", target=1)
    return w


# 2025, all of 山东↔重庆 (administrator).
EXPECTED_2025 = {
    "cadres_sent": 0, "cadres_received": 0,
    "professionals_sent": 3,  # 甲 (once), 丙 (开州), 丁
    "professionals_received": 1,  # 戊
    "experts_engaged": 1,
    "trainees": 2 + 4 + 10,  # 戊, 张三 (李四 never came) + four 开州 teachers + activity figure
    "training_person_times": 4 + 4 + 320,  # attended enrolments + activity figure
    "training_sessions": 5 + 2 + 3 + 8,  # the sessions of three 2025 classes + the lesson figure
    "pairs": 3, "medical_services": 202, "outcomes": 90, "beneficiaries": 0,
    "needs_filled": 2,
    "funds": 3_000_000, "projects": 2,
    "positions_offered": 400, "jobs": 60,
    "consumption_sales": 2_000_000,
}
# 2025, 烟台↔巫山 as 巫山's coordinator sees it (开州's records are outside).
EXPECTED_WUSHAN_2025 = {
    "professionals_sent": 1, "professionals_received": 1, "trainees": 2 + 10,
    "training_person_times": 4 + 320, "training_sessions": 5 + 2, "funds": 1_000_000, "projects": 1,
    "positions_offered": 300, "jobs": 50, "needs_filled": 1, "consumption_sales": 2_000_000,
    "medical_services": 202, "outcomes": 90, "pairs": 3, "experts_engaged": 1,
}
TARGETS_2025 = {"professionals_sent": Decimal(6), "trainees": Decimal(10)}

"""The data set of the query-budget tests: a base of records with the users who look at
them, and `grow(data, unit)`, which adds one more unit of every entity the pages list.

Everything that grows lies inside the scopes measured: the coordinator's 重庆市巫山县
(500237), the organisation user's 巫山县中医院 (the hospital hosts the postings, owns the
needs, organises the trainings …), and the administrator sees it all. The records that
detail pages show (one posting, team, need, round, report, activity, agreement …) gain
related rows with every unit, so a detail page that loads them one by one grows too.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from xiezuo.accounts.models import ApiToken, UserScope
from xiezuo.activities.models import Activity, ActivityMetric, Event, Trainee, TrainingClass
from xiezuo.attachments.models import Attachment
from xiezuo.cooperation.models import (
    Agreement,
    AgreementTarget,
    ConsumptionAssistance,
    LabourCooperation,
    Project,
)
from xiezuo.core.models import ImportBatch, Job
from xiezuo.documents.models import DocumentTemplate
from xiezuo.exchange.models import (
    Base,
    Engagement,
    EngagementSession,
    Goal,
    Mentorship,
    MentorshipNote,
    Outcome,
    Posting,
    PostingEvent,
    Programme,
    ServiceTeam,
    Team,
)
from xiezuo.needs.models import Need, NeedDecision, Round, RoundDecision, TeamNeed
from xiezuo.notifications.models import Notification, Webhook
from xiezuo.offers.models import Offer, Placement
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Availability, Person
from xiezuo.regions.models import Pairing, Region
from xiezuo.reports.models import Fact, FactRecord, ReportDocument

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WEST, EAST_CITY, EAST_DISTRICT = "500237", "370600", "370602"  # 巫山县; 烟台市, 芝罘区
ROLES = ("admin", "coordinator", "org_user")
SPECIALTIES = ("骨科", "心内科", "儿科", "麻醉科", "急诊科", "神经外科")
MEASURES = ("cadres_sent", "professionals_sent", "trainees", "funds", "projects", "jobs",
            "experts_engaged", "beneficiaries", "outcomes", "training_sessions")


@dataclass
class Data:
    """The base records (their ids name the detail pages) and the users."""

    users: dict[str, Any]
    records: dict[str, Any] = field(default_factory=dict)
    units: int = 0

    def __getitem__(self, key: str) -> Any:
        return self.records[key]


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def build_base() -> Data:
    """The records every unit hangs on, and one user per measured role."""
    west, east_city, east_district = region(WEST), region(EAST_CITY), region(EAST_DISTRICT)
    hospital = Organisation.objects.create(name="预算县中医院", kind="hospital", region=west)
    east = Organisation.objects.create(name="预算东部医院", kind="hospital", region=east_district)
    User = get_user_model()
    users = {"admin": User.objects.create_user(username="b-admin", is_superuser=True, is_staff=True),
             "coordinator": User.objects.create_user(username="b-coordinator"),
             "org_user": User.objects.create_user(username="b-org")}
    UserScope.objects.create(user=users["coordinator"], role="coordinator", region=west)
    UserScope.objects.create(user=users["org_user"], role="org_user", organisation=hospital)
    county = Pairing.objects.create(level="city_county", east_region=east_city, west_region=west,
                                    start=D(2021, 4, 1))
    pairing = Pairing.objects.create(level="hospital_hospital", east_region=east_city, west_region=west,
                                     east_org=east, west_org=hospital, parent=county, start=D(2021, 6, 1))
    expert = Person.objects.create(name="预算专家", organisation=east, domain="medical",
                                   specialty_text="骨科", title_level=4)
    doctor = Person.objects.create(name="预算医生", organisation=hospital, domain="medical",
                                   specialty_text="骨科", title_level=3, phone="13912345678")
    team = Team.objects.create(name="预算医疗队", host=hospital, sending_org=east, domain="medical",
                               planned_start=D(2026, 3, 1), planned_end=D(2027, 3, 1))
    posting = Posting.objects.create(person=expert, host=hospital, pairing=pairing, kind="medical",
                                     direction="east_west", planned_start=D(2026, 3, 1),
                                     planned_end=D(2027, 2, 28), state="on_post",
                                     actual_start=D(2026, 3, 1))
    goal = Goal.objects.create(posting=posting, kind="urgent_need", title="预算目标")
    team_need = TeamNeed.objects.create(name="预算团队需求", organisation=hospital, domain="medical",
                                        start=D(2027, 1, 1), end=D(2027, 12, 31))
    # after the expert's posting, so that the base round proposes the expert
    need = Need.objects.create(organisation=hospital, domain="medical", specialty_text="骨科",
                               start=D(2027, 7, 1), end=D(2027, 12, 31), status="published")
    round_ = Round.objects.create(name="预算轮次", scope_region=west, created_by=users["coordinator"])
    round_.needs.add(need)
    # an offer (of the western hospital: the measured users are western) with a place to name
    offer = Offer.objects.create(organisation=hospital, region=west, domain="medical",
                                 specialty_text="骨科", count=50, start=D(2027, 1, 1),
                                 end=D(2027, 12, 31), modes=["long_posting"], status="published")
    placement = Placement.objects.create(offer=offer, need=need, round=round_,
                                         planned_start=need.start, planned_end=need.end)
    event = Event.objects.create(name="预算活动周", pairing=pairing, host_region=west, sending_org=east,
                                 start=D(2026, 5, 1), end=D(2026, 5, 30))
    activity = Activity.objects.create(kind="clinic", title="预算义诊", date=D(2026, 5, 2),
                                       domain="medical", host=hospital, sending_org=east,
                                       pairing=pairing, event=event)
    klass = TrainingClass.objects.create(name="预算培训班", category="rural_doctor", organiser=hospital,
                                         pairing=pairing, start=D(2026, 6, 1), end=D(2026, 6, 3),
                                         sessions=3)
    agreement = Agreement.objects.create(title="预算协议", kind="health", pairing=pairing,
                                         east_party=east, west_party=hospital,
                                         start=D(2025, 1, 1), end=D(2027, 12, 31))
    mentorship = Mentorship.objects.create(mentor=expert, host=hospital, posting=posting,
                                           start=D(2026, 3, 1))
    engagement = Engagement.objects.create(person=expert, organisation=hospital, role="chief_expert",
                                           start=D(2025, 1, 1))
    base = Base.objects.create(name="预算工作站", kind="doctoral_workstation", host=hospital,
                               partner=east, start=D(2022, 5, 1))
    report = _report("base", hospital, west)
    records = {"west": west, "hospital": hospital, "east": east, "county_pairing": county,
               "pairing": pairing, "expert": expert, "doctor": doctor, "team": team,
               "posting": posting, "goal": goal, "team_need": team_need, "need": need,
               "round": round_, "offer": offer, "placement": placement, "event": event, "activity": activity, "training": klass,
               "agreement": agreement, "mentorship": mentorship, "engagement": engagement,
               "base": base, "report": report, "fact": None, "fact_record": None,
               "labour": None, "project": None, "consumption": None, "trainee": None,
               "job": {}, "notification": {}, "webhook": None, "template": None, "token": {},
               "coordinator_user": users["coordinator"]}
    return Data(users=users, records=records)


def _report(key: str, hospital: Organisation, west: Region) -> ReportDocument:
    doc = ReportDocument(original_name=f"{key}.txt", sha256=f"{key:0>64}"[-64:], script="hans",
                         title=f"预算报告{key}", text="巫山证据。", status="ready",
                         segments=[{"index": 0, "title": "", "relevant": True, "start": 0, "end": 5}],
                         region=west, organisation=hospital, period_start=D(2026, 1, 1),
                         period_end=D(2026, 12, 31))
    doc.file.save(f"{key}.txt", ContentFile(b"x"), save=False)
    doc.save()
    return doc


def _attach(parent: Any, user: Any, name: str) -> Attachment:
    from django.contrib.contenttypes.models import ContentType

    attachment = Attachment(content_type=ContentType.objects.get_for_model(type(parent)),
                            object_id=parent.pk, original_name=name, size=len(PDF),
                            mime_type="application/pdf", kind="notice", uploaded_by=user)
    attachment.file.save(name, ContentFile(PDF), save=False)
    attachment.save()
    return attachment


def grow(data: Data) -> None:
    """One more unit of everything: new records for the lists, and related rows for the
    base records that the detail pages show."""
    data.units += 1
    k = data.units
    r = data.records
    west, hospital, expert, doctor = r["west"], r["hospital"], r["expert"], r["doctor"]
    admin = data.users["admin"]
    spec = SPECIALTIES[k % len(SPECIALTIES)]

    # Registry: an eastern and a western organisation (a unit of the hospital), their pairing
    # under the county pairing, people on both sides.
    east = Organisation.objects.create(name=f"预算东部医院{k}", kind="hospital", region=r["east"].region)
    unit = Organisation.objects.create(name=f"预算科室{k}", kind="department", region=west,
                                       parent=hospital)
    pairing = Pairing.objects.create(level="hospital_hospital", east_region=r["pairing"].east_region,
                                     west_region=west, east_org=east, west_org=unit,
                                     parent=r["county_pairing"], start=D(2022, 1, k))
    easterners = [Person.objects.create(name=f"东部医生{k}-{i}", organisation=east, domain="medical",
                                        specialty_text=spec, title_level=3 + i % 2) for i in range(3)]
    westerners = [Person.objects.create(name=f"西部医生{k}-{i}", organisation=o, domain="medical",
                                        specialty_text=spec, title_level=2, phone=f"1391234{k:02d}{i:02d}")
                  for i, o in enumerate((hospital, unit, hospital))]
    for person in (*easterners, expert, doctor):
        Availability.objects.create(person=person, start=D(2026, 1, k), end=D(2028, 12, 31),
                                    modes=["long_posting", "short_visit"])
    r["programme"] = Programme.objects.create(name=f"预算项目{k}", pairing=pairing)

    # Exchange: postings hosted by the hospital (members of the base team, too), with goals,
    # outcomes and their events; more on the base posting; mentorships, engagements, bases.
    posting = r["posting"]
    for i, person in enumerate(easterners):
        member = Posting.objects.create(
            person=person, host=hospital, pairing=pairing, kind="medical", direction="east_west",
            planned_start=D(2026, 1 + i, k), planned_end=D(2027, 1 + i, k), state="on_post",
            actual_start=D(2026, 1 + i, k), team=r["team"] if i == 0 else None,
            team_role="member" if i == 0 else "")
        goal = Goal.objects.create(posting=member, kind="local_team", title=f"目标{k}-{i}")
        Outcome.objects.create(goal=goal, kind="new_technique", title=f"新技术{k}-{i}")
        PostingEvent.objects.create(posting=member, action="start", from_state="approved",
                                    to_state="on_post", by=admin)
    Posting.objects.create(person=westerners[0], host=east, pairing=pairing, kind="training_place",
                           direction="west_east", planned_start=D(2026, 4, k), planned_end=D(2026, 10, k),
                           state="approved")
    goal = Goal.objects.create(posting=posting, kind="weak_link", title=f"基础目标{k}")
    Outcome.objects.create(goal=goal, kind="team_trained", title=f"基础成果{k}")
    r["outcome"] = Outcome.objects.create(goal=r["goal"], kind="new_service", title=f"目标成果{k}")
    PostingEvent.objects.create(posting=posting, action="extend", from_state="on_post", to_state="extended",
                                by=admin, reason=f"延期{k}")
    Goal.objects.create(team=r["team"], kind="local_team", title=f"团队目标{k}")
    posting.note = f"第{k}次修改"
    posting.save()  # a history row
    mentorship = r["mentorship"]
    mentorship.apprentices.add(*westerners)
    MentorshipNote.objects.create(mentorship=mentorship, date=D(2026, 4, k), text=f"进展{k}")
    other = Mentorship.objects.create(mentor=easterners[0], host=hospital, start=D(2026, 3, k))
    other.apprentices.add(westerners[1])
    EngagementSession.objects.create(engagement=r["engagement"], date=D(2026, 5, k), topic=f"讲座{k}",
                                     hours=2)
    Engagement.objects.create(person=easterners[1], organisation=hospital, role="advisor",
                              start=D(2026, 1, k))
    r["base"].experts.add(*easterners)
    ServiceTeam.objects.create(base=r["base"], name=f"服务队{k}", members=5)
    Base.objects.create(name=f"基地{k}", kind="training_base", host=hospital, partner=east,
                        start=D(2023, 1, k))
    team = Team.objects.create(name=f"医疗队{k}", host=hospital, sending_org=east, domain="medical",
                               planned_start=D(2026, 2, k), planned_end=D(2027, 2, k))
    Posting.objects.create(person=easterners[2], host=hospital, pairing=pairing, kind="medical",
                           direction="east_west", planned_start=D(2026, 2, k), planned_end=D(2027, 2, k),
                           team=team, team_role="leader")

    # Needs: published needs of the hospital (roles of the base team need, too) with their
    # decisions, in the base round; another round; the base round's decisions.
    for i in range(2):
        need = Need.objects.create(organisation=hospital if i == 0 else unit, domain="medical",
                                   specialty_text=spec, start=D(2027, 1, k), end=D(2027, 6, 28),
                                   status="published", team=r["team_need"] if i == 0 else None,
                                   role=f"角色{k}" if i == 0 else "")
        for step in ("submitted", "approved", "published"):
            NeedDecision.objects.create(need=need, step=step, by=admin, comment=f"{step}{k}")
        r["round"].needs.add(need)
    for step in ("submitted", "approved"):
        NeedDecision.objects.create(need=r["need"], step=step, by=admin, comment=f"基础{step}{k}",
                                    current=False)
    RoundDecision.objects.create(round=r["round"], side="west", verdict="approved", by=admin,
                                 comment=f"西部{k}", current=False)
    extra = Round.objects.create(name=f"轮次{k}", scope_region=west, created_by=data.users["coordinator"])
    extra.needs.add(r["need"])
    TeamNeed.objects.create(name=f"团队需求{k}", organisation=hospital, domain="medical",
                            start=D(2027, 1, k), end=D(2027, 12, 31))
    # Offers: another offer of the hospital, more places of the base offer (one named).
    Offer.objects.create(organisation=hospital, region=west, domain="medical", specialty_text=spec,
                         count=2, start=D(2027, 1, k), end=D(2027, 12, 31), modes=["remote"])
    for need in Need.objects.filter(specialty_text=spec, team=None)[:1]:
        Placement.objects.create(offer=r["offer"], need=need, round=r["round"],
                                 planned_start=need.start, planned_end=need.end)

    # Reports: a new report with facts and records; more facts on the base report.
    report = _report(f"u{k}", hospital, west)
    for doc in (report, r["report"]):
        fact = Fact.objects.create(document=doc, kind="quantity", segment=0, evidence="巫山证据。",
                                   data={"value": k, "qualifier": "exact", "unit": "人",
                                         "subject": "干部", "indicator": "cadres_sent"})
        accepted = Fact.objects.create(document=doc, kind="organisation", segment=0, status="accepted",
                                       data={"name": f"单位{k}", "kind": "hospital", "region_code": None})
        record = FactRecord.objects.create(kind="organisation", subject=f"记录{k}", document=doc,
                                           fact=accepted, organisation=hospital, pairing=pairing,
                                           period_start=D(2026, 1, 1), period_end=D(2026, 12, 31))
        r["fact"], r["fact_record"] = fact, record

    # Activities: activities in the base group (with figures and people), new groups and
    # classes; trainees of the base class.
    for i in range(2):
        activity = Activity.objects.create(
            kind="lecture", title=f"讲座{k}-{i}", date=D(2026, 5, k), domain="medical", host=hospital,
            sending_org=east, pairing=pairing, event=r["event"])
        ActivityMetric.objects.create(activity=activity, indicator="training_person_times", value=30)
        activity.people.add(easterners[i], westerners[i])
    ActivityMetric.objects.create(activity=r["activity"], indicator="medical_services", value=k,
                                  subject=f"服务{k}")
    r["activity"].people.add(easterners[2])
    Event.objects.create(name=f"活动周{k}", pairing=pairing, host_region=west, sending_org=east,
                         start=D(2026, 7, k), end=D(2026, 7, k + 5))
    klass = TrainingClass.objects.create(name=f"培训班{k}", category="teacher", organiser=hospital,
                                         pairing=pairing, start=D(2026, 8, k), end=D(2026, 8, k + 2),
                                         sessions=2)
    Trainee.objects.create(training_class=klass, name=f"新学员{k}", organisation=unit)
    for i, person in enumerate(westerners):
        r["trainee"] = Trainee.objects.create(training_class=r["training"], name=person.name,
                                              person=person, organisation=person.organisation,
                                              sessions_attended=i, completed=i > 0)

    # Cooperation: targets of the base agreement; new agreements, projects, labour and
    # consumption records.
    for measure in MEASURES[(k - 1) * 3 % len(MEASURES):][:3]:
        AgreementTarget.objects.create(agreement=r["agreement"], year=2024 + k, measure=measure,
                                       target=10 * k)
    agreement = Agreement.objects.create(title=f"协议{k}", kind="health", pairing=pairing, east_party=east,
                                         west_party=unit, start=D(2026, 1, 1), end=D(2026, 12, 31))
    AgreementTarget.objects.create(agreement=agreement, year=2026, measure="trainees", target=k)
    r["project"] = Project.objects.create(name=f"项目{k}", category="health", pairing=pairing,
                                          organisation=hospital, year=2026, funds=100 * k)
    r["labour"] = LabourCooperation.objects.create(title=f"招聘会{k}", kind="online", pairing=pairing,
                                                   date=D(2026, 3, k), positions_offered=k)
    r["consumption"] = ConsumptionAssistance.objects.create(title=f"消费帮扶{k}", pairing=pairing,
                                                            year=2026, sales=1000 * k)

    # Attachments on the base records and on new ones.
    for parent in (posting, r["activity"], r["event"], r["agreement"], r["goal"], agreement):
        attachment = _attach(parent, admin, f"附件{k}.pdf")
        r.setdefault("attachment", attachment)

    # Per user: notifications, jobs, import batches, API tokens.
    for role, user in data.users.items():
        for i in range(2):
            r["notification"][role] = Notification.objects.create(
                recipient=user, event="job_finished", title=f"通知{k}-{i}", url="/jobs/", actor=admin)
        r["job"][role] = Job.objects.create(kind="export", resource="orgs.organisation",
                                            file_name=f"导出{k}.xlsx", actor=user, status="succeeded",
                                            total=1, done=1, result=b"PK-workbook")
        ImportBatch.objects.create(resource="orgs.organisation", actor=user, file_name=f"导入{k}.xlsx")
        r["token"][role] = ApiToken.objects.create(owner=user, name=f"令牌{k}", prefix=f"xz{k}",
                                                   digest=f"{role}{k}".rjust(64, "0"))
    other_user = get_user_model().objects.create_user(username=f"b-user{k}")
    UserScope.objects.create(user=other_user, role="auditor", region=west)
    r["webhook"] = Webhook.objects.create(name=f"机器人{k}", platform="wecom",
                                          url=f"https://qyapi.example/{k}", region=west)
    template = DocumentTemplate(kind="posting_notice", region=west, original_name=f"模板{k}.docx",
                                uploaded_by=admin, active=False)
    template.file.save(f"模板{k}.docx", ContentFile(b"PK"), save=False)
    template.save()
    r["template"] = template

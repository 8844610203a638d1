"""The home page: the to-dos of the user's scope (apps contribute them through
`xiezuo.core.todos`), counts that are right, links to the lists, quick actions by role."""

import datetime
import re

import pytest
from django.utils import timezone

from xiezuo.core.models import Job
from xiezuo.core.todos import todos_for
from xiezuo.exchange.models import Posting
from xiezuo.needs.models import Need, Round
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.regions.models import Region
from xiezuo.reports.models import Fact, ReportDocument

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def world(refdata):
    """In 巫山 and in 开州 each: postings ending soon (one with a successor named, one
    ending later), needs past their start, a pending fact, a round waiting for approval."""
    east = Organisation.objects.create(name="烟台山医院", kind="hospital", region=Region.objects.get(code="370602"))
    made = {}
    for code, name in (("500237", "巫山"), ("500154", "开州")):
        region = Region.objects.get(code=code)
        host = Organisation.objects.create(name=f"{name}县医院", kind="hospital", region=region)
        post = Posting.objects.create
        person = [Person.objects.create(name=f"{name}医生{i}", organisation=east) for i in range(4)]
        post(person=person[0], host=host, direction="east_west", kind="medical", state="on_post",
             planned_start=days(-300), planned_end=days(20))
        post(person=person[1], host=host, direction="east_west", kind="medical", state="extended",
             planned_start=days(-300), planned_end=days(59))
        follower = post(person=person[3], host=host, direction="east_west", kind="medical",
                        planned_start=days(60), planned_end=days(400))
        post(person=person[2], host=host, direction="east_west", kind="medical", state="on_post",
             planned_start=days(-300), planned_end=days(30), successor=follower)  # handed on: no to-do
        post(person=person[2], host=host, direction="east_west", kind="medical", state="on_post",
             planned_start=days(-30), planned_end=days(90))  # ends later: no to-do
        need = Need.objects.create
        overdue = need(organisation=host, domain="medical", specialty_text="骨科", status="published",
                       start=days(-10), end=days(200))
        need(organisation=host, domain="medical", specialty_text="眼科", status="partially_filled",
             start=days(-1), end=days(200))
        need(organisation=host, domain="medical", specialty_text="儿科", status="published",
             start=days(5), end=days(200))  # not started yet
        need(organisation=host, domain="medical", specialty_text="麻醉科", status="filled",
             start=days(-50), end=days(200))
        need(organisation=host, domain="medical", specialty_text="内科", status="draft",
             start=days(-50), end=days(200))
        waiting = Round.objects.create(name=f"{name}轮次", scope_region=region, status="done")
        waiting.needs.add(overdue)
        Round.objects.create(name=f"{name}旧轮次", scope_region=region, status="approved")
        doc = ReportDocument.objects.create(original_name=f"{name}.txt", sha256=code * 10, region=region,
                                            period_start=TODAY, period_end=TODAY)
        for status in ("pending", "pending", "pending", "accepted"):
            Fact.objects.create(document=doc, kind="quantity", status=status, data={"value": 1})
        made[code] = host
    return made


@pytest.fixture
def users(world, make_user):
    return {"wushan": make_user("ws", region="500237"),
            "auditor": make_user("au", region="500237", role="auditor"),
            "kaizhou": make_user("kz", region="500154")}


def counts(client):
    html = client.get("/").content.decode()
    return html, {key: int(n.replace(",", "")) for key, n in re.findall(
        r'data-todo="([\w.]+)"><a href="[^"]*">[^<]*<strong class="todo-count">([\d,]+)</strong>', html)}


def test_the_coordinator_sees_the_to_dos_of_the_county_only(users, client_for):
    html, found = counts(client_for(users["wushan"]))
    assert found == {"exchange.ending": 2, "needs.overdue": 2, "reports.facts": 3, "needs.rounds": 1}
    assert "2</strong> 条选派将在 60 天内期满，尚未指定接替人选" in html
    assert 'href="/reports/facts/?status=pending"' in html and 'href="/needs/rounds/?approval=mine"' in html
    assert 'href="/exchange/#alerts"' in html
    assert "3212" not in html and "暂无待办事项" not in html
    for action in ("新建需求", "上传报告", "新增选派", "新建匹配轮次"):
        assert action in html


def test_the_overdue_needs_link_lists_exactly_those_needs(users, client_for):
    client = client_for(users["wushan"])
    html, found = counts(client)
    link = re.search(r'data-todo="needs.overdue"><a href="([^"]+)"', html).group(1)
    assert link == "/needs/?timing=past_start"
    listing = client.get(link).content.decode()
    assert f"共 {found['needs.overdue']} 条记录" in listing
    everything = client.get("/needs/").content.decode()
    assert re.search(r"共 (\d+) 条记录", everything).group(1) != str(found["needs.overdue"])


def test_the_administrator_sees_every_county_and_the_failed_jobs(users, admin_user, client_for):
    Job.objects.create(kind="export", resource="people.person", status="failed", actor=users["wushan"])
    Job.objects.create(kind="export", resource="people.person", status="succeeded", actor=users["wushan"])
    _html, found = counts(client_for(admin_user))
    assert found == {"exchange.ending": 4, "needs.overdue": 4, "reports.facts": 6, "needs.rounds": 2,
                     "core.failed_jobs": 1}


def test_failed_jobs_are_the_users_own(users, client_for):
    Job.objects.create(kind="export", resource="people.person", status="failed", actor=users["kaizhou"],
                       file_name="失败的导出.xlsx")
    Job.objects.create(kind="export", resource="people.person", status="succeeded", actor=users["kaizhou"],
                       file_name="成功的导出.xlsx")
    assert "core.failed_jobs" not in counts(client_for(users["wushan"]))[1]
    client = client_for(users["kaizhou"])
    html, found = counts(client)
    assert found["core.failed_jobs"] == 1
    link = re.search(r'data-todo="core.failed_jobs"><a href="([^"]+)"', html).group(1)
    listing = client.get(link).content.decode()
    assert "失败的导出.xlsx" in listing and "成功的导出.xlsx" not in listing
    assert "成功的导出.xlsx" in client.get("/jobs/").content.decode()


def test_the_auditor_sees_the_to_dos_but_no_create_links(users, client_for):
    html, found = counts(client_for(users["auditor"]))
    # an auditor approves no round (issue 14): no "waiting for your side" to-do
    assert found == {"exchange.ending": 2, "needs.overdue": 2, "reports.facts": 3}
    for action in ("新建需求", "上传报告", "新增选派", "新建匹配轮次", "/needs/new/", "/reports/upload/"):
        assert action not in html


def test_an_organisation_user_sees_no_rounds_link(users, world, make_user, client_for):
    org_user = make_user("org", organisation=world["500237"])
    html, found = counts(client_for(org_user))
    assert found["needs.overdue"] == 2 and "needs.rounds" not in found
    assert "新建需求" in html and "新建匹配轮次" not in html


def test_empty_state_says_so_and_offers_what_the_role_may(refdata, make_user, client_for):
    html = client_for(make_user("ws", region="500237")).get("/").content.decode()
    assert "暂无待办事项" in html and "新建需求" in html
    assert todos_for(make_user("nobody")) == []  # no role, nothing counted


def test_anonymous_users_go_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302 and "login" in response["Location"]

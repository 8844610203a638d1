"""Only the actions a role may perform are offered, and destructive ones stand apart.

For the pages of exchange, orgs, regions, activities (events and activities) and
cooperation: an auditor (read-only) sees no POST form in the page and no action (新建,
导入, 编辑, 删除, 到岗, 添加目标 …); the county's coordinator sees them. Destructive actions
(删除, 提前结束, 交接) are red (class "danger"), ask first with what will happen and how
many records it touches (data-confirm), and sit in an "其他操作" section at the end of the
page, never in the page head where the forward ones (批准, 到岗, 编辑) are. The views behind
them still refuse: 403 for the auditor, 404 outside the scope.
"""

from __future__ import annotations

import datetime
from html.parser import HTMLParser

import pytest

from tests.matrix import test_page_matrix
from tests.matrix.test_activities_matrix import build_activities_world
from tests.matrix.test_cooperation_matrix import build_cooperation_world
from tests.matrix.test_exchange_matrix import build_exchange_world
from tests.matrix.world import ROLES, check_post_pages, client_for

pytestmark = pytest.mark.django_db
D = datetime.date

# Words on a button, a button-like link or a folded form's summary that change something.
ACTION_WORDS = ("新建", "导入", "编辑", "删除", "到岗", "添加", "批准", "延期", "结束", "交接",
                "登记", "更新", "保存")
# Links to pages that change something.
ACTION_PATHS = ("/new/", "/import/", "/edit/", "/delete/")


class Main(HTMLParser):
    """What the <main> of a page offers: POST forms, action-like controls, links."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside <main>
        self.post_forms: list[str] = []
        self.controls: list[tuple[str, dict[str, str | None]]] = []  # (text, attributes)
        self.links: list[str] = []
        self._open: list[tuple[dict[str, str | None], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "main":
            self.depth += 1
        if not self.depth:
            return
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.post_forms.append(a.get("action") or "")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        if tag in ("button", "summary") or (tag == "a" and "button" in (a.get("class") or "")):
            self._open.append((a, []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.depth -= 1
        if self._open and tag in ("button", "summary", "a"):
            attrs, text = self._open.pop()
            self.controls.append(("".join(text).strip(), attrs))

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][1].append(data)


def offered(client, url: str) -> tuple[Main, str]:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    page = Main()
    page.feed(html)
    return page, html


def assert_read_only(client, url: str) -> None:
    page, _html = offered(client, url)
    assert page.post_forms == [], (url, page.post_forms)
    actions = [text for text, _a in page.controls if any(w in text for w in ACTION_WORDS)]
    assert actions == [], (url, actions)
    links = [href for href in page.links if any(p in href for p in ACTION_PATHS)]
    assert links == [], (url, links)


def head_and_rest(html: str) -> tuple[str, str]:
    """The page head (title and its actions) and everything after it."""
    start = html.index('<div class="pagehead">')
    end = html.index("</div></div>", start)
    return html[start:end], html[end:]


def danger_buttons(page: Main) -> list[dict[str, str | None]]:
    return [a for _t, a in page.controls if "danger" in (a.get("class") or "").split()]


# ---- the worlds ----------------------------------------------------------------------------


def exchange_pages(world) -> list[str]:
    posting, team = world["in"]["posting"], world["in"]["team"]
    pages = ["/exchange/", "/exchange/timeline/", "/exchange/postings/",
             f"/exchange/postings/{posting.pk}/", "/exchange/teams/", f"/exchange/teams/{team.pk}/"]
    for kind in ("mentorship", "engagement", "base"):
        pages += [f"/exchange/{kind}s/", f"/exchange/{kind}s/{world['in'][kind].pk}/"]
    return pages


def orgs_regions_pages(world) -> list[str]:
    return ["/organisations/", f"/organisations/{world['in']['organisation'].pk}/",
            "/regions/?q=巫山", "/regions/500237/", "/regions/pairings/",
            f"/regions/pairings/{world['in']['pairing'].pk}/", "/jobs/", "/organisations/import/"]


def activities_pages(world) -> list[str]:
    return ["/activities/", f"/activities/{world['in']['activity'].pk}/", "/activities/events/",
            f"/activities/events/{world['in']['event'].pk}/"]


COOPERATION = {"agreement": "agreements", "project": "projects", "labour": "labour",
               "consumption": "consumption"}


def cooperation_pages(world) -> list[str]:
    pages = []
    for kind, segment in COOPERATION.items():
        pages += [f"/cooperation/{segment}/", f"/cooperation/{segment}/{world['in'][kind].pk}/"]
    return pages


# ---- the auditor: nothing to act on --------------------------------------------------------


def test_auditor_is_offered_no_action_in_exchange(refdata):
    world = build_exchange_world()
    on_post = world["in"]["posting"]
    on_post.state = "on_post"
    on_post.save()
    client = client_for(world, "auditor")
    for url in exchange_pages(world):
        assert_read_only(client, url)


def test_auditor_is_offered_no_action_on_orgs_regions_and_jobs(refdata):
    world = build_exchange_world()
    client = client_for(world, "auditor")
    for url in orgs_regions_pages(world):
        assert_read_only(client, url)
    page, _html = offered(client, "/organisations/")
    assert any("/organisations/export.xlsx" in href for href in page.links)  # reading stays


def test_auditor_is_offered_no_action_in_activities(refdata):
    world = build_activities_world()
    client = client_for(world, "auditor")
    for url in activities_pages(world):
        assert_read_only(client, url)
    page, _html = offered(client, "/activities/")
    assert any("/activities/export.xlsx" in href for href in page.links)


def test_auditor_is_offered_no_action_in_cooperation(refdata):
    world = build_cooperation_world()
    client = client_for(world, "auditor")
    for url in cooperation_pages(world):
        assert_read_only(client, url)


# ---- the coordinator: the actions, forward ones in the head, destructive ones apart -----


def test_coordinator_is_offered_the_list_actions(refdata):
    world = build_exchange_world()
    client = client_for(world, "coordinator")
    for url, new, importer in (
        ("/activities/", "/activities/new/", "/activities/import/"),
        ("/activities/events/", "/activities/events/new/", "/activities/events/import/"),
        ("/organisations/", None, "/organisations/import/"),
        ("/exchange/postings/", "/exchange/postings/new/", "/exchange/postings/import/"),
        ("/exchange/teams/", "/exchange/teams/new/", None),
        ("/exchange/mentorships/", "/exchange/mentorships/new/", None),
        ("/cooperation/agreements/", "/cooperation/agreements/new/",
         "/cooperation/agreements/import/"),
    ):
        page, _html = offered(client, url)
        for href in (new, importer):
            assert href is None or href in page.links, (url, href)


def test_posting_forward_actions_in_the_head_closing_ones_at_the_end(refdata):
    world = build_exchange_world()
    posting = world["in"]["posting"]  # planned
    client = client_for(world, "coordinator")
    page, html = offered(client, f"/exchange/postings/{posting.pk}/")
    head, _rest = head_and_rest(html)
    assert 'id="action-approve"' in head and f"/exchange/postings/{posting.pk}/edit/" in head
    assert danger_buttons(page) == []  # nothing to end before it is on post

    posting.state = "on_post"
    posting.actual_start = posting.planned_start
    posting.save()
    page, html = offered(client, f"/exchange/postings/{posting.pk}/")
    head, rest = head_and_rest(html)
    assert 'id="action-complete"' in head and 'id="action-extend"' in head
    assert "danger" not in head and "action-end_early" not in head
    other = rest.index('id="other-actions"')
    assert other > rest.index('id="history"')  # after everything else on the page
    assert rest.index('id="action-end_early"') > other and rest.index('id="action-hand_over"') > other
    dangers = danger_buttons(page)
    assert len(dangers) == 2
    for attrs in dangers:
        confirm = attrs.get("data-confirm") or ""
        assert "不可恢复" in confirm and "1 条选派记录" in confirm and "东部专家" in confirm
    # The completion is forward, but final: it asks too.
    complete = [a for t, a in page.controls if a.get("data-confirm") and "期满结束" in (
        a.get("data-confirm") or "")]
    assert complete


def test_team_start_says_how_many_members_and_the_goal_forms_are_for_those_who_may(refdata):
    from xiezuo.exchange.models import Posting

    world = build_exchange_world()
    team = world["in"]["team"]
    Posting.objects.create(person=world["expert"], host=team.host, team=team, kind="medical",
                           direction="east_west", planned_start=D(2025, 3, 1),
                           planned_end=D(2026, 2, 28))
    page, html = offered(client_for(world, "coordinator"), f"/exchange/teams/{team.pk}/")
    start = [a for _t, a in page.controls if a.get("id") == "start-team"]
    assert start and "1 名" in (start[0].get("data-confirm") or "")
    assert 'id="add-member"' in html and 'id="new-goal"' in html
    page, html = offered(client_for(world, "auditor"), f"/exchange/teams/{team.pk}/")
    assert 'id="start-team"' not in html and 'id="add-member"' not in html
    assert 'id="new-goal"' not in html


def test_activity_and_event_delete_ask_first_with_the_counts(refdata):
    from xiezuo.activities.models import Event

    world = build_activities_world()
    client = client_for(world, "coordinator")
    activity, event = world["in"]["activity"], world["in"]["event"]
    page, html = offered(client, f"/activities/{activity.pk}/")
    head, rest = head_and_rest(html)
    assert f"/activities/{activity.pk}/edit/" in head and "danger" not in head
    [delete] = danger_buttons(page)
    assert "删除后不可恢复" in delete["data-confirm"] and "1 项指标" in delete["data-confirm"]
    assert rest.index('id="delete-activity"') > rest.index('id="history"')

    # An event with activities cannot be deleted: the page says why instead of a button.
    page, html = offered(client, f"/activities/events/{event.pk}/")
    assert danger_buttons(page) == [] and 'id="delete-event-blocked"' in html
    empty = Event.objects.create(name="空活动组", host_region=event.host_region,
                                 sending_org=event.sending_org, start=D(2025, 7, 1),
                                 end=D(2025, 7, 2))
    page, _html = offered(client, f"/activities/events/{empty.pk}/")
    [delete] = danger_buttons(page)
    assert "空活动组" in delete["data-confirm"] and "不可恢复" in delete["data-confirm"]


def test_cooperation_delete_asks_first_with_the_counts(refdata):
    world = build_cooperation_world()
    client = client_for(world, "coordinator")
    for kind, segment in COOPERATION.items():
        page, html = offered(client, f"/cooperation/{segment}/{world['in'][kind].pk}/")
        head, rest = head_and_rest(html)
        assert "/edit/" in head and "danger" not in head, kind
        [delete] = danger_buttons(page)
        assert "删除后不可恢复" in delete["data-confirm"], kind
        if kind == "agreement":
            assert "1 项年度目标" in delete["data-confirm"]
        assert rest.index('id="other-actions"') > rest.index('id="history"'), kind


# ---- the views behind the buttons still refuse ---------------------------------------------

# The delete pages (POST only) in the permission matrix: 404 outside the view, 403 for the
# roles that only read, else done (or refused with the reason when still referred to).
COOPERATION_DELETES = {f"cooperation:{kind}_delete": (kind, f"/cooperation/{segment}/{{pk}}/delete/")
                       for kind, segment in COOPERATION.items()}
ACTIVITIES_DELETES = {"activities:activity_delete": ("activity", "/activities/{pk}/delete/"),
                      "activities:event_delete": ("event", "/activities/events/{pk}/delete/")}
SEES = {"admin", "coordinator", "auditor", "org_user"}
CHANGES = {"admin", "coordinator", "org_user"}
test_page_matrix.EXTRA_COVERED |= set(COOPERATION_DELETES) | set(ACTIVITIES_DELETES)


@pytest.mark.parametrize("role", ROLES)
def test_activities_delete_pages_by_role(refdata, role):
    world = build_activities_world()
    check_post_pages(client_for(world, role), role, world, ACTIVITIES_DELETES, SEES, CHANGES)


@pytest.mark.parametrize("role", ROLES)
def test_cooperation_delete_pages_by_role(refdata, role):
    world = build_cooperation_world()
    check_post_pages(client_for(world, role), role, world, COOPERATION_DELETES, SEES, CHANGES)



def test_activity_deletes_refuse_the_auditor_and_other_areas_and_keep_referred_events(refdata):
    from xiezuo.activities.models import Activity, Event

    world = build_activities_world()
    activity, event = world["in"]["activity"], world["in"]["event"]
    auditor, coordinator = client_for(world, "auditor"), client_for(world, "coordinator")
    assert auditor.post(f"/activities/{activity.pk}/delete/").status_code == 403
    out = world["out"]["activity"]
    assert coordinator.post(f"/activities/{out.pk}/delete/").status_code == 404
    # The event still has its activity: kept, with the reason.
    response = coordinator.post(f"/activities/events/{event.pk}/delete/", follow=True,
                                HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert Event.objects.filter(pk=event.pk).exists()
    assert "不能删除" in response.content.decode() or "无法删除" in response.content.decode()
    response = coordinator.post(f"/activities/{activity.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/activities/"
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert coordinator.post(f"/activities/events/{event.pk}/delete/").status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()
    assert coordinator.get(f"/activities/{activity.pk}/delete/").status_code == 405


def test_cooperation_delete_refuses_the_auditor_and_other_areas(refdata):
    from xiezuo.cooperation.models import Project

    world = build_cooperation_world()
    project = world["in"]["project"]
    assert client_for(world, "auditor").post(
        f"/cooperation/projects/{project.pk}/delete/").status_code == 403
    assert client_for(world, "coordinator").post(
        f"/cooperation/projects/{world['out']['project'].pk}/delete/").status_code == 404
    response = client_for(world, "coordinator").post(f"/cooperation/projects/{project.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/cooperation/projects/"
    assert not Project.objects.filter(pk=project.pk).exists()


def test_a_refused_forward_action_shows_its_form_open_with_the_reason(refdata):
    world = build_exchange_world()
    posting = world["in"]["posting"]
    posting.state = "on_post"
    posting.actual_start = posting.planned_start
    posting.save()
    client = client_for(world, "coordinator")
    response = client.post(f"/exchange/postings/{posting.pk}/extend/",
                           {"extend-new_end": "2025-06-01", "extend-reason": "x"},
                           HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 422
    html = response.content.decode()
    assert '<details class="action-form" open id="details-extend">' in html
    assert '<details class="action-form" id="details-complete">' in html  # the others folded

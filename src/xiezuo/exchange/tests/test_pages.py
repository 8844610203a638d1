"""The pages: forms for postings, transitions, teams and goals; overview, timeline, calendar."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xiezuo.exchange.models import Goal, Posting, PostingEvent, Team

D = datetime.date
pytestmark = pytest.mark.django_db


def test_create_posting_and_walk_its_states(world, admin_user, client_for):
    client = client_for(admin_user)
    assert client.get("/exchange/postings/new/").status_code == 200
    response = client.post("/exchange/postings/new/", {
        "person": "施宏志 / 烟台山医院", "host": "巫山县中医院", "direction": "east_west",
        "kind": "medical", "planned_start": "2025-03-01", "planned_end": "2026-02-28",
        "post": "科室主任"})
    assert response.status_code == 302, response.content.decode()[:3000]
    posting = Posting.objects.get()
    url = posting.get_absolute_url()
    page = client.get(url).content.decode()
    assert "施宏志" in page and 'id="action-approve"' in page
    assert client.post(f"{url}approve/").status_code == 302
    assert client.post(f"{url}start/", {"start-start": "2025-03-03"}).status_code == 302
    response = client.post(f"{url}extend/", {"extend-new_end": "2025-12-01",
                                              "extend-reason": "x"})
    assert response.status_code == 422
    assert "晚于当前结束日期" in response.content.decode()
    response = client.post(f"{url}extend/", {"extend-new_end": "2026-08-31",
                                              "extend-reason": "科室需要"}, follow=True)
    assert "2026-08-31" in response.content.decode() or "2026年8月31日" in response.content.decode()
    posting.refresh_from_db()
    assert posting.state == "extended" and posting.planned_end == D(2026, 8, 31)
    response = client.post(f"{url}approve/")
    assert response.status_code == 409
    assert PostingEvent.objects.count() == 3


def test_bad_posting_form_shows_field_errors_and_stores_nothing(world, admin_user, client_for):
    client = client_for(admin_user)
    response = client.post("/exchange/postings/new/", {
        "person": "无名氏", "host": "巫山县中医院", "direction": "east_west", "kind": "medical",
        "planned_start": "2025-03-01", "planned_end": "2024-02-28"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"person"}
    response = client.post("/exchange/postings/new/", {
        "person": "施宏志", "host": "巫山县中医院", "direction": "east_west", "kind": "medical",
        "planned_start": "2025-03-01", "planned_end": "2024-02-28"})
    assert "planned_end" in response.context["form"].errors
    assert not Posting.objects.exists()


def test_team_page_goal_with_evidence_and_coverage(world, admin_user, client_for, tmp_path,
                                                   settings):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(admin_user)
    response = client.post("/exchange/teams/new/", {
        "name": "烟台医疗队", "host": "巫山县中医院", "sending_org": "烟台山医院",
        "domain": "medical", "planned_start": "2025-03-01", "planned_end": "2026-02-28"})
    assert response.status_code == 302, response.content.decode()[:2000]
    team = Team.objects.get()
    url = team.get_absolute_url()
    for name, role in (("施宏志", "leader"), ("王医生", "member")):
        response = client.post(f"{url}members/", {"member-person": name,
                                                   "member-kind": "medical",
                                                   "member-role": role})
        assert response.status_code == 302
    response = client.post(f"{url}members/", {"member-person": "无名氏",
                                               "member-kind": "medical",
                                               "member-role": "member"})
    assert response.status_code == 422
    assert client.post(f"{url}start/").status_code == 302
    assert set(team.postings.values_list("state", flat=True)) == {"on_post"}
    response = client.post(f"{url}goals/", {
        "goal-kind": "weak_link", "goal-title": "建立卒中中心", "goal-status": "achieved",
        "goal-evidence_text": "", "goal-evidence_file": SimpleUploadedFile(
            "验收.pdf", b"%PDF demo", content_type="application/pdf")})
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.team == team and goal.evidence_file
    download = client.get(f"/exchange/goals/{goal.pk}/evidence/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF demo"
    response = client.post(f"/exchange/goals/{goal.pk}/outcomes/", {
        f"outcome{goal.pk}-kind": "new_service", f"outcome{goal.pk}-title": "卒中绿色通道",
        f"outcome{goal.pk}-fills_gap": "on"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "卒中绿色通道" in page and 'class="bar on_post"' in page
    # An achieved goal without evidence is refused with the field named.
    response = client.post(f"{url}goals/", {"goal-kind": "free", "goal-title": "无证据",
                                            "goal-status": "achieved"})
    assert response.status_code == 422
    assert Goal.objects.count() == 1


def test_overview_alerts_and_timeline(world, admin_user, client_for, make_posting):
    ending = make_posting(start=D(2025, 1, 1), end=D(2025, 11, 15))
    Posting.objects.filter(pk=ending.pk).update(state="on_post", actual_start=D(2025, 1, 1))
    coming = make_posting(person="wang", host="kaizhou", start=D(2026, 1, 1), end=D(2026, 12, 31))
    client = client_for(admin_user)
    page = client.get("/exchange/?today=2025-10-01&region=500237").content.decode()
    alerts = page.split('id="alerts"')[1].split('id="on-post"')[0]
    assert "施宏志" in alerts
    assert "王医生" not in page  # 开州 is outside the region chosen
    page = client.get("/exchange/?today=2025-10-01").content.decode()
    assert "王医生" in page.split('id="coming"')[1]
    timeline = client.get("/exchange/timeline/?region=500237").content.decode()
    assert "巫山县中医院" in timeline and "施宏志" in timeline and "王医生" not in timeline
    assert client.get(f"/exchange/hosts/{coming.host_id}/").status_code == 200


def test_list_search(world, admin_user, client_for, make_posting):
    make_posting()
    client = client_for(admin_user)
    assert "施宏志" in client.get("/exchange/postings/?q=施").content.decode()
    assert "施宏志" not in client.get("/exchange/postings/?q=不存在").content.decode()

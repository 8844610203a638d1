"""The pages: the header badge, the centre (own notifications only; another's → 404),
marking read, the settings, and the group robots of a coordinator's offices."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiezuo.notifications.events import Event
from xiezuo.notifications.models import Delivery, Notification, Preference, Webhook

pytestmark = pytest.mark.django_db


def note(user, title="巫山县中医院的需求“心内科医生”已提交，等待您审核", **extra):
    return Notification.objects.create(recipient=user, event=Event.NEED_SUBMITTED, title=title, **extra)


def test_badge_counts_own_unread_with_one_query(offices, client_for):
    note(offices["wushan"])
    note(offices["wushan"], url="/needs/")
    note(offices["kaizhou"])
    client = client_for(offices["wushan"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/jobs/").content.decode()
    assert len([q for q in queries if "notifications_notification" in q["sql"]]) == 1
    assert 'id="notification-bell"' in page and '<span class="unread" aria-hidden="true">2</span>' in page
    assert "通知：2 条未读" in page
    quiet = client_for(offices["yantai"]).get("/jobs/").content.decode()
    assert 'id="notification-bell"' in quiet and 'class="unread"' not in quiet


def test_centre_lists_newest_first_and_marks_read(offices, client_for):
    old = note(offices["wushan"], title="旧通知")
    new = note(offices["wushan"], title="新通知", url="/needs/")
    note(offices["kaizhou"], title="开州的通知")
    client = client_for(offices["wushan"])
    page = client.get("/notifications/").content.decode()
    assert page.index("新通知") < page.index("旧通知") and "开州的通知" not in page
    assert f'id="notification-{new.pk}" class="unread"' in page
    response = client.post(f"/notifications/{old.pk}/read/", {"next": "/notifications/?show=unread"})
    assert response.status_code == 302 and response.url == "/notifications/?show=unread"
    old.refresh_from_db()
    assert old.read_at is not None
    unread = client.get("/notifications/?show=unread").content.decode()
    assert "新通知" in unread and "旧通知" not in unread
    opened = client.post(f"/notifications/{new.pk}/open/")
    assert opened.status_code == 302 and opened.url == "/needs/"
    assert not Notification.objects.filter(recipient=offices["wushan"], read_at__isnull=True).exists()


def test_mark_all_read_touches_only_own(offices, client_for):
    note(offices["wushan"])
    note(offices["wushan"])
    theirs = note(offices["kaizhou"])
    response = client_for(offices["wushan"]).post("/notifications/read-all/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=offices["wushan"], read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_another_users_notification_is_404_even_for_an_administrator(offices, admin_user, client_for):
    theirs = note(offices["kaizhou"], url="/needs/")
    for user in (offices["wushan"], admin_user):
        client = client_for(user)
        assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
        assert client.post(f"/notifications/{theirs.pk}/open/").status_code == 404
        assert "开州" not in client.get("/notifications/").content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_needs_post(offices, client_for):
    mine = note(offices["wushan"])
    assert client_for(offices["wushan"]).get(f"/notifications/{mine.pk}/read/").status_code == 405


def test_open_never_leaves_the_site(offices, client_for):
    mine = note(offices["wushan"], url="https://evil.example.com/")
    response = client_for(offices["wushan"]).post(f"/notifications/{mine.pk}/open/")
    assert response.url == "/notifications/"


def test_preferences_are_saved_per_kind(offices, client_for):
    client = client_for(offices["wushan"])
    page = client.get("/notifications/settings/").content.decode()
    assert "需求已提交待审核" in page and "仅每日摘要" in page and "wushan@example.org" in page
    data = {event: "off" for event in ("need_submitted", "need_approved", "need_rejected", "round_waiting",
                                        "round_approved", "posting_approved", "posting_starting",
                                        "posting_ending", "facts_waiting", "job_finished", "job_failed")}
    data["posting_ending"] = "digest"
    response = client.post("/notifications/settings/", data)
    assert response.status_code == 302
    stored = dict(Preference.objects.filter(user=offices["wushan"]).values_list("event", "email"))
    assert stored["posting_ending"] == "digest" and stored["need_submitted"] == "off"
    bad = client.post("/notifications/settings/", {**data, "job_failed": "sms"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()


def test_a_coordinator_manages_only_the_robots_of_offices_in_scope(offices, client_for, robot, settings):
    settings.XIEZUO_WEBHOOK_HOSTS = ["127.0.0.1"]  # the local robot server
    kaizhou_hook = Webhook.objects.create(name="开州群", platform="wecom", url="https://qyapi.example/k",
                                          region=offices["kaizhou_hospital"].region)
    client = client_for(offices["wushan"])
    assert client.get("/notifications/robots/").status_code == 200
    assert "开州群" not in client.get("/notifications/robots/").content.decode()
    assert client.get(f"/notifications/robots/{kaizhou_hook.pk}/").status_code == 404
    assert client.post(f"/notifications/robots/{kaizhou_hook.pk}/test/").status_code == 404
    assert client.post(f"/notifications/robots/{kaizhou_hook.pk}/delete/").status_code == 404
    # Creating one for another county is refused, with the reason on the form.
    refused = client.post("/notifications/robots/new/", {
        "name": "冒名", "platform": "wecom", "region": "开州区", "url": "https://qyapi.example/x",
        "include_below": "on", "active": "on"})
    assert refused.status_code == 200 and "只能为您负责的区域设置群机器人" in refused.content.decode()
    created = client.post("/notifications/robots/new/", {
        "name": "巫山县中医院群", "platform": "dingtalk", "organisation": "巫山县中医院",
        "url": robot.url("/ding?access_token=abc"), "secret": "SECabcdef123456",
        "events": ["need_submitted", "posting_approved"], "include_below": "on", "active": "on"})
    assert created.status_code == 302, created.content.decode()[:3000]
    hook = Webhook.objects.get(name="巫山县中医院群")
    assert hook.organisation == offices["wushan_hospital"] and hook.secret == "SECabcdef123456"
    page = client.get(f"/notifications/robots/{hook.pk}/").content.decode()
    assert "SECabcdef123456" not in page and "••••3456" in page
    # Saving without a secret keeps the stored one.
    kept = client.post(f"/notifications/robots/{hook.pk}/", {
        "name": "巫山县中医院工作群", "platform": "dingtalk", "organisation": "巫山县中医院",
        "url": hook.url, "secret": "", "include_below": "on", "active": "on"})
    assert kept.status_code == 302
    hook.refresh_from_db()
    assert hook.secret == "SECabcdef123456" and hook.name == "巫山县中医院工作群" and hook.events == []
    # The test button queues a delivery; nothing is posted in the request.
    response = client.post(f"/notifications/robots/{hook.pk}/test/")
    assert response.status_code == 302 and robot.posts == []
    assert Delivery.objects.get(webhook=hook).status == "pending"
    # Organisation users do not manage robots.
    assert client_for(offices["hospital"]).get("/notifications/robots/").status_code == 404
    assert client_for(offices["hospital"]).get(f"/notifications/robots/{hook.pk}/").status_code == 404
    assert client.post(f"/notifications/robots/{hook.pk}/delete/").status_code == 302
    assert not Webhook.objects.filter(pk=hook.pk).exists()


def test_a_city_coordinator_sees_the_robots_of_counties_below(offices, client_for):
    Webhook.objects.create(name="巫山群", platform="wecom", url="https://qyapi.example/w",
                           region=offices["wushan_hospital"].region)
    page = client_for(offices["chongqing"]).get("/notifications/robots/").content.decode()
    assert "巫山群" in page


def test_pages_need_login(client):
    for url in ("/notifications/", "/notifications/settings/", "/notifications/robots/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url
    assert mail.outbox == []


def test_only_robot_services_may_be_named(offices, client_for):
    response = client_for(offices["wushan"]).post("/notifications/robots/new/", {
        "name": "内网", "platform": "wecom", "region": "巫山县", "url": "http://10.0.0.5/admin",
        "include_below": "on", "active": "on"})
    assert response.status_code == 200 and "qyapi.weixin.qq.com" in response.content.decode()
    assert not Webhook.objects.exists()

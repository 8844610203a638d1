"""Delivery by the worker: e-mail through a local SMTP sink, group robots through a local
HTTP server (WeChat Work and DingTalk payloads, the DingTalk signature checked by the
server), retries after a 500 and an errcode, robots of other offices left out, and
nothing sent inside the web request that caused the event."""

import pytest
from django.core import mail

from xiezuo.core.tests.workers import run_worker
from xiezuo.notifications.events import Event
from xiezuo.notifications.models import Delivery, Notification, Webhook
from xiezuo.notifications.services import notify

pytestmark = pytest.mark.django_db


def hook(robot, name, *, platform="wecom", secret="", **office):
    path = f"/{name}"
    url = robot.url(f"{path}?key=k-{name}" if platform == "wecom" else f"{path}?access_token=t-{name}")
    return Webhook.objects.create(name=name, platform=platform, url=url, secret=secret, **office)


def test_email_goes_through_smtp(offices, smtp_sink, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(event=Event.NEED_SUBMITTED, recipients=[offices["wushan"]], title="巫山县中医院的需求“心内科医生”已提交，等待您审核",
               body="请在三日内审核。", url="/needs/7/")
    assert smtp_sink.messages == []
    run_worker()
    ((sender, to, content),) = smtp_sink.messages
    assert to == ["wushan@example.org"] and sender == "xiezuo@localhost"
    assert "/needs/7/" in content
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 1, "")


def test_wecom_and_dingtalk_payloads_and_signature(offices, robot, django_capture_on_commit_callbacks, settings):
    settings.XIEZUO_SITE_URL = "https://xiezuo.example.org"
    robot.secret = "SECtest-secret"
    hook(robot, "wushan-wecom", region=offices["wushan_hospital"].region)
    hook(robot, "hospital-ding", platform="dingtalk", secret=robot.secret, organisation=offices["wushan_hospital"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(event=Event.NEED_SUBMITTED, recipients=[], title="需求已提交", body="心内科医生 1 名",
               url="/needs/7/", organisation=offices["wushan_hospital"])
    assert robot.posts == []
    run_worker()
    posts = {p["path"]: p for p in robot.posts}
    assert set(posts) == {"/wushan-wecom", "/hospital-ding"}
    wecom = posts["/wushan-wecom"]
    assert wecom["query"] == {"key": "k-wushan-wecom"}
    assert wecom["body"]["msgtype"] == "markdown"
    content = wecom["body"]["markdown"]["content"]
    assert "**需求已提交**" in content and "https://xiezuo.example.org/needs/7/" in content
    ding = posts["/hospital-ding"]
    assert ding["signed"] is True and ding["query"]["access_token"] == "t-hospital-ding"
    assert ding["body"]["markdown"]["title"] == "需求已提交"
    assert "心内科医生 1 名" in ding["body"]["markdown"]["text"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_wrong_dingtalk_secret_fails_with_the_answer(offices, robot, fast_retries, django_capture_on_commit_callbacks):
    robot.secret = "SECright"
    hook(robot, "ding", platform="dingtalk", secret="SECwrong", organisation=offices["wushan_hospital"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(event=Event.NEED_SUBMITTED, recipients=[], title="t", organisation=offices["wushan_hospital"])
    run_worker()
    delivery = Delivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == 3
    assert "310000" in delivery.last_error
    assert [p["signed"] for p in robot.posts] == [False, False, False]


def test_a_500_then_success_is_retried_and_delivered(offices, robot, fast_retries,
                                                    django_capture_on_commit_callbacks):
    robot.replies = [(500, {"errmsg": "busy"}), (200, {"errcode": 45009, "errmsg": "api freq out of limit"})]
    hook(robot, "wushan", region=offices["wushan_hospital"].region)
    with django_capture_on_commit_callbacks(execute=True):
        notify(event=Event.POSTING_APPROVED, recipients=[], title="选派已批准", region=offices["wushan_hospital"].region)
    run_worker()
    assert len(robot.posts) == 3
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("sent", 3)
    assert "45009" in delivery.last_error  # the last failure stays recorded


def test_failing_for_good_keeps_the_error(offices, robot, fast_retries, django_capture_on_commit_callbacks):
    robot.replies = [(502, {})] * 3
    hook(robot, "wushan", region=offices["wushan_hospital"].region)
    with django_capture_on_commit_callbacks(execute=True):
        notify(event=Event.POSTING_APPROVED, recipients=[], title="t", region=offices["wushan_hospital"].region)
    run_worker()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 3) and "HTTP 502" in delivery.last_error


def test_robots_of_other_offices_get_nothing(offices, robot, django_capture_on_commit_callbacks):
    hook(robot, "wushan", region=offices["wushan_hospital"].region)
    hook(robot, "kaizhou", region=offices["kaizhou_hospital"].region)
    hook(robot, "kaizhou-hospital", organisation=offices["kaizhou_hospital"])
    hook(robot, "chongqing", region=offices["wushan_hospital"].region.parent.parent
         if offices["wushan_hospital"].region.parent.parent else offices["wushan_hospital"].region.parent)
    quiet_city = hook(robot, "chongqing-quiet", region=offices["wushan_hospital"].region.parent)
    quiet_city.include_below = False
    quiet_city.save()
    hook(robot, "only-jobs", region=offices["wushan_hospital"].region).__class__.objects.filter(
        name="only-jobs").update(events=[Event.JOB_FAILED])
    hook(robot, "ward", organisation=offices["cardiology"])  # below the hospital: not told
    with django_capture_on_commit_callbacks(execute=True):
        notify(event=Event.NEED_SUBMITTED, recipients=[], title="t", organisation=offices["wushan_hospital"])
    run_worker()
    assert sorted(p["path"] for p in robot.posts) == ["/chongqing", "/wushan"]


def test_an_approval_on_the_page_sends_nothing_until_the_worker_runs(
        offices, posting, smtp_sink, robot, client_for, django_capture_on_commit_callbacks):
    hook(robot, "wushan-hospital", organisation=offices["wushan_hospital"])
    for user in (offices["hospital"], offices["yantai"]):
        user.notification_preferences.create(event=Event.POSTING_APPROVED, email="instant")
    client = client_for(offices["wushan"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{posting.get_absolute_url()}approve/")
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.state == "approved"
    # Stored for both sides (the coordinator who approved excepted), nothing sent yet.
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"chongqing", "hospital", "yantai"}
    title = Notification.objects.first().title
    assert "施宏志" in title and "巫山县中医院" in title and "批准" in title
    assert smtp_sink.messages == [] and robot.posts == [] and mail.outbox == []
    assert set(Delivery.objects.values_list("status", flat=True)) == {"pending"}
    run_worker()
    assert sorted(to[0] for _sender, to, _content in smtp_sink.messages) == [
        "hospital@example.org", "yantai@example.org"]
    assert [p["path"] for p in robot.posts] == ["/wushan-hospital"]

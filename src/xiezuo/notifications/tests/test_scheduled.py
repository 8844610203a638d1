"""The scheduled commands (`xiezuo notify scan`, `xiezuo notify digest`) and the events
published from elsewhere: a background job's end (core.events) and report facts waiting."""

import datetime
import io

import pytest
from django.core.management import call_command

from xiezuo.core import events
from xiezuo.core.models import Job
from xiezuo.core.tasks import run as run_job_now
from xiezuo.core.tests.workers import run_worker
from xiezuo.exchange.models import Posting
from xiezuo.notifications.events import Event
from xiezuo.notifications.models import Delivery, Notification, Preference, ScanMark, Webhook
from xiezuo.reports.services import upload_reports
from xiezuo.reports.tests.conftest import ARTICLE

pytestmark = pytest.mark.django_db
D = datetime.date


def notify_command(*args):
    out = io.StringIO()
    call_command("notify", *args, stdout=out)
    return out.getvalue()


def test_scan_tells_of_postings_starting_soon_once(posting, offices, robot, django_capture_on_commit_callbacks):
    Webhook.objects.create(name="巫山县中医院群", platform="wecom", url=robot.url("/h?key=1"),
                           organisation=offices["wushan_hospital"])
    far = Posting.objects.create(person=posting.person, host=posting.host, kind="medical", direction="east_west",
                                 planned_start=D(2027, 3, 1), planned_end=D(2027, 9, 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert "1 starting" in notify_command("scan", "--today", "2026-12-04")
    notes = Notification.objects.filter(event=Event.POSTING_STARTING)
    assert set(notes.values_list("recipient__username", flat=True)) == {"wushan", "chongqing", "hospital", "yantai"}
    assert notes.first().title == "施宏志将于2026年12月10日到巫山县中医院报到（专业技术人才：医疗）"
    assert not Notification.objects.filter(url=far.get_absolute_url()).exists()
    # Once per posting and kind, however often the scan runs.
    with django_capture_on_commit_callbacks(execute=True):
        assert "0 starting" in notify_command("scan", "--today", "2026-12-05")
    assert notes.count() == 4 and ScanMark.objects.count() == 1
    run_worker()
    assert len(robot.posts) == 1


def test_scan_tells_of_postings_ending_without_successor(posting, offices):
    posting.state, posting.actual_start = "on_post", D(2026, 12, 10)
    posting.save()
    notify_command("scan", "--today", "2027-11-01")
    ending = Notification.objects.filter(event=Event.POSTING_ENDING)
    assert ending.count() == 4
    assert "接替" in ending.first().title and "2027年12月9日" in ending.first().title
    # With a successor named it is not an alert (a new posting of the same host).
    ScanMark.objects.all().delete()
    Notification.objects.all().delete()
    successor = Posting.objects.create(person=posting.person, host=posting.host, kind="medical",
                                       direction="east_west", planned_start=D(2027, 12, 10),
                                       planned_end=D(2028, 12, 9))
    Posting.objects.filter(pk=posting.pk).update(successor=successor)
    notify_command("scan", "--today", "2027-11-01")
    assert not Notification.objects.filter(event=Event.POSTING_ENDING).exists()


def test_digest_lists_unread_of_the_chosen_kinds_once(offices, smtp_sink, django_capture_on_commit_callbacks):
    wushan = offices["wushan"]
    Preference.objects.create(user=wushan, event=Event.JOB_FINISHED, email="digest")
    Notification.objects.create(recipient=wushan, event=Event.JOB_FINISHED, title="导出完成：人员.xlsx", url="/jobs/3/")
    Notification.objects.create(recipient=wushan, event=Event.POSTING_ENDING, title="某人即将期满")  # digest by default
    Notification.objects.create(recipient=wushan, event=Event.NEED_APPROVED, title="需求已通过")  # not in the digest
    Notification.objects.create(recipient=offices["kaizhou"], event=Event.JOB_FINISHED, title="开州的导出")
    kaizhou_pref = Preference.objects.create(user=offices["kaizhou"], event=Event.JOB_FINISHED, email="off")
    assert kaizhou_pref.pk
    with django_capture_on_commit_callbacks(execute=True):
        out = notify_command("digest")
    assert smtp_sink.messages == []  # queued; the worker sends
    run_worker()
    mails = {to[0]: content for _sender, to, content in smtp_sink.messages}
    assert "wushan@example.org" in mails
    text = Delivery.objects.get(address="wushan@example.org").text
    assert "导出完成：人员.xlsx" in text and "某人即将期满" in text and "需求已通过" not in text
    assert "/notifications/settings/" in text
    assert "开州的导出" not in "".join(Delivery.objects.values_list("text", flat=True))
    assert "e-mails queued" in out
    # Listed once: the next digest has nothing new for 巫山 (and no to-dos).
    with django_capture_on_commit_callbacks(execute=True):
        notify_command("digest")
    assert Delivery.objects.filter(address="wushan@example.org").count() == 1


def test_a_finished_or_failed_job_tells_its_owner(offices):
    job = Job.objects.create(kind="export", resource="people.person", file_name="人员.xlsx", actor=offices["wushan"],
                             status="succeeded", total=1, done=1, message="已导出 1 条记录。")
    events.publish(events.JOB_FINISHED, job=job)
    (note,) = Notification.objects.filter(recipient=offices["wushan"])
    assert (note.event, note.url) == (Event.JOB_FINISHED, f"/jobs/{job.pk}/")
    assert note.title == "后台任务已完成：人员.xlsx" and note.body == "已导出 1 条记录。"
    job.status = "failed"
    events.publish(events.JOB_FAILED, job=job)
    assert Notification.objects.filter(event=Event.JOB_FAILED, title="后台任务失败：人员.xlsx").exists()


def test_the_worker_publishes_the_end_of_a_job(offices):
    job = Job.objects.create(kind="export", resource="orgs.organisation", file_name="单位.xlsx",
                             actor=offices["wushan"], total=1,
                             spec={"resource": "xiezuo.orgs.resources.OrganisationResource"})
    Job.objects.filter(pk=job.pk).update(spec=job.spec)
    run_job_now(job.pk)
    job.refresh_from_db()
    assert Notification.objects.filter(
        recipient=offices["wushan"],
        event=Event.JOB_FINISHED if job.status == "succeeded" else Event.JOB_FAILED).exists()


def test_a_failing_handler_never_breaks_the_publisher(offices):
    def broken(**kwargs):
        raise RuntimeError("boom")

    events.subscribe("test_event", broken)
    try:
        events.publish("test_event", job=None)  # logged, not raised
    finally:
        events.unsubscribe("test_event", broken)
    assert events.handlers("test_event") == ()


def test_facts_extracted_in_the_worker_wait_for_the_uploader(offices, robot, django_capture_on_commit_callbacks):
    Webhook.objects.create(name="巫山群", platform="wecom", url=robot.url("/w?key=1"),
                           region=offices["wushan_hospital"].region)
    (outcome,) = upload_reports(actor=offices["wushan"], files=[("简报.txt", ARTICLE.encode())])
    assert outcome.status == "extracting" and not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):  # the test's transaction never commits
        run_worker()  # the extraction
    (note,) = Notification.objects.filter(event=Event.FACTS_WAITING)
    assert note.recipient == offices["wushan"] and "条数据待审核" in note.title
    assert note.url == f"/reports/{outcome.document.pk}/"
    run_worker()  # the group robot's message
    assert [p["path"] for p in robot.posts] == ["/w"]

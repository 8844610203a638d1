"""notify(): stored per recipient (not the actor), e-mail and group robots queued after
commit and sent only by the worker, with retries; the recipients helpers."""

import pytest
from django.core import mail
from django.db import transaction

from xiezuo.core.tests.workers import run_worker
from xiezuo.notifications.events import Event
from xiezuo.notifications.models import Delivery, Notification, Preference
from xiezuo.notifications.recipients import admins, coordinators_for, organisation_users
from xiezuo.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_recipients(offices, admin_user):
    assert set(coordinators_for(offices["wushan_hospital"].region)) == {offices["wushan"], offices["chongqing"]}
    assert set(coordinators_for(offices["kaizhou_hospital"].region_id)) == {offices["kaizhou"], offices["chongqing"]}
    assert not coordinators_for(None).exists()
    assert set(organisation_users(offices["cardiology"])) == {offices["ward"], offices["hospital"]}
    assert set(organisation_users(offices["wushan_hospital"].pk)) == {offices["hospital"]}
    assert list(admins()) == [admin_user]


def test_notify_stores_one_per_recipient_but_not_the_actor(offices, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        stored = notify(event=Event.NEED_SUBMITTED,
                        recipients=[offices["wushan"], offices["chongqing"], offices["wushan"]],
                        title="巫山县中医院的需求“心内科医生”已提交，等待您审核", url="/needs/1/",
                        actor=offices["chongqing"])
    assert stored == 1
    (note,) = Notification.objects.all()
    assert note.recipient == offices["wushan"] and note.unread and note.url == "/needs/1/"
    # need_submitted is e-mailed at once by default; nothing leaves before the worker runs.
    assert mail.outbox == []
    (delivery,) = Delivery.objects.all()
    assert (delivery.channel, delivery.address, delivery.status) == ("email", "wushan@example.org", "pending")
    run_worker()
    assert [m.to for m in mail.outbox] == [["wushan@example.org"]]
    assert mail.outbox[0].subject.startswith("巫山县中医院的需求")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 1)


def test_preferences_decide_the_email(offices, django_capture_on_commit_callbacks):
    Preference.objects.create(user=offices["wushan"], event=Event.NEED_SUBMITTED, email="off")
    Preference.objects.create(user=offices["kaizhou"], event=Event.JOB_FINISHED, email="instant")
    with django_capture_on_commit_callbacks(execute=True):
        notify(event=Event.NEED_SUBMITTED, recipients=[offices["wushan"]], title="t")
        notify(event=Event.JOB_FINISHED, recipients=[offices["kaizhou"]], title="导出完成")
    assert list(Delivery.objects.values_list("address", flat=True)) == ["kaizhou@example.org"]


def test_rolled_back_event_leaves_nothing(offices):


    with pytest.raises(RuntimeError), transaction.atomic():
        notify(event=Event.NEED_SUBMITTED, recipients=[offices["wushan"]], title="t", region=offices["wushan_hospital"].region)
        raise RuntimeError
    assert not Notification.objects.exists() and not Delivery.objects.exists()

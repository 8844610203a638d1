"""Delivery in the worker (`xiezuo db_worker`): one django-tasks task per outgoing
message (`Delivery`), enqueued after the transaction that stored it commits. A failure
(SMTP error, HTTP 5xx, time-out, errcode ≠ 0) is recorded and retried later with a
growing delay (``XIEZUO_NOTIFY_BACKOFF_SECONDS``); after the last delay it stays failed.

The task path `xiezuo.notifications.tasks.deliver` is stored with every queued task."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from xiezuo.notifications import webhooks
from xiezuo.notifications.models import Channel, Delivery, DeliveryStatus

logger = logging.getLogger(__name__)
ERROR_LIMIT = 2000


def backoff() -> list[float]:
    """Seconds to wait before each retry; one attempt more than there are delays."""
    return [float(s) for s in settings.XIEZUO_NOTIFY_BACKOFF_SECONDS]


def enqueue(delivery_ids: list[int]) -> None:
    """Queue the deliveries once the current transaction commits (at once outside one)."""
    ids = list(delivery_ids)
    if ids:
        transaction.on_commit(lambda: _enqueue_now(ids))


def _enqueue_now(ids: list[int], run_after: datetime.datetime | None = None) -> None:
    for pk in ids:
        try:
            if run_after is None:
                deliver.enqueue(pk)
            else:
                deliver.using(run_after=run_after).enqueue(pk)
        except Exception:  # noqa: BLE001 — the delivery stays pending; `notify retry` finds it
            logger.exception("delivery %s: not queued", pk)


@task()
def deliver(delivery_id: int) -> str:
    """Send one e-mail or group robot message."""
    return send(delivery_id)


def send(delivery_id: int) -> str:
    delivery = Delivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return "missing" if delivery is None else delivery.status
    delivery.attempts += 1
    try:
        _send(delivery)
    except Exception as error:  # noqa: BLE001 — SMTP, HTTP, time-out, errcode ≠ 0: recorded, retried
        delivery.last_error = str(error)[:ERROR_LIMIT] or type(error).__name__
        delays = backoff()
        if delivery.attempts > len(delays):
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
            delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return delivery.status
        due = timezone.now() + datetime.timedelta(seconds=delays[delivery.attempts - 1])
        delivery.next_attempt_at = due
        delivery.save(update_fields=["attempts", "last_error", "next_attempt_at"])
        _enqueue_now([delivery.pk], run_after=due)
        return "retrying"
    delivery.status, delivery.sent_at, delivery.next_attempt_at = DeliveryStatus.SENT, timezone.now(), None
    delivery.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at", "last_error"])
    return delivery.status


def _send(delivery: Delivery) -> None:
    if delivery.channel == Channel.EMAIL:
        send_mail(delivery.subject, delivery.text, None, [delivery.address], fail_silently=False)
        return
    hook = delivery.webhook
    if hook is None:
        raise webhooks.SendError("the group robot was deleted")
    webhooks.post(hook, webhooks.payload(hook, title=delivery.subject, text=delivery.text))


def retry_pending(older_than: datetime.timedelta) -> int:
    """Queue again the pending deliveries whose task got lost (a worker that died, a
    queue that failed): those due for longer than `older_than`."""
    limit = timezone.now() - older_than
    ids = list(Delivery.objects.filter(status=DeliveryStatus.PENDING, created_at__lt=limit)
               .exclude(next_attempt_at__gt=limit).values_list("pk", flat=True))
    _enqueue_now(ids)
    return len(ids)

"""Reads of notifications: a user's own notifications (never another's, administrators
included), the group robots a user may see or change, and what was posted to them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from xiezuo.accounts.models import Role
from xiezuo.core.scoping import Action, get_for_change, scoped, user_role
from xiezuo.core.types import Actor
from xiezuo.notifications.models import Delivery, Notification, Webhook

RECENT_DELIVERIES = 10


def own_notifications(user: Actor) -> QuerySet[Notification]:
    """The user's notifications, newest first. `scoped` lets administrators read every
    notification; here each user, administrators too, reads their own only."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return scoped(Notification, user).filter(recipient_id=user.pk)


def unread_count(user: Actor) -> int:
    """One query: the header's badge."""
    return own_notifications(user).filter(read_at__isnull=True).count()


def own_notification(user: Actor, notification_id: int) -> Notification:
    """One of the user's notifications; 404 for anyone else's."""
    found = own_notifications(user).filter(pk=notification_id).first()
    if found is None:
        raise Http404
    return found


def may_manage_webhooks(user: Actor) -> bool:
    """Administrators and coordinators set up the group robots of their offices."""
    return user_role(user) in (Role.ADMIN, Role.COORDINATOR)


def visible_webhooks(user: Actor) -> QuerySet[Webhook]:
    if not may_manage_webhooks(user):
        return Webhook.objects.none()
    return scoped(Webhook, user).select_related("region", "organisation")


def webhook_for_change(user: Actor, webhook_id: int) -> Webhook:
    """A robot the user may change: 404 outside their offices."""
    if not may_manage_webhooks(user):
        raise Http404
    return get_for_change(Webhook, user, pk=webhook_id)


def recent_deliveries(user: Actor, webhook: Webhook) -> QuerySet[Delivery]:
    return scoped(Delivery, user, Action.VIEW).filter(webhook=webhook)[:RECENT_DELIVERIES]

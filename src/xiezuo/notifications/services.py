"""The only writer of notifications: `notify` (the interface the other apps call),
reading them, preferences and group robots. See docs/notifications.md."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xiezuo.core.scoping import ensure_in_scope, scoped
from xiezuo.core.types import Actor
from xiezuo.notifications import preferences, tasks, webhooks
from xiezuo.notifications.events import Event
from xiezuo.notifications.models import (
    Channel,
    Delivery,
    EmailChoice,
    Notification,
    Preference,
    Webhook,
)
from xiezuo.notifications.selectors import may_manage_webhooks
from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Region

TITLE_LIMIT = 255


def absolute(url: str) -> str:
    """A link as the outside world (an e-mail, a group chat) reaches it."""
    if not url or "://" in url:
        return url
    return settings.XIEZUO_SITE_URL.rstrip("/") + url if settings.XIEZUO_SITE_URL else url


def email_text(*, body: str, url: str) -> str:
    parts = [body] if body else []
    if url:
        parts.append(absolute(url))
    return "\n\n".join(parts)


@transaction.atomic
def notify(*, event: str, recipients: Iterable[User], title: str, body: str = "", url: str = "",
           actor: User | None = None, region: Region | int | None = None,
           organisation: Organisation | int | None = None, key: str = "") -> int:
    """Store one in-app notification per recipient (never the actor himself) and queue
    e-mail / webhook delivery for after the transaction commits (the job worker sends;
    nothing is sent inside the web request). Returns the number stored.

    `region` / `organisation`: the office the event belongs to; its group robots (and
    those of the offices above it that asked for it) are told. `key`: what a scheduled
    scan notified about, so that it does not notify again."""
    title = str(title)[:TITLE_LIMIT]
    body, url = str(body), str(url)
    actor_id = getattr(actor, "pk", None)
    people: dict[int, User] = {}
    for user in recipients:
        if user.pk is not None and user.pk != actor_id and user.is_active:
            people.setdefault(user.pk, user)
    stored = Notification.objects.bulk_create([
        Notification(recipient=user, event=event, title=title, body=body, url=url,
                     actor_id=actor_id, key=key)
        for user in people.values()
    ])
    deliveries: list[Delivery] = []
    choices = preferences.choices_for(people, event)
    text = email_text(body=body, url=url)
    for notification in stored:
        user = people[notification.recipient_id]
        if user.email and choices[user.pk] == EmailChoice.INSTANT:
            deliveries.append(Delivery(channel=Channel.EMAIL, event=event, notification=notification,
                                       address=user.email, subject=title, text=text))
    if region is not None or organisation is not None:
        markdown = webhooks.markdown(title=title, body=body, link=absolute(url))
        deliveries += [Delivery(channel=Channel.WEBHOOK, event=event, webhook=hook, subject=title,
                                text=markdown)
                       for hook in webhooks.webhooks_for(event, region=region, organisation=organisation)]
    if deliveries:
        created = Delivery.objects.bulk_create(deliveries)
        tasks.enqueue([d.pk for d in created])
    return len(stored)


# ---- reading -------------------------------------------------------------------------


def mark_read(*, user: User, notification_id: int) -> bool:
    """Mark one of the user's notifications read; False when it is not theirs (→ 404)."""
    mine = Notification.objects.filter(recipient=user, pk=notification_id)
    if not mine.exists():
        return False
    mine.filter(read_at__isnull=True).update(read_at=timezone.now())
    return True


def mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


# ---- preferences -----------------------------------------------------------------------


@transaction.atomic
def save_preferences(*, user: User, choices: Mapping[str, str]) -> None:
    """Store the user's e-mail choice per kind (a kind left out keeps its choice)."""
    valid = set(EmailChoice.values)
    for event, choice in choices.items():
        if event not in preferences.CHOOSABLE or choice not in valid:
            raise ValidationError({event: _("Choose how you want to be told.")})
        Preference.objects.update_or_create(user=user, event=event, defaults={"email": choice})


# ---- group robots ----------------------------------------------------------------------


def _ensure_office(actor: Actor, region: Region | None, organisation: Organisation | None) -> None:
    """A robot belongs to one office the actor is responsible for (administrators: any)."""
    if not may_manage_webhooks(actor):
        raise PermissionDenied(_("Only coordinators and administrators set up group robots."))
    if (region is None) == (organisation is None):
        raise ValidationError({"region": _("A group robot belongs to a region or to an organisation.")})
    if region is not None and not scoped(Region, actor).filter(pk=region.pk).exists():
        raise ValidationError({"region": _("You may set up group robots only for the area you are responsible for.")})
    if organisation is not None and not scoped(Organisation, actor).filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _(
            "You may set up group robots only for the area you are responsible for.")})


def _ensure_robot_host(url: str) -> None:
    """The worker posts to the address from inside the network: only the robot services'
    hosts (``XIEZUO_WEBHOOK_HOSTS``; "*" allows any) may be named on the pages."""
    allowed = settings.XIEZUO_WEBHOOK_HOSTS
    host = (urlsplit(url.strip()).hostname or "").lower()
    if "*" not in allowed and host not in allowed:
        raise ValidationError({"url": _(
            "This is not the address of a WeChat Work or DingTalk group robot (%(hosts)s). "
            "Copy the robot's address from the group's settings.") % {"hosts": "、".join(allowed)}})


def _clean_events(events: Iterable[str]) -> list[str]:
    chosen = [str(e) for e in events]
    unknown = [e for e in chosen if e not in Event.values or e == Event.DIGEST]
    if unknown:
        raise ValidationError({"events": _("Unknown kind of notification.")})
    return chosen


def save_webhook(*, actor: Actor, instance: Webhook | None = None, name: str, platform: str,
                 url: str, secret: str = "", region: Region | None = None,
                 organisation: Organisation | None = None, events: Iterable[str] = (),
                 include_below: bool = True, active: bool = True) -> Webhook:
    """Create a robot (no `instance`) or change one. An empty `secret` keeps the stored one
    (it is never shown back in full)."""
    with transaction.atomic():
        if instance is not None:
            ensure_in_scope(instance, actor)
            hook = Webhook.objects.select_for_update().get(pk=instance.pk)
        else:
            hook = Webhook()
        _ensure_office(actor, region, organisation)
        _ensure_robot_host(url)
        hook.name, hook.platform, hook.url = name.strip(), platform, url.strip()
        if secret.strip():
            hook.secret = secret.strip()
        hook.region, hook.organisation = region, organisation
        hook.events, hook.include_below, hook.active = _clean_events(events), include_below, active
        hook.full_clean()
        hook.save()
    return hook


def delete_webhook(*, actor: Actor, instance: Webhook) -> None:
    ensure_in_scope(instance, actor)
    instance.delete()


def send_test(*, actor: Actor, webhook: Webhook) -> Delivery:
    """Queue a test message to the robot; the worker posts it (never this request)."""
    ensure_in_scope(webhook, actor)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Test message from xiezuo")
        body = _("The group robot “%(name)s” of %(office)s works: notifications of this office "
                 "will arrive in this group.") % {"name": webhook.name, "office": webhook.office}
    with transaction.atomic():
        delivery = Delivery.objects.create(
            channel=Channel.WEBHOOK, event="", webhook=webhook, subject=title,
            text=webhooks.markdown(title=title, body=body))
        tasks.enqueue([delivery.pk])
    return delivery

"""The daily digest (`xiezuo notify digest`, daily from cron): one e-mail per user who
chose "daily digest" for some kind, listing their unread notifications of those kinds not
yet listed in an earlier digest, and their open to-dos (the home page's). Sent by the
worker like every e-mail (a `Delivery`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from xiezuo.core.todos import todos_for
from xiezuo.notifications import preferences, tasks
from xiezuo.notifications.events import Event
from xiezuo.notifications.models import Channel, Delivery, Notification
from xiezuo.notifications.services import absolute

MAX_LISTED = 50  # notifications listed in one digest (the rest: "and N more")


@dataclass
class DigestOutcome:
    users: int = 0
    notifications: int = 0


def digest_text(user: User, notes: list[Notification], todos: list[tuple[str, str]], more: int) -> str:
    name = user.get_full_name() or user.get_username()
    lines = [_("Hello %(name)s,") % {"name": name}, ""]
    if notes:
        lines.append(_("New notifications (%(count)s):") % {"count": len(notes) + more})
        for note in notes:
            lines.append(f"- {note.title}")
            if note.url:
                lines.append(f"  {absolute(note.url)}")
        if more:
            lines.append(_("… and %(count)s more.") % {"count": more})
        lines.append("")
    if todos:
        lines.append(_("Waiting for you:"))
        lines += [f"- {text}  {absolute(url)}" for text, url in todos]
        lines.append("")
    lines.append(_("All notifications: %(url)s") % {"url": absolute(reverse("notifications:list"))})
    lines.append(_("Change what you receive: %(url)s") % {"url": absolute(reverse("notifications:preferences"))})
    return "\n".join(lines)


def send_digests() -> DigestOutcome:
    outcome = DigestOutcome()
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("xiezuo daily digest, %(day)s") % {
            "day": formats.date_format(timezone.localdate(), "DATE_FORMAT")}
        for user in User.objects.filter(is_active=True).exclude(email="").order_by("pk"):
            kinds = preferences.digest_kinds(user.pk)
            if not kinds:
                continue
            waiting = Notification.objects.filter(recipient=user, read_at__isnull=True, digested_at__isnull=True,
                                                  event__in=kinds)
            notes = list(waiting.order_by("-created_at")[:MAX_LISTED])
            more = waiting.count() - len(notes) if len(notes) == MAX_LISTED else 0
            todos = [(item.text, item.url) for item in todos_for(user)]
            if not notes and not todos:
                continue
            with transaction.atomic():
                delivery = Delivery.objects.create(
                    channel=Channel.EMAIL, event=Event.DIGEST, address=user.email, subject=subject,
                    text=digest_text(user, notes, todos, more))
                waiting.update(digested_at=now)
                tasks.enqueue([delivery.pk])
            outcome.users += 1
            outcome.notifications += len(notes) + more
    return outcome

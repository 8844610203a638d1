"""Group robots: which robots hear of an event of an office, what they are sent
(WeChat Work and DingTalk markdown messages), how DingTalk requests are signed, and
the one HTTP post (the worker's; see `tasks`)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from xiezuo.notifications.models import Platform, Webhook
from xiezuo.notifications.recipients import organisation_chain, region_chain
from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Region

TIMEOUT_SECONDS = 10
MILLISECONDS = 1000
ANSWER_LIMIT = 500  # characters of an answer kept as the error


class SendError(Exception):
    """A post that did not arrive (HTTP error, time-out, errcode ≠ 0): retried."""


def webhooks_for(event: str, *, region: Region | int | None = None,
                 organisation: Organisation | int | None = None) -> list[Webhook]:
    """The active robots of the office of an event and of the offices above it.

    The office is the organisation when given (its region follows), else the region. A
    robot of the office itself always hears of it; a robot of an office above it only
    with `include_below`. A robot with no events chosen hears of every kind."""
    if isinstance(organisation, int):
        organisation = Organisation.objects.filter(pk=organisation).first()
    orgs = organisation_chain(organisation)
    if organisation is not None:
        region = organisation.region_id
    regions = region_chain(region)
    if not orgs and not regions:
        return []
    own = Q(organisation_id=orgs[0]) if orgs else Q(region_id=regions[0])
    above = Q(pk__in=[])
    if orgs[1:]:
        above |= Q(organisation_id__in=orgs[1:])
    # An organisation's event is below its region; a region's event below its ancestors.
    above_regions = regions if orgs else regions[1:]
    if above_regions:
        above |= Q(region_id__in=above_regions)
    candidates: QuerySet[Webhook] = Webhook.objects.filter(active=True).filter(
        own | (above & Q(include_below=True)))
    return [hook for hook in candidates if not hook.events or event in hook.events]


def markdown(*, title: str, body: str = "", link: str = "") -> str:
    lines = [f"**{title}**"]
    if body:
        lines += ["", body]
    if link:
        lines += ["", f"[{link}]({link})"]
    return "\n".join(lines)


def payload(hook: Webhook, *, title: str, text: str) -> dict[str, Any]:
    if hook.platform == Platform.DINGTALK:
        return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    return {"msgtype": "markdown", "markdown": {"content": text}}


def dingtalk_sign(secret: str, timestamp: int) -> str:
    """base64(HMAC-SHA256(secret, "timestamp\\nsecret")), as DingTalk's 加签 asks."""
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def signed_url(hook: Webhook, timestamp: int | None = None) -> str:
    if hook.platform != Platform.DINGTALK or not hook.secret:
        return hook.url
    stamp = timestamp if timestamp is not None else int(time.time() * MILLISECONDS)
    query = urllib.parse.urlencode({"timestamp": stamp, "sign": dingtalk_sign(hook.secret, stamp)})
    return f"{hook.url}{'&' if '?' in hook.url else '?'}{query}"


def post(hook: Webhook, body: dict[str, Any]) -> None:
    """Post one message; raise SendError when it did not arrive."""
    data = json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(signed_url(hook), data=data, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 — configured robot
            answer = response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        raise SendError(f"HTTP {error.code}: {error.read().decode('utf-8', 'replace')[:ANSWER_LIMIT]}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise SendError(f"{type(error).__name__}: {error}") from error
    try:
        parsed = json.loads(answer) if answer.strip() else {}
    except ValueError:
        parsed = {}
    if isinstance(parsed, dict) and parsed.get("errcode", 0) not in (0, "0"):
        raise SendError(f"errcode {parsed.get('errcode')}: {parsed.get('errmsg', '')}"[:ANSWER_LIMIT])


def hook_ids(hooks: Iterable[Webhook]) -> list[int]:
    return [hook.pk for hook in hooks]

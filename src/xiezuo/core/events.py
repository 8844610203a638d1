"""A tiny, explicit event registry: how `core` tells apps that something happened
without importing them (`core` imports no app).

An app subscribes a handler in its ``AppConfig.ready()``::

    from xiezuo.core import events
    events.subscribe(events.JOB_FINISHED, handler)

and core publishes::

    events.publish(events.JOB_FINISHED, job=job)

Handlers are called in the order they subscribed, synchronously, with the keyword
arguments of the `publish` call. A failing handler is logged and never breaks the
publisher (a job that finished stays finished if its notification cannot be stored).
Nothing here is queued or sent: a handler that sends something queues it itself
(`xiezuo.notifications` stores a notification and lets its worker deliver it).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

# The events core publishes (names, not enums: apps may publish their own through here too).
JOB_FINISHED = "job_finished"  # job=<core.Job>, a background job succeeded
JOB_FAILED = "job_failed"  # job=<core.Job>, a background job failed (or its worker died)

Handler = Callable[..., Any]
_handlers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(event: str, handler: Handler) -> None:
    """Call `handler(**kwargs)` whenever `event` is published (once, however often it subscribes)."""
    if handler not in _handlers[event]:
        _handlers[event].append(handler)


def unsubscribe(event: str, handler: Handler) -> None:
    if handler in _handlers[event]:
        _handlers[event].remove(handler)


def publish(event: str, **kwargs: Any) -> None:
    """Call every handler of `event`; a handler's failure is logged, not raised."""
    for handler in list(_handlers[event]):
        try:
            handler(**kwargs)
        except Exception:  # noqa: BLE001 — an event never breaks the one who publishes it
            logger.exception("event %s: handler %r failed", event, handler)


def handlers(event: str) -> tuple[Handler, ...]:
    return tuple(_handlers[event])

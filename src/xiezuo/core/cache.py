"""Computed figures cached per (scope, selection, year), invalidated by the writes.

A figure (the dashboard, the exchange overview, the home page's counts, the coverage) is
stored in Django's cache — Redis in production (`XIEZUO_CACHE_URL`), local memory by
default — under a key made of

- what it is (`name`) and what chose it (`key`: the selection, the year, the day …),
- the scope of the user who reads it (`scoping.scope_key`: the same figures for every
  coordinator of one region, never one region's figures for another),
- the language, and
- the current *generation* of every topic (an app label: "exchange", "people", …) the
  figure is computed from.

A service that writes records calls `changed(Model)` (or `changed("app_label")`). That
bumps the generation of the record's app when the transaction commits, so the next read
builds a new key and computes afresh; an old entry is never read again and expires.
Generations live in the database (`CacheGeneration`), so a job worker's write is seen by
every web worker even with a per-process memory cache. The timeout
(`XIEZUO_CACHE_SECONDS`) only frees memory; correctness never waits for it.

Why after the commit: a reader reads the generations before it computes. If the bump came
before the commit, a reader could compute from the old data and store it under the new
generation. Bumped after it, stale data is only ever stored under an old generation.
Inside the writing transaction (the request that wrote, a test) the topics it changed are
"stale here": figures of them are computed, never read from the cache, until it ends.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F, Model
from django.utils import translation

from xiezuo.core.models import CacheGeneration
from xiezuo.core.scoping import scope_key
from xiezuo.core.types import Actor

logger = logging.getLogger(__name__)
T = TypeVar("T")
_MISSING = object()
_PENDING = "xiezuo_pending_figures"  # attribute of the connection: its open transaction's `_Pending`


@functools.cache
def every_topic() -> tuple[str, ...]:
    """Every app of the product (a figure that counts across all of them: the home page)."""
    return tuple(sorted(c.label for c in apps.get_app_configs() if c.name.startswith("xiezuo.")))


def topic_of(source: type[Model] | Model | str) -> str:
    return source if isinstance(source, str) else source._meta.app_label


class _Pending:
    """The topics the open transaction wrote; registered with `on_commit`, it bumps them."""

    def __init__(self) -> None:
        self.topics: set[str] = set()

    def __call__(self) -> None:
        _bump(self.topics)


def _pending(connection: Any) -> _Pending | None:
    """The open transaction's `_Pending`: None once that transaction has ended (committed,
    or rolled back — then Django has dropped its on-commit callbacks, ours with them)."""
    pending = connection.__dict__.get(_PENDING)
    if pending is None or not connection.in_atomic_block:
        return None
    return pending if any(entry[1] is pending for entry in connection.run_on_commit) else None


def changed(*sources: type[Model] | Model | str) -> None:
    """Records of these models (or apps) were written: the figures computed from them are
    stale once this transaction commits (at once outside a transaction)."""
    topics = {topic_of(s) for s in sources}
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        _bump(topics)
        return
    pending = _pending(connection)
    if pending is None:
        pending = connection.__dict__[_PENDING] = _Pending()
        transaction.on_commit(pending, robust=True)
    pending.topics.update(topics)


def _bump(topics: Iterable[str]) -> None:
    topics = sorted(topics)
    CacheGeneration.objects.bulk_create([CacheGeneration(topic=t) for t in topics], ignore_conflicts=True)
    CacheGeneration.objects.filter(topic__in=topics).update(value=F("value") + 1)


def _stale_here(topics: Iterable[str]) -> bool:
    """Did this connection's open transaction write any of the topics?"""
    pending = _pending(connections[DEFAULT_DB_ALIAS])
    return pending is not None and not pending.topics.isdisjoint(topics)


def _generations(topics: tuple[str, ...]) -> str:
    """The current generation of each topic (sorted), as one text for the key."""
    found = dict(CacheGeneration.objects.filter(topic__in=topics).values_list("topic", "value"))
    return ".".join(f"{found.get(t, 0)}" for t in topics)


def cached(name: str, *, user: Actor, key: Iterable[Any], topics: Iterable[str], compute: Callable[[], T]) -> T:
    """The figure `name` for this user's scope and `key`: from the cache when nothing it
    is computed from (`topics`) changed since, else `compute()` (and stored)."""
    topics = tuple(sorted(set(topics)))
    if not settings.XIEZUO_CACHE_SECONDS or _stale_here(topics):
        return compute()
    database = connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]  # one Redis, several databases
    what = repr((database, scope_key(user), tuple(key), translation.get_language()))
    digest = hashlib.blake2b(what.encode(), digest_size=16).hexdigest()
    cache_key = f"xiezuo:{name}:{digest}:{_generations(topics)}"
    try:
        hit = cache.get(cache_key, _MISSING)
    except Exception:  # noqa: BLE001 — a cache that is down slows the page, never breaks it
        logger.warning("cache unavailable, computing %s", name, exc_info=True)
        return compute()
    if hit is not _MISSING:
        return hit  # type: ignore[no-any-return]
    value = compute()
    try:
        cache.set(cache_key, value, settings.XIEZUO_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("cache unavailable, %s not stored", name, exc_info=True)
    return value

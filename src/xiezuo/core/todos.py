"""The home page's to-dos: what waits for someone in the user's scope.

Core imports no app, so each app contributes its to-dos from a `todos` module
(`<app>/todos.py`, found once by `discover()` as the admin finds `admin` modules) with
`register(ToDo(...))`, and the actions worth a shortcut with `register_shortcut(...)`.
A to-do counts through `scoped()` (its `count` gets the user and reads nothing else) and
links to the list that shows those records — filtered where the list's filters allow.
Core's own to-do (failed background jobs) is declared at the end of this module.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.module_loading import autodiscover_modules
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from xiezuo.core.cache import cached, every_topic
from xiezuo.core.jobs import recently_failed
from xiezuo.core.models import Job
from xiezuo.core.scoping import may_change_model, scoped, user_role
from xiezuo.core.types import Actor


@dataclass(frozen=True)
class ToDo:
    """One kind of work waiting: `label` has a ``%(count)s`` placeholder (“%(count)s 条数据项
    待审核”); `url` is the list (with its filter in the query string); `note` says what the
    list shows when its filter cannot select exactly these records."""

    key: str
    label: Promise
    count: Callable[[Actor], int]
    url: Callable[[], str]
    order: int = 100
    note: Promise | str = ""


@dataclass(frozen=True)
class Shortcut:
    """An action offered on the home page to users whose role may change `model`."""

    key: str
    label: Promise
    url_name: str
    model: str  # "app_label.model": shown when `may_change_model(user, model)`
    order: int = 100


@dataclass(frozen=True)
class Item:
    todo: ToDo
    count: int
    url: str

    @property
    def text(self) -> str:
        return str(self.todo.label) % {"count": f"{self.count:,}"}

    @property
    def html(self) -> SafeString:
        """The line with its count in bold (the label escaped)."""
        count = format_html('<strong class="todo-count">{}</strong>', f"{self.count:,}")
        return mark_safe(str(conditional_escape(str(self.todo.label))) % {"count": count})  # noqa: S308 - escaped above


_TODOS: dict[str, ToDo] = {}
_SHORTCUTS: dict[str, Shortcut] = {}


def register(todo: ToDo) -> ToDo:
    _TODOS[todo.key] = todo
    return todo


def register_shortcut(shortcut: Shortcut) -> Shortcut:
    _SHORTCUTS[shortcut.key] = shortcut
    return shortcut


@functools.cache
def discover() -> None:
    """Import every installed app's `todos` module once (cached: asking again for the
    modules most apps lack would search the file system on every home page)."""
    autodiscover_modules("todos")


def todos_for(user: Actor) -> list[Item]:
    """The to-dos with something waiting in the user's scope (nothing for a user without
    a role), in their order. The counts are cached per user and day (some count the user's
    own work, some the last 30 days) until a write changes any app's records."""
    discover()
    if user_role(user) is None:
        return []
    todos = sorted(_TODOS.values(), key=lambda t: (t.order, t.key))
    counts = cached("home.todos", user=user, key=(user.pk, datetime.date.today()), topics=every_topic(),
                    compute=lambda: {todo.key: todo.count(user) for todo in todos})
    return [Item(todo=todo, count=counts[todo.key], url=todo.url()) for todo in todos if counts.get(todo.key)]


def shortcuts_for(user: Actor) -> list[tuple[str, str]]:
    """(label, url) of the actions the user's role may take."""
    discover()
    return [(str(s.label), reverse(s.url_name))
            for s in sorted(_SHORTCUTS.values(), key=lambda s: (s.order, s.key))
            if may_change_model(user, s.model)]


# ---- core's own: background jobs that failed -----------------------------------------------

def failed_jobs(user: Actor) -> int:
    """The user's background jobs (an administrator: everyone's) that failed lately."""
    return recently_failed(scoped(Job, user)).count()


register(ToDo(
    key="core.failed_jobs", order=90, count=failed_jobs,
    url=lambda: reverse("job_list") + "?show=failed",
    label=_("%(count)s background jobs failed in the last 30 days"),
))

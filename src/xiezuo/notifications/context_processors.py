"""The header's unread badge on every page: one count query, run only when a template
shows it (a callable: Django's templates call it; the result is kept for the request)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from xiezuo.notifications.selectors import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def unread() -> int:
        return unread_count(user)

    return {"unread_notifications": unread}

"""How a user is named on a page: `{% load names %}{{ decision.by|who }}` — the full name,
else the user name, else “—” (a deleted user or a step taken by the system)."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import User

register = template.Library()

NOBODY = "—"


@register.filter
def who(user: User | None) -> str:
    if user is None:
        return NOBODY
    return user.get_full_name() or user.get_username() or NOBODY

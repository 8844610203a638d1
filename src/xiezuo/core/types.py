"""Types shared by core and the apps."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User

# Who reads or writes: a signed-in user (the page's and the API's `request.user`, the
# command line's user, a job's owner), or an anonymous one, who sees and may do nothing.
Actor: TypeAlias = User | AnonymousUser

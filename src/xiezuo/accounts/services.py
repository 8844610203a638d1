"""Password reset by an administrator: the one writer of another user's password.

A user changes their own password with Django's PasswordChangeView (old password first);
an administrator (a superuser, or a user whose scope has the administrator role) sets a
new password for another user here. Coordinators, auditors and every other role may not.
An administrator who is not a superuser may not reset a superuser's password.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from xiezuo.accounts.models import Role
from xiezuo.core.scoping import user_role
from xiezuo.core.types import Actor


def may_reset_passwords(actor: Actor) -> bool:
    return user_role(actor) == Role.ADMIN


def resettable_users(actor: Actor) -> QuerySet[User]:
    """The users whose password the actor may reset (PermissionDenied for other roles)."""
    if not may_reset_passwords(actor):
        raise PermissionDenied(_("Only system administrators reset other users' passwords."))
    users = User._default_manager.select_related("scope").order_by("username")
    if not getattr(actor, "is_superuser", False):
        users = users.filter(is_superuser=False)
    return users


def resettable_user(actor: Actor, user_id: int) -> User:
    """One user whose password the actor may reset; 404 when there is none such."""
    try:
        return resettable_users(actor).get(pk=user_id)
    except User.DoesNotExist:
        raise Http404 from None


@transaction.atomic
def reset_password(*, actor: Actor, user_id: int, password: str) -> User:
    """Set a new password for a user; the password validators apply (ValidationError)."""
    user = resettable_user(actor, user_id)
    password_validation.validate_password(password, user=user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user

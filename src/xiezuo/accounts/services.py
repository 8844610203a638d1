"""Password reset by an administrator, and personal API tokens: their writers.

A user changes their own password with Django's PasswordChangeView (old password first);
an administrator (a superuser, or a user whose scope has the administrator role) sets a
new password for another user here. Coordinators, auditors and every other role may not.
An administrator who is not a superuser may not reset a superuser's password.

API tokens (`ApiToken`): every user with a role creates and revokes their own; an
administrator revokes anyone's in the back office (`revoke_tokens`). `authenticate_token`
is the JSON API's way in: the token's owner, or `TokenRejected` with the reason in words.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.accounts import tokens
from xiezuo.accounts.models import ApiToken, ApiTokenUse, Role
from xiezuo.accounts.selectors import own_token
from xiezuo.core.scoping import signed_in, user_role
from xiezuo.core.types import Actor

log = logging.getLogger("xiezuo.api.tokens")

# How long a new token works: the choices offered (days; None: until revoked).
TOKEN_LIFETIMES: tuple[int | None, ...] = (30, 90, 365, None)
DEFAULT_LIFETIME = 90
# Tokens a user may hold at once (active ones: neither revoked nor expired).
MAX_ACTIVE_TOKENS = 10
PATH_LENGTH = ApiTokenUse._meta.get_field("path").max_length or 0


def may_reset_passwords(actor: Actor) -> bool:
    return user_role(actor) == Role.ADMIN


def resettable_users(actor: Actor) -> QuerySet[User]:
    """The users whose password the actor may reset (PermissionDenied for other roles)."""
    if not may_reset_passwords(actor):
        raise PermissionDenied(_("Only system administrators reset other users' passwords."))
    users = User._default_manager.select_related(
        "scope__region", "scope__organisation", "scope__person").order_by("username")
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


# ---- personal API tokens --------------------------------------------------------------


class TokenRejected(Exception):
    """A request's token that lets nobody in; the message says why, for the 401 answer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def may_hold_tokens(actor: Actor) -> bool:
    """Users with a role (or superusers); a user without a scope could read nothing."""
    return user_role(actor) is not None


def active_tokens(owner: User) -> QuerySet[ApiToken]:
    now = timezone.now()
    return owner.api_tokens.filter(revoked_at__isnull=True).exclude(expires_at__lte=now)


@transaction.atomic
def create_token(*, actor: Actor, name: str, lifetime_days: int | None) -> tuple[ApiToken, str]:
    """A new token of the actor's; returns it and the token text, which is not stored
    (only its digest) and so can be shown this once only."""
    if not may_hold_tokens(actor):
        raise PermissionDenied(_("Your account has no area of responsibility yet, so an API "
                                 "token could read nothing. Ask the system administrator."))
    owner = signed_in(actor)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the system that will use it.")})
    if lifetime_days not in TOKEN_LIFETIMES:
        raise ValidationError({"lifetime": _("Choose how long the token works.")})
    User._default_manager.select_for_update().filter(pk=owner.pk).first()  # one creation at a time
    if active_tokens(owner).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You already have %(n)d active tokens. Revoke one you no longer use first.")
            % {"n": MAX_ACTIVE_TOKENS})
    made = tokens.new_token()
    expires = timezone.now() + datetime.timedelta(days=lifetime_days) if lifetime_days else None
    token = ApiToken.objects.create(owner=owner, name=name, prefix=made.prefix,
                                    digest=made.digest, expires_at=expires)
    log.info("API token %s (xz_%s…) created by %s", token.pk, token.prefix, owner.get_username())
    return token, made.plain


def _revoke(token: ApiToken, by: User) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
        log.info("API token %s (xz_%s…) of %s revoked by %s", token.pk, token.prefix,
                 token.owner.get_username(), by.get_username())
    return token


@transaction.atomic
def revoke_token(*, actor: Actor, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens (another user's: 404); revoking twice is harmless."""
    return _revoke(own_token(actor, token_id, for_update=True), signed_in(actor))


@transaction.atomic
def revoke_tokens(*, actor: Actor, token_ids: Iterable[int]) -> int:
    """Revoke any users' tokens: administrators who may change tokens in the back office."""
    user = signed_in(actor)
    if not (user_role(user) == Role.ADMIN and user.has_perm("accounts.change_apitoken")):
        raise PermissionDenied(_("Only system administrators revoke other users' tokens."))
    found = ApiToken.objects.select_for_update(of=("self",)).select_related("owner").filter(
        pk__in=list(token_ids), revoked_at__isnull=True)
    revoked = [_revoke(token, user) for token in found]
    return len(revoked)


def authenticate_token(*, plain: str, ip: str | None, method: str, path: str) -> User:
    """The owner of a working token, with the use recorded (last use, a log row, a log
    line); `TokenRejected` for text that is no token, an unknown, revoked or expired one,
    or an owner whose account is disabled."""
    prefix = tokens.prefix_of(plain)
    candidates = ApiToken.objects.select_related("owner").filter(prefix=prefix) if prefix else []
    token = next((t for t in candidates if tokens.matches(plain, t.digest)), None)
    if token is None:
        raise TokenRejected(_("The API token is not valid. Check that it was copied in full, "
                              "or create a new one under API tokens."))
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRejected(_("This API token has been revoked."))
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenRejected(_("This API token has expired. Create a new one under API tokens."))
    if not token.owner.is_active:
        raise TokenRejected(_("The account this API token belongs to has been disabled."))
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=ip)
    ApiTokenUse.objects.create(token=token, ip=ip, method=method[:8], path=path[:PATH_LENGTH])
    log.info("API token %s (xz_%s…) of %s: %s %s from %s", token.pk, token.prefix,
             token.owner.get_username(), method, path, ip or "-")
    return token.owner

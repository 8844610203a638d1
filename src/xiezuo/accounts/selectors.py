"""Reads of the accounts app: a user's own API tokens. Tokens belong to one user; nobody
else reads them on the site (administrators see them in the back office)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from xiezuo.accounts.models import ApiToken
from xiezuo.core.scoping import user_role
from xiezuo.core.types import Actor


def own_tokens(actor: Actor) -> QuerySet[ApiToken]:
    """The actor's tokens, newest first (none for anonymous users and users without a role)."""
    if user_role(actor) is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(owner_id=actor.pk)


def own_token(actor: Actor, token_id: int, *, for_update: bool = False) -> ApiToken:
    """One of the actor's tokens; 404 for anyone else's."""
    tokens = own_tokens(actor).select_related("owner")
    if for_update:
        tokens = tokens.select_for_update(of=("self",))
    try:
        return tokens.get(pk=token_id)
    except ApiToken.DoesNotExist:
        raise Http404 from None

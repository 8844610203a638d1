"""Who is told (reads): the coordinators responsible for a region, the users of an
organisation, the administrators. Callers pass the result to `services.notify`.

These are system reads (who should hear of an event), not a user's view of records, so
they do not go through `core.scoping.scoped`: they never reach a page or an answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from xiezuo.accounts.models import Role
from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Region

if TYPE_CHECKING:
    from xiezuo.exchange.models import Posting

MAX_DEPTH = 10  # guards the walk up a (malformed, cyclic) chain of parents


def region_chain(region: Region | int | None) -> list[int]:
    """The region's id and its ancestors' ids, nearest first."""
    ids: list[int] = []
    current = region if isinstance(region, Region) else (
        Region.objects.filter(pk=region).only("pk", "parent_id").first() if region is not None else None)
    while current is not None and current.pk not in ids and len(ids) < MAX_DEPTH:
        ids.append(current.pk)
        parent_id = current.parent_id
        current = Region.objects.filter(pk=parent_id).only("pk", "parent_id").first() if parent_id else None
    return ids


def organisation_chain(organisation: Organisation | int | None) -> list[int]:
    """The organisation's id and the ids of the organisations above it, nearest first."""
    ids: list[int] = []
    current = organisation if isinstance(organisation, Organisation) else (
        Organisation.objects.filter(pk=organisation).only("pk", "parent_id", "region_id").first()
        if organisation is not None else None)
    while current is not None and current.pk not in ids and len(ids) < MAX_DEPTH:
        ids.append(current.pk)
        parent_id = current.parent_id
        current = (Organisation.objects.filter(pk=parent_id).only("pk", "parent_id", "region_id").first()
                   if parent_id else None)
    return ids


def _active() -> QuerySet[User]:
    return User.objects.filter(is_active=True)


def coordinators_for(region: Region | int | None) -> QuerySet[User]:
    """Active coordinators whose scope region is this region or one of its ancestors."""
    chain = region_chain(region)
    if not chain:
        return User.objects.none()
    return _active().filter(scope__role=Role.COORDINATOR, scope__region_id__in=chain)


def organisation_users(organisation: Organisation | int | None) -> QuerySet[User]:
    """Active organisation users of this organisation or of an organisation above it."""
    chain = organisation_chain(organisation)
    if not chain:
        return User.objects.none()
    return _active().filter(scope__role=Role.ORG_USER, scope__organisation_id__in=chain)


def admins() -> QuerySet[User]:
    """Active administrators (the role, or superusers)."""
    return _active().filter(Q(is_superuser=True) | Q(scope__role=Role.ADMIN)).distinct()


def posting_parties(posting: Posting) -> list[User]:
    """Both sides of a posting: the coordinators and organisation users of the host and of
    the person's (sending) organisation."""
    host, sender = posting.host, posting.person.organisation
    return [*coordinators_for(host.region_id), *organisation_users(host),
            *coordinators_for(sender.region_id), *organisation_users(sender)]

"""Writes to regions and pairings."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from xiezuo.core.services import delete_record, save_changes, save_new
from xiezuo.core.types import Actor
from xiezuo.orgs import lookups as pairing_sides  # noqa: F401  (declares a pairing's institutions)
from xiezuo.regions import lookups  # noqa: F401  (its references' lookups, before any write)
from xiezuo.regions.models import Pairing, Region


def _require_admin(actor: Actor) -> None:
    if not actor.is_superuser:
        raise PermissionDenied(_("Only system administrators change the region list."))


def create_region(*, actor: Actor, **fields: Any) -> Region:
    _require_admin(actor)
    return save_new(actor=actor, instance=Region(**fields))


def update_region(
    *, actor: Actor, instance: Region, changes: dict[str, Any], expected_version: int | None = None
) -> Region:
    _require_admin(actor)
    return save_changes(
        actor=actor, instance=instance, changes=changes, expected_version=expected_version
    )


def delete_region(*, actor: Actor, instance: Region) -> None:
    _require_admin(actor)
    delete_record(actor=actor, instance=instance)


def create_pairing(*, actor: Actor, **fields: Any) -> Pairing:
    return save_new(actor=actor, instance=Pairing(**fields))


def update_pairing(
    *, actor: Actor, instance: Pairing, changes: dict[str, Any], expected_version: int | None = None
) -> Pairing:
    return save_changes(
        actor=actor, instance=instance, changes=changes, expected_version=expected_version
    )


def delete_pairing(*, actor: Actor, instance: Pairing) -> None:
    delete_record(actor=actor, instance=instance)

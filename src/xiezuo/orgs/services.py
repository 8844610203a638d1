"""Writes to organisations."""

from typing import Any

from xiezuo.core.services import delete_record, save_changes, save_new
from xiezuo.core.types import Actor
from xiezuo.orgs import lookups  # noqa: F401  (its references' lookups, before any write)
from xiezuo.orgs.models import Organisation


def create_organisation(*, actor: Actor, **fields: Any) -> Organisation:
    return save_new(actor=actor, instance=Organisation(**fields))


def update_organisation(
    *, actor: Actor, instance: Organisation, changes: dict[str, Any],
    expected_version: int | None = None,
) -> Organisation:
    return save_changes(
        actor=actor, instance=instance, changes=changes, expected_version=expected_version
    )


def delete_organisation(*, actor: Actor, instance: Organisation) -> None:
    delete_record(actor=actor, instance=instance)

"""Writes to organisations."""

from xiezuo.core.services import delete_record, save_changes, save_new
from xiezuo.orgs.models import Organisation


def create_organisation(*, actor, **fields) -> Organisation:
    return save_new(actor=actor, instance=Organisation(**fields))


def update_organisation(
    *, actor, instance: Organisation, changes: dict, expected_version: int | None = None
) -> Organisation:
    return save_changes(
        actor=actor, instance=instance, changes=changes, expected_version=expected_version
    )


def delete_organisation(*, actor, instance: Organisation) -> None:
    delete_record(actor=actor, instance=instance)

"""Goals of a posting or team, their evidence, and outcomes."""

from __future__ import annotations

from django.db import transaction

from xiezuo.core.services import delete_record, save_changes, save_new
from xiezuo.exchange.models import Goal, Outcome


def create_goal(*, actor, **fields) -> Goal:
    return save_new(actor=actor, instance=Goal(**fields))


def update_goal(
    *, actor, instance: Goal, changes: dict, expected_version: int | None = None
) -> Goal:
    changes = {k: v for k, v in changes.items() if k not in {"posting", "team"}}
    return save_changes(
        actor=actor, instance=instance, changes=changes, expected_version=expected_version
    )


def attach_evidence(*, actor, goal: Goal, file, text: str | None = None) -> Goal:
    """Store an evidence file (and optionally text) on a goal."""
    with transaction.atomic():
        changes = {"evidence_file": file}
        if text is not None:
            changes["evidence_text"] = text
        return save_changes(actor=actor, instance=goal, changes=changes)


def delete_goal(*, actor, instance: Goal) -> None:
    delete_record(actor=actor, instance=instance)


def create_outcome(*, actor, **fields) -> Outcome:
    return save_new(actor=actor, instance=Outcome(**fields))


def update_outcome(*, actor, instance: Outcome, changes: dict) -> Outcome:
    changes = {k: v for k, v in changes.items() if k != "goal"}
    return save_changes(actor=actor, instance=instance, changes=changes)


def delete_outcome(*, actor, instance: Outcome) -> None:
    delete_record(actor=actor, instance=instance)

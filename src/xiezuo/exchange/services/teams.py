"""Teams (组团式帮扶): create, change, add members, put the whole team on post."""

from __future__ import annotations

import datetime

from django.db import transaction

from xiezuo.core.scoping import ensure_in_scope
from xiezuo.core.services import delete_record, save_changes, save_new
from xiezuo.exchange.choices import PostingState, TeamRole
from xiezuo.exchange.models import Posting, Team
from xiezuo.exchange.rules import check_team
from xiezuo.exchange.services.postings import approve_posting, create_posting, start_posting


def _checked(team: Team):
    report = check_team(team)
    report.raise_errors()
    team.warnings = report.warnings
    return report.warnings


def create_team(*, actor, **fields) -> Team:
    with transaction.atomic():
        team = save_new(actor=actor, instance=Team(**fields))
        _checked(team)
    return team


def update_team(
    *, actor, instance: Team, changes: dict, expected_version: int | None = None
) -> Team:
    with transaction.atomic():
        team = save_changes(
            actor=actor, instance=instance, changes=changes, expected_version=expected_version
        )
        _checked(team)
    return team


def delete_team(*, actor, instance: Team) -> None:
    delete_record(actor=actor, instance=instance)


def add_member(
    *, actor, team: Team, person, kind: str, role: str = TeamRole.MEMBER, **fields
) -> Posting:
    """A member is a posting at the team's host, for the team's period unless given."""
    ensure_in_scope(team, actor)
    fields.setdefault("planned_start", team.planned_start)
    fields.setdefault("planned_end", team.planned_end)
    fields.setdefault("batch", team.batch)
    fields.setdefault("direction", "east_west")
    return create_posting(
        actor=actor, person=person, host=team.host, team=team, team_role=role, kind=kind, **fields
    )


def start_team(*, actor, team: Team, start: datetime.date | None = None) -> list[Posting]:
    """Approve the planned members and put every approved member on post."""
    started = []
    with transaction.atomic():
        ensure_in_scope(team, actor)
        for posting in team.postings.order_by("pk"):
            if posting.state == PostingState.PLANNED:
                posting = approve_posting(actor=actor, posting=posting)
            if posting.state == PostingState.APPROVED:
                started.append(start_posting(actor=actor, posting=posting, start=start))
    return started

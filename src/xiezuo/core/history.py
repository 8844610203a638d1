"""The audit trail of a record (django-simple-history), as rows for its page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

HIDDEN_FIELDS = {"version", "prefix"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryRow:
    when: object
    who: str
    kind: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


KINDS = {"+": "created", "~": "changed", "-": "deleted"}


def history_rows(
    record: Model, *, limit: int = 50, masked_fields: set[str] | frozenset[str] = frozenset()
) -> list[HistoryRow]:
    """Newest first: who, when, and each changed field's before and after values."""
    history: Any = getattr(record, "history", None)  # simple_history's manager, when kept
    if history is None:
        return []
    versions = list(history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    rows = []
    for newer, older in zip(versions, versions[1:] + [None], strict=False):
        row = HistoryRow(
            when=newer.history_date, who=str(newer.history_user or _("system")),
            kind=_(KINDS.get(newer.history_type, newer.history_type)),
            reason=newer.history_change_reason or "",
        )
        if older is not None:
            delta = newer.diff_against(older)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                label = str(getattr(record._meta.get_field(change.field), "verbose_name", change.field))
                old, new = _text(change.old), _text(change.new)
                if change.field in masked_fields:
                    old, new = ("****" if old else ""), ("****" if new else "")
                row.changes.append(Change(label, old, new))
        rows.append(row)
    return rows[:limit]


def _text(value: object) -> str:
    return "" if value in (None, "") else str(value)

"""The audit trail of a record (django-simple-history), as rows for its page.

Values are shown as a county coordinator reads them, never as stored data: field labels,
choice labels, 是/否, dates and local times to the minute, related records by name,
large structured values (JSON, many-to-many rows, long text) summarised or shortened.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ObjectDoesNotExist
from django.db.models import Field, JSONField, Model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiezuo.core.scoping import scoped
from xiezuo.core.types import Actor

# Bookkeeping that says nothing to a reader: the edit counter, a form prefix, a fingerprint.
HIDDEN_FIELDS = {"version", "prefix", "inputs_hash"}
MASK = "****"
LONG_TEXT = 200  # characters; longer text is cut there and ends with "…"

KINDS: dict[str, Promise] = {
    "+": gettext_lazy("created"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}


@dataclass
class Change:
    field: str
    old: str
    new: str
    summary: str = ""  # set for large values: shown instead of old → new


@dataclass
class HistoryRow:
    when: object
    who: str
    kind: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


def history_rows(
    record: Model, *, actor: Actor, limit: int = 50,
    masked_fields: set[str] | frozenset[str] = frozenset(),
) -> list[HistoryRow]:
    """Newest first: who, when, and each changed field's before and after values. Related
    records are named only when `actor` may see them (`scoped`): a report's history never
    shows the title of a duplicate in another county."""
    history: Any = getattr(record, "history", None)  # simple_history's manager, when kept
    if history is None:
        return []
    versions = list(history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    names = _Names(actor)
    rows = []
    for newer, older in zip(versions, versions[1:] + [None], strict=False):
        kind = KINDS.get(newer.history_type)
        row = HistoryRow(
            when=newer.history_date, who=user_name(newer.history_user),
            kind=str(kind) if kind is not None else str(newer.history_type),
            reason=newer.history_change_reason or "",
        )
        if older is not None:
            delta = newer.diff_against(older)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                row.changes.append(_change(record, change.field, change.old, change.new,
                                           masked=change.field in masked_fields, names=names))
            if not row.changes and not row.reason and newer.history_type == "~":
                continue  # only bookkeeping changed: nothing to show
        rows.append(row)
    return rows[:limit]


def user_name(user: Any) -> str:
    """The user's full name if set, else the username; 系统 when no user made the change."""
    if user is None:
        return _("system")
    full_name = getattr(user, "get_full_name", None)
    name = full_name().strip() if callable(full_name) else ""
    return name or str(user)


def _change(record: Model, name: str, old: object, new: object, *, masked: bool,
            names: _Names) -> Change:
    try:
        model_field: Field[Any, Any] | None = record._meta.get_field(name)  # type: ignore[assignment]
    except FieldDoesNotExist:
        model_field = None
    label = str(getattr(model_field, "verbose_name", name))
    if masked:
        return Change(label, MASK if _present(old) else "", MASK if _present(new) else "")
    summary = _summary(model_field, label, old, new)
    if summary:
        return Change(label, "", "", summary)
    return Change(label, _display(model_field, old, names), _display(model_field, new, names))


def _present(value: object) -> bool:
    return value not in (None, "", [], {})


def _summary(model_field: Field[Any, Any] | None, label: str, old: object, new: object) -> str:
    """One line for a large structured value (JSON, many-to-many rows), or "" for others."""
    if model_field is not None and model_field.many_to_many:
        count = len(new) if isinstance(new, list) else 0
        if not count:
            return _("%(field)s cleared") % {"field": label}
        related = model_field.related_model
        if related is not None and not isinstance(related, str) and related._meta.label_lower == "people.person":
            return _("%(field)s updated (%(count)d people)") % {"field": label, "count": count}
        return _("%(field)s updated (%(count)d items)") % {"field": label, "count": count}
    structured = isinstance(model_field, JSONField) or any(
        isinstance(v, Mapping | list | tuple) for v in (old, new))
    if not structured:
        return ""
    if isinstance(new, list | tuple) and all(_scalar(v) for v in new) and len(new) <= 10 and not (
            isinstance(model_field, JSONField)):
        return ""  # a short list of plain values (e.g. chosen modes): shown as it is
    if not _present(new):
        return _("%(field)s cleared") % {"field": label}
    if isinstance(new, Mapping):
        assignments = new.get("assignments")
        if isinstance(assignments, list):
            # a matching result: matches to named people and to offers (供给清单) alike
            offers = new.get("offer_matches")
            count = len(assignments) + (len(offers) if isinstance(offers, list) else 0)
            return _("%(field)s updated (%(count)d matches)") % {"field": label, "count": count}
        return _("%(field)s updated") % {"field": label}
    if isinstance(new, list | tuple):
        return _("%(field)s updated (%(count)d items)") % {"field": label, "count": len(new)}
    return _("%(field)s updated") % {"field": label}


def _scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | Decimal | bool)


def _display(model_field: Field[Any, Any] | None, value: object, names: _Names) -> str:
    if value is None or value == "":
        return ""
    if model_field is not None and model_field.is_relation and model_field.related_model is not None:
        related = model_field.related_model
        if not isinstance(related, str):
            return names.name(related, value)
    if isinstance(value, list | tuple):
        return "、".join(_display(model_field, v, names) for v in value if v not in (None, ""))
    choices = dict(model_field.flatchoices) if model_field is not None and model_field.choices else {}
    if choices:
        try:
            label = choices.get(value)
        except TypeError:  # an unhashable stored value
            label = None
        if label is not None:
            return str(label)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal | float):
        return _number(value)
    text = str(value)
    return text[:LONG_TEXT] + "…" if len(text) > LONG_TEXT else text


def _number(value: Decimal | float) -> str:
    """Thousands separated; no trailing .00 when integral (202.00 → 202, 1234.50 → 1,234.50)."""
    if isinstance(value, float):
        return f"{int(value):,}" if value.is_integer() else f"{value:,}"
    if not value.is_finite():
        return str(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,}"


class _Names:
    """Related records' names by primary key, each looked up once per history."""

    def __init__(self, actor: Actor) -> None:
        self._cache: dict[tuple[str, str], str] = {}
        self.actor = actor

    def name(self, model: type[Model], pk: object) -> str:
        key = (model._meta.label_lower, str(pk))
        if key not in self._cache:
            self._cache[key] = self._lookup(model, pk)
        return self._cache[key]

    def _lookup(self, model: type[Model], pk: object) -> str:
        """A user by name (who did something is shown anyway); any other record by name when
        the actor may see it; a record gone by its last known name for an administrator (who
        sees everything); otherwise no name at all."""
        if model is get_user_model():
            user = model._base_manager.filter(pk=pk).first() if _plain_pk(pk) else None
            return user_name(user) if user is not None else _("(deleted)")
        if not _plain_pk(pk):
            return _("(not available)")
        try:
            visible = scoped(model, self.actor).filter(pk=pk).first()
        except ImproperlyConfigured:  # a model without a scope rule: fail closed
            visible = None
        if visible is not None:
            return str(visible)
        if not getattr(self.actor, "is_superuser", False):
            return _("(not available)")
        history: Any = getattr(model, "history", None)  # the deleted record's last known name
        if history is not None:
            last = history.filter(**{model._meta.pk.attname: pk}).order_by("-history_date").first()
            if last is not None:
                try:
                    return _("%(name)s (deleted)") % {"name": str(last.instance)}
                except ObjectDoesNotExist:  # its name needs records that are gone too
                    pass
        return _("(deleted)")


def _plain_pk(pk: object) -> bool:
    return isinstance(pk, int) or (isinstance(pk, str) and pk.isdigit())

"""References given in input (API, forms, Excel, CLI) turned into records the actor may name.

One way for every entry point: a `Lookup` says, for one model,

- which records the actor may name (`source`): those in the actor's scope (`scoped`) by
  default, every record for `public` ones (division codes, the other side's institution),
  or a wider set given by the owning app (people posted at the actor's organisations);
- how a value names a record (`keys`, tried in order; the first that applies decides):
  by id (``12``, ``#12``) by default, or by name, “name / organisation”, an ID number, a
  division code, “东部—西部” … (the app's `lookups` module defines them).

`resolve(lookup_or_model, actor, value, field=...)` gives the record, None for None/"",
or a `ValidationError` naming `field`. An id outside what the actor may name gets the
same answer as an id that does not exist: the answer reveals nothing.

The apps define their lookups in `<app>/lookups.py` (importing that module is what makes
the lookup available: callers pass its `Lookup`); `register` records the one lookup of a
model that `resolve(Model, …)` uses. A model without one is found by id in the actor's
scope.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeAlias, TypeVar, cast

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import ForeignKey, Model, Q, QuerySet
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy

from xiezuo.core.scoping import scoped
from xiezuo.core.types import Actor

M = TypeVar("M", bound=Model)

# A way of naming a record: (the records the actor may name, the text given) → the records
# it names, or None when the text is not of this form (the next key is tried).
Key: TypeAlias = Callable[[QuerySet[Any], str], "QuerySet[Any] | None"]

NOT_KNOWN = gettext_lazy("No %(model)s “%(value)s” is known to you.")
# Longer texts or NUL characters name nothing (and PostgreSQL refuses NUL in a query).
MAX_TEXT = 300
ID = re.compile(r"#?(\d{1,18})")


def by_id(records: QuerySet[Any], text: str) -> QuerySet[Any] | None:
    """``12`` or ``#12``: the record with that primary key."""
    found = ID.fullmatch(text)
    return records.filter(pk=int(found[1])) if found else None


def by_field(*names: str, pattern: str | None = None) -> Key:
    """The records whose field (any of `names`) equals the text (when it matches `pattern`)."""
    compiled = re.compile(pattern) if pattern else None

    def key(records: QuerySet[Any], text: str) -> QuerySet[Any] | None:
        if compiled is not None and not compiled.fullmatch(text):
            return None
        match = Q()
        for name in names:
            match |= Q(**{name: text})
        return records.filter(match)

    return key


@dataclass(frozen=True)
class Lookup(Generic[M]):
    """How records of `model` are named in input, and which of them an actor may name."""

    model: type[M]
    keys: tuple[Key, ...] = (by_id,)
    # Every record may be named (a division code, the institution across a pairing).
    public: bool = False
    # The records an actor may name, when it is neither the scope nor everything.
    source: Callable[[Actor], QuerySet[M]] | None = None
    # Messages, with %(value)s (and %(model)s for `not_known`).
    not_known: str | Promise = NOT_KNOWN
    ambiguous: str | Promise | None = None
    # When the text is of no form that `keys` know (default: `not_known`).
    malformed: str | Promise | None = None
    # Related records the callers read (select_related).
    related: tuple[str, ...] = ()

    def records(self, actor: Actor) -> QuerySet[M]:
        if self.source is not None:
            return self.source(actor)
        if self.public:
            return self.model._default_manager.all()
        found: QuerySet[M] = scoped(self.model, actor)
        return found

    def error(self, message: str | Promise, value: object, field: str) -> ValidationError:
        text = str(message) % {"model": self.model._meta.verbose_name, "value": value}
        return ValidationError({field: text})

    def find(self, records: QuerySet[M], value: object, *, field: str) -> M | None:
        """The one record of `records` that `value` names (None for None or "")."""
        if value is None or value == "":
            return None
        if isinstance(value, self.model):  # a record already: still one the actor may name
            return self._one(records.filter(pk=value.pk), value.pk, field)
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a number cell of a workbook
        text = "" if isinstance(value, bool) else str(value).strip()
        if not text or len(text) > MAX_TEXT or "\x00" in text:
            raise self.error(self.not_known, value, field)
        for key in self.keys:
            named = key(records, text)
            if named is None:
                continue
            return self._one(named, text, field)
        raise self.error(self.malformed or self.not_known, text, field)

    def _one(self, named: QuerySet[M], value: object, field: str) -> M:
        if self.related:
            named = named.select_related(*self.related)
        matches = list(named[:2])
        if not matches:
            raise self.error(self.not_known, value, field)
        if len(matches) > 1:
            raise self.error(self.ambiguous or self.not_known, value, field)
        return matches[0]

    def resolve(self, actor: Actor, value: object, *, field: str) -> M | None:
        return self.find(self.records(actor), value, field=field)


_REGISTRY: dict[type[Model], Lookup[Any]] = {}


def register(lookup: Lookup[M]) -> Lookup[M]:
    """Make `lookup` the one `resolve(model, …)` uses for its model (called by `<app>/lookups.py`)."""
    known = _REGISTRY.setdefault(lookup.model, lookup)
    if known is not lookup:
        raise ImproperlyConfigured(f"{lookup.model.__name__} already has a lookup: {known}")
    return lookup


def lookup_for(model: type[M]) -> Lookup[M]:
    """The registered lookup of `model`, or: by id, in the actor's scope."""
    discover()
    found: Lookup[M] = _REGISTRY.get(model) or Lookup(model)
    return found


def resolve(model: type[M] | Lookup[M], actor: Actor, value: object, *, field: str) -> M | None:
    """The record `value` names among those `actor` may name; None for None or "".

    `model` is a model (its registered lookup, or by id in the actor's scope) or a
    `Lookup` of an app's `lookups` module. Anything else is a `ValidationError({field: …})`.
    """
    lookup: Lookup[M] = model if isinstance(model, Lookup) else lookup_for(model)
    return lookup.resolve(actor, value, field=field)


# ---- the references a service is given ------------------------------------------------
#
# The services check every reference of a record they write themselves
# (`core.services.save_new` / `save_changes` call `reference_errors`: every reference of a
# new record, the changed ones of an edit), so no entry point can hand them a record the
# actor may not name. Which lookup decides for a foreign key is
# declared by the owning app's `lookups` module (`register_reference`); without a
# declaration it is the related model's registered lookup, else by id in the actor's scope.

_REFERENCES: dict[tuple[type[Model], str], Lookup[Any]] = {}

# References that are not given by the user, and so not checked. The one place that lists
# them (keyed "app_label.model.field"; models and fields by name, since core imports no app):
# a whole related model (a user, a content type, an import's bookkeeping), or one field.
NOT_GIVEN_MODELS: frozenset[str] = frozenset({
    "auth.user", "auth.group", "auth.permission",  # who did it: set from the request
    "contenttypes.contenttype",  # generic relations: set by the code that links records
    "core.importbatch", "core.job",  # an import's or a job's own bookkeeping
})
NOT_GIVEN_FIELDS: frozenset[str] = frozenset({
    # An identical upload found by the service among all reports, whoever stored them.
    "reports.reportdocument.duplicate_of",
    # A report's facts: the document is the one extracted; a record follows its fact and
    # the pairing / organisation are matched by the extraction among all of them.
    "reports.fact.document",
    "reports.factrecord.pairing",
    "reports.factrecord.organisation",
})


# Within `references_among(...)`: the records a service resolved a reference among itself.
_AMONG: ContextVar[tuple[tuple[type[Model], str, QuerySet[Any]], ...]] = ContextVar(
    "references_among", default=())


@contextmanager
def references_among(model: type[Model], field: str, records: QuerySet[Any]) -> Iterator[None]:
    """Within the block, `model.field` may name `records` (in place of its lookup's).

    For a service that resolved the reference itself among a set wider than what the actor
    may name in input, and checked it: a round's approval posts the eastern people the
    round may draw on (`needs.selectors.drawable_people`). Entry points never use it.
    """
    token = _AMONG.set(((model._meta.concrete_model or model, field, records), *_AMONG.get()))
    try:
        yield
    finally:
        _AMONG.reset(token)


def register_reference(model: type[Model], field: str, lookup: Lookup[Any]) -> Lookup[Any]:
    """Declare that `model.field` names a record through `lookup` (in `<app>/lookups.py`)."""
    related = model._meta.get_field(field).related_model
    if not (isinstance(related, type) and issubclass(lookup.model, related)):
        raise ImproperlyConfigured(f"{model.__name__}.{field} does not refer to "
                                   f"{lookup.model.__name__}")
    known = _REFERENCES.setdefault((model._meta.concrete_model or model, field), lookup)
    if known is not lookup:
        raise ImproperlyConfigured(f"{model.__name__}.{field} already has a lookup: {known}")
    return lookup


@cache
def discover() -> None:
    """Import every installed app's `lookups` module once, as the admin finds the `admin`
    modules: the declarations are then known whichever entry point writes first (a page,
    the API, `xiezuo import`, a job), not only after the app's services were imported."""
    autodiscover_modules("lookups")


def reference_lookup(model: type[Model], field: ForeignKey[Any, Any]) -> Lookup[Any]:
    """The lookup that decides which records `model.field` may name."""
    discover()
    declared = _REFERENCES.get((model._meta.concrete_model or model, field.name))
    if declared is not None:
        return declared
    return lookup_for(cast("type[Model]", field.related_model))


def checked_references(model: type[Model]) -> list[ForeignKey[Any, Any]]:
    """The foreign keys of `model` that name a record given by the user."""
    found = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, ForeignKey):
            continue
        related = cast("type[Model]", field.related_model)
        if (related._meta.label_lower in NOT_GIVEN_MODELS
                or f"{model._meta.label_lower}.{field.name}" in NOT_GIVEN_FIELDS):
            continue
        found.append(field)
    return found


def reference_errors(instance: Model, actor: Actor, *,
                     fields: Iterable[str] | None = None) -> dict[str, list[str]]:
    """For each reference of `instance` (only `fields` when given) that names a record the
    actor may not name: the field and the lookup's `not_known` message (as the entry points
    give it, so the answer reveals nothing). Superusers may name everything."""
    if getattr(actor, "is_superuser", False):
        return {}
    wanted = None if fields is None else set(fields)
    errors: dict[str, list[str]] = {}
    model = type(instance)
    for field in checked_references(model):
        if wanted is not None and field.name not in wanted:
            continue
        value = getattr(instance, field.attname)
        if value is None:
            continue
        lookup = reference_lookup(model, field)
        records = next((among for m, name, among in _AMONG.get()
                        if m is (model._meta.concrete_model or model) and name == field.name),
                       None)
        if records is None:
            records = lookup.records(actor)
        if not records.filter(**{field.target_field.attname: value}).exists():
            error = lookup.error(lookup.not_known, value, field.name)
            errors.update(error.message_dict)
    return errors


def check_references(instance: Model, actor: Actor, *, fields: Iterable[str] | None = None
                     ) -> None:
    """Refuse a record whose references (only `fields` when given) name records the actor
    may not name: one `ValidationError` with every such field."""
    errors = reference_errors(instance, actor, fields=fields)
    if errors:
        raise ValidationError(errors)


def changed_references(instance: Model) -> list[str]:
    """The references of a stored record whose value differs from the stored one (all of
    them for a record not stored yet)."""
    model = type(instance)
    fields = checked_references(model)
    if not fields:
        return []
    stored = None
    if instance.pk is not None and not instance._state.adding:
        stored = model._base_manager.filter(pk=instance.pk).values(
            *(f.attname for f in fields)).first()
    if stored is None:
        return [f.name for f in fields]
    return [f.name for f in fields if getattr(instance, f.attname) != stored[f.attname]]

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

Type-ahead (`core.widgets.Picker`, the endpoint `/options/<name>/`): `Lookup.suggest(actor,
text, limit)` gives `Suggestion(value, label)` pairs among the records the actor may name —
`value` is a text `resolve` accepts back for that record, `label` what people read
(巫山县（重庆市）). A lookup finds candidates with its `search` (default: the name contains
the text) and reads them with `label` and `names` (the texts that may name a record, the
first that names it alone is the value; “#id” last). Pickers are found by name
(`picker_lookup`): a registered lookup by its model's label (“regions.region”), others by
the name given to `register_picker` (“orgs.organisation.any”).

The apps define their lookups in `<app>/lookups.py` (importing that module is what makes
the lookup available: callers pass its `Lookup`); `register` records the one lookup of a
model that `resolve(Model, …)` uses. A model without one is found by id in the actor's
scope.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from itertools import islice
from typing import Any, Generic, NamedTuple, TypeAlias, TypeVar, cast

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

# Type-ahead: the records among those given that a (partial) text may mean, best first.
Search: TypeAlias = Callable[[QuerySet[Any], str], Iterable[Any]]

NOT_KNOWN = gettext_lazy("No %(model)s “%(value)s” is known to you.")
# Longer texts or NUL characters name nothing (and PostgreSQL refuses NUL in a query).
MAX_TEXT = 300
# A list filter by a partial name keeps the records of at most this many matches.
MAX_MATCHES = 200
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


def clean_text(value: object) -> str:
    """The text typed, stripped; "" for a text that can name nothing (too long, NUL)."""
    text = "" if value is None or isinstance(value, bool) else str(value).strip()
    return "" if len(text) > MAX_TEXT or "\x00" in text else text


def search_name(records: QuerySet[Any], text: str) -> Iterable[Any]:
    """Records whose name contains the text (those starting with it first); an id typed as
    #12 or 12 also finds that record. Nothing for a model without a name."""
    found = by_id(records, text)
    if found is not None:
        return found
    if not any(f.name == "name" for f in records.model._meta.get_fields()):
        return records.none()
    starts = records.filter(name__startswith=text).order_by("name", "pk")
    rest = records.filter(name__contains=text).exclude(name__startswith=text).order_by("name", "pk")
    return _chain_distinct(starts, rest)


def _chain_distinct(*parts: Iterable[Any]) -> Iterator[Any]:
    seen: set[Any] = set()
    for part in parts:
        for record in part:
            if record.pk not in seen:
                seen.add(record.pk)
                yield record


class Suggestion(NamedTuple):
    """One option of a picker: the text it puts in the input, and what people read."""

    value: str
    label: str


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
    # Type-ahead (see the module's docstring): candidates, what people read, how to name one.
    search: Search = search_name
    label: Callable[[Any], str] = str
    names: Callable[[Any], Sequence[str]] | None = None

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

    # ---- type-ahead and filters --------------------------------------------------------

    def suggest(self, actor: Actor, text: object, limit: int = 10) -> list[Suggestion]:
        """Up to `limit` records the actor may name that `text` may mean, best first: each
        as the value `resolve` accepts back for it and the label people read."""
        text = clean_text(text)
        if not text or limit < 1:
            return []
        records = self.records(actor)
        if self.related:
            records = records.select_related(*self.related)
        found = []
        for record in islice(self.search(records, text), limit):
            value = self.value_of(records, record)
            if value:
                found.append(Suggestion(value, self.label(record)))
        return found

    def value_of(self, records: QuerySet[M], record: M) -> str:
        """The first of the record's names that names it alone among `records` ("" if none)."""
        candidates = [*(self.names(record) if self.names else (self.label(record),))]
        if by_id in self.keys:
            candidates.append(f"#{record.pk}")
        for candidate in candidates:
            try:
                if self.find(records, candidate, field="value") == record:
                    return candidate
            except ValidationError:
                continue
        return ""

    def text_for(self, actor: Actor, value: object) -> str:
        """What a picker shows for `value` (a record, or an id as a page's link gives it:
        ?pairing=12): the record's value as `suggest` gives it; else the value as it is."""
        if value is None or value == "":
            return ""
        records = self.records(actor)
        try:
            record = (value if isinstance(value, self.model)
                      else self.find(records, value, field="value"))
        except ValidationError:
            return str(value)
        if record is None:
            return ""
        if self.related:
            records = records.select_related(*self.related)
            record = records.filter(pk=record.pk).first() or record
        return self.value_of(records, record) or str(value)

    def matching(self, records: QuerySet[M], value: object, *, field: str) -> QuerySet[M]:
        """For a list filter: every record of `records` that `value` names (by the keys, so
        several sharing a name all count), else every one the type-ahead finds for it; a
        `ValidationError` naming `field` when there is none."""
        text = clean_text(value)
        if not text:
            raise self.error(self.not_known, value, field)
        for key in self.keys:
            named = key(records, text)
            if named is not None and named.exists():
                return named
        found = [r.pk for r in islice(self.search(records, text), MAX_MATCHES)]
        if not found:
            raise self.error(self.not_known, text, field)
        return records.filter(pk__in=found)

    def referenced_by(self, queryset: QuerySet[Any], *paths: str) -> QuerySet[M]:
        """The records that the records of `queryset` (already read through `scoped`) name
        through any of `paths`: what a list filter resolves among when it has no user (an
        export job filters what it already read)."""
        named = Q()
        for path in paths:
            named |= Q(pk__in=queryset.values(path))
        return self.model._default_manager.filter(named)


_REGISTRY: dict[type[Model], Lookup[Any]] = {}


def register(lookup: Lookup[M]) -> Lookup[M]:
    """Make `lookup` the one `resolve(model, …)` uses for its model (called by `<app>/lookups.py`)."""
    known = _REGISTRY.setdefault(lookup.model, lookup)
    if known is not lookup:
        raise ImproperlyConfigured(f"{lookup.model.__name__} already has a lookup: {known}")
    return lookup


_PICKERS: dict[str, Lookup[Any]] = {}


def register_picker(name: str, lookup: Lookup[M]) -> Lookup[M]:
    """Offer `lookup` to pickers under `name` (a registered lookup is offered under its
    model's label already): e.g. "orgs.organisation.any" for every organisation."""
    known = _PICKERS.setdefault(name, lookup)
    if known is not lookup:
        raise ImproperlyConfigured(f"A picker is already called {name}: {known}")
    return lookup


def picker_lookup(name: str) -> Lookup[Any] | None:
    """The lookup a picker called `name` suggests from (None if there is none)."""
    discover()
    found = _PICKERS.get(name)
    if found is not None:
        return found
    return next((lookup for model, lookup in _REGISTRY.items()
                 if model._meta.label_lower == name), None)


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


def resolve_fields(actor: Actor, data: dict[str, Any],
                   lookups: Mapping[str, Lookup[Any]]) -> dict[str, list[str]]:
    """Resolve several fields of a form's data in place (`data[name]` becomes the record,
    or None) and return the errors by field, so a form can report every bad reference at
    once together with its other errors."""
    errors: dict[str, list[str]] = {}
    for name, lookup in lookups.items():
        try:
            data[name] = lookup.resolve(actor, data[name], field=name)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    return errors


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

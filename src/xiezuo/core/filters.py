"""Filters shared by the lists: import batches, and regions given by name or code.

`RegionFilter` takes what a coordinator types — 巫山, 巫山县, 开州, 黔南州, 重庆市巫山县 or the
six-digit code 500237 — and keeps the records placed in that region or under it. A text that
names no region is an error on the filter (the list shows nothing and says why), never
silently ignored.

`ReferenceFilter(picker, path)` does the same for an organisation, a person, a pairing or an
event typed by name (烟台—巫山, 巫山县中医院, 张三 / 烟台山医院): the records the user may name
that the text names (all of them when several share the name), or else that its type-ahead
finds; none is an error naming the filter. Both render with the picker (`core.widgets`).
"""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xiezuo.core.lookups import Lookup, picker_lookup
from xiezuo.core.models import ImportBatch, ImportStatus
from xiezuo.core.types import Actor
from xiezuo.core.widgets import Picker
from xiezuo.vocab import regions as vocab_regions

CODE_PREFIX = re.compile(r"\d{2,6}")


class ImportBatchFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ImportStatus.choices, label=_("Status"))

    class Meta:
        model = ImportBatch
        fields = ["status"]


def region_prefix(text: str) -> str | None:
    """The division-code prefix of the region `text` names (and everything under it): by
    full name or short form (the most plausible region of that name), or by code; None when
    it names none."""
    text = "".join(text.split())
    if CODE_PREFIX.fullmatch(text):
        known = vocab_regions.get(text.ljust(6, "0"))
        if known is None:
            return text if len(text) < 6 else None
        return _prefix(known)
    found = vocab_regions.resolve(text)
    # “重庆市巫山县”: a region written after the one it lies in.
    for cut in range(2, len(text) - 1):
        if found:
            break
        outer = vocab_regions.resolve(text[:cut])
        if outer:
            found = vocab_regions.resolve(text[cut:], within=outer[0].code)
    return _prefix(found[0]) if found else None


def _prefix(region: vocab_regions.Region) -> str:
    """The code prefix shared by a region and everything under it."""
    return {"province": region.code[:2], "city": region.code[:4]}.get(region.level, region.code)


class RegionField(forms.CharField):
    """A region typed by name or code; cleans to the code prefix it stands for."""

    def clean(self, value: Any) -> str | None:
        text = super().clean(value)
        if not text:
            return None
        prefix = region_prefix(str(text))
        if prefix is None:
            message = gettext("No region is called “%(value)s”. Type a region's name (巫山, 开州, "
                              "黔南州) or its six-digit code.") % {"value": text}
            raise forms.ValidationError(_named(self.label, message), code="unknown_region")
        return prefix


def _named(label: object, message: str) -> str:
    """The message with the filter's label before it: “接收单位：……”."""
    return gettext("%(field)s: %(message)s") % {"field": label, "message": message}


class RegionFilter(django_filters.Filter):
    """Records placed in the region typed (or under it), through one or more code paths."""

    field_class = RegionField

    def __init__(self, *paths: str, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Region"))
        kwargs.setdefault("help_text", _("Name or code, e.g. 巫山 or 500237"))
        kwargs.setdefault("widget", Picker("regions.region", attrs={"placeholder": _("e.g. 巫山")}))
        super().__init__(field_name=paths[0], **kwargs)
        self.paths = paths

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if not value:
            return qs
        condition = Q()
        for path in self.paths:
            condition |= Q(**{f"{path}__startswith": value})
        return qs.filter(condition)


class ReferenceField(forms.CharField):
    """A reference typed by name; cleans to the records it names among those the user may
    name (see `ReferenceFilter`)."""

    def __init__(self, *args: Any, picker: str = "", actor: Actor | None = None,
                 **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 300)
        super().__init__(*args, **kwargs)
        self.picker = picker
        self.actor = actor
        self.among: QuerySet[Any] | None = None  # set by the filter without a user

    def lookup(self) -> Lookup[Any]:
        found = picker_lookup(self.picker)
        if found is None:
            raise ImproperlyConfigured(f"No picker is called {self.picker}")
        return found

    def clean(self, value: Any) -> QuerySet[Any] | None:
        text = super().clean(value)
        if not text:
            return None
        lookup = self.lookup()
        records = lookup.records(self.actor) if self.actor is not None else self.among
        try:
            if records is None:
                raise lookup.error(lookup.not_known, text, "value")
            return lookup.matching(records, text, field="value")
        except ValidationError as exc:
            messages = [m for ms in exc.message_dict.values() for m in ms]
            raise forms.ValidationError([_named(self.label, m) for m in messages],
                                        code="unknown_reference") from exc


class ReferenceFilter(django_filters.Filter):
    """Records that refer, through `path` (or any of `paths`), to a record typed by name.

    `picker` names the lookup (as `core.widgets.Picker` does): "orgs.organisation",
    "orgs.organisation.any", "people.person", "regions.pairing", "activities.event" … The
    text is resolved among the records the user may name (`Lookup.records`); a text that
    names none is an error naming the filter, never ignored. Built without a request (an
    export job filtering what it already read through `scoped`), it resolves among the
    records that those records refer to.
    """

    field_class = ReferenceField

    def __init__(self, picker: str, *paths: str, **kwargs: Any) -> None:
        kwargs.setdefault("widget", Picker(picker))
        super().__init__(field_name=paths[0], picker=picker, **kwargs)
        self.picker = picker
        self.paths = paths

    @property
    def field(self) -> forms.Field:
        if not hasattr(self, "_field"):
            field: ReferenceField = super().field
            request = getattr(self.parent, "request", None)
            user = getattr(request, "user", None)
            field.actor = user
            if user is None and self.parent is not None:
                field.among = field.lookup().referenced_by(self.parent.queryset, *self.paths)
        found: forms.Field = self._field
        return found

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value is None:
            return qs
        condition = Q()
        for path in self.paths:
            condition |= Q(**{f"{path}__in": value})
        return qs.filter(condition)

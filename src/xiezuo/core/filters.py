"""Filters shared by the lists: import batches, and regions given by name or code.

`RegionFilter` takes what a coordinator types — 巫山, 巫山县, 开州, 黔南州, 重庆市巫山县 or the
six-digit code 500237 — and keeps the records placed in that region or under it. A text that
names no region is an error on the filter (the list shows nothing and says why), never
silently ignored.
"""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from xiezuo.core.models import ImportBatch, ImportStatus
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
            raise forms.ValidationError(
                _("No region is called “%(value)s”. Type a region's name (巫山, 开州, 黔南州) "
                  "or its six-digit code."), params={"value": text}, code="unknown_region")
        return prefix


class RegionFilter(django_filters.Filter):
    """Records placed in the region typed (or under it), through one or more code paths."""

    field_class = RegionField

    def __init__(self, *paths: str, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Region"))
        kwargs.setdefault("help_text", _("Name or code, e.g. 巫山 or 500237"))
        super().__init__(field_name=paths[0], **kwargs)
        self.paths = paths

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if not value:
            return qs
        condition = Q()
        for path in self.paths:
            condition |= Q(**{f"{path}__startswith": value})
        return qs.filter(condition)

"""People named in input: by id, by ID number, or by “name / organisation”.

The people an actor may name are those in their scope and those posted at or engaged by
the organisations in their scope (a county knows who works at its hospitals).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from xiezuo.core.lookups import Lookup, by_id, register, register_reference
from xiezuo.core.scoping import scoped
from xiezuo.core.types import Actor
from xiezuo.exchange.models import Engagement, Posting
from xiezuo.orgs.lookups import ORGANISATION
from xiezuo.people.models import Availability, Person
from xiezuo.reference.lookups import SPECIALTY

ID_NUMBER = re.compile(r"\d{17}[\dXx]")
NAME_AND_ORGANISATION = re.compile(r"[/／|（(]")


def visible_people(actor: Actor) -> QuerySet[Person]:
    return Person.objects.filter(
        Q(pk__in=scoped(Person, actor).values("pk"))
        | Q(pk__in=scoped(Posting, actor).values("person_id"))
        | Q(pk__in=scoped(Engagement, actor).values("person_id"))
    )


def by_id_number(records: QuerySet[Any], text: str) -> QuerySet[Any] | None:
    return records.filter(id_number=text.upper()) if ID_NUMBER.fullmatch(text) else None


def by_name(records: QuerySet[Any], text: str) -> QuerySet[Any]:
    """“张三”, or “张三 / 巫山县中医院” (also “张三（巫山县中医院）”)."""
    parts = NAME_AND_ORGANISATION.split(text, maxsplit=1)
    named = records.filter(name=parts[0].strip())
    organisation = parts[1].strip().rstrip("）)").strip() if len(parts) > 1 else ""
    return named.filter(organisation__name=organisation) if organisation else named


def search_people(records: QuerySet[Any], text: str) -> Iterable[Any]:
    """People a typed text may mean: names starting with it, then containing it; “张 / 巫山”
    narrows by the organisation's name. An ID number or #id finds that person."""
    for key in (by_id_number, by_id):
        found = key(records, text)
        if found is not None:
            return found
    parts = NAME_AND_ORGANISATION.split(text, maxsplit=1)
    name = parts[0].strip()
    organisation = parts[1].strip().rstrip("）)").strip() if len(parts) > 1 else ""
    if organisation:
        records = records.filter(organisation__name__contains=organisation)
    if not name:
        return records.order_by("name", "pk") if organisation else records.none()
    starts = records.filter(name__startswith=name).order_by("name", "pk")
    rest = records.filter(name__contains=name).exclude(name__startswith=name).order_by("name", "pk")
    return [*starts[:50], *rest[:50]]


def person_label(person: Person) -> str:
    """张三（巫山县中医院）: the name and the organisation."""
    return f"{person.name}（{person.organisation.name}）"


# The ID number comes first: 18 digits are an ID number, not an id.
PERSON: Lookup[Person] = register(Lookup(
    Person, keys=(by_id_number, by_id, by_name), source=visible_people,
    ambiguous=gettext_lazy("Several people are called “%(value)s”; add the organisation "
                           "(name / organisation) or give the ID number."),
    related=("organisation",), search=search_people, label=person_label,
    names=lambda p: (f"{p.name} / {p.organisation.name}",)))

# The references of people (what a write may name: see `core.lookups`).
register_reference(Person, "organisation", ORGANISATION)
register_reference(Person, "specialty", SPECIALTY)
register_reference(Availability, "person", PERSON)

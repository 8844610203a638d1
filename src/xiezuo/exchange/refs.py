"""Resolving references given in input (API, forms, Excel) to records the actor may name.

Generic enough for core, kept here so core stays untouched (see the report to the lead):

- People: those in the actor's scope, plus the people posted at or engaged by the
  organisations in the actor's scope (a county knows who works at its hospitals).
- Organisations named as host or partner are looked up among all organisations: the
  sending side names the western host it sends to. The record created must still lie in
  the actor's scope (`ensure_in_scope`), so this never grants access to another county.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from xiezuo.core.scoping import scoped
from xiezuo.exchange.models import Engagement, Posting
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person


def visible_people(actor) -> QuerySet:
    return Person.objects.filter(
        Q(pk__in=scoped(Person, actor).values("pk"))
        | Q(pk__in=scoped(Posting, actor).values("person_id"))
        | Q(pk__in=scoped(Engagement, actor).values("person_id"))
    )


def _not_known(model, value, field):
    return ValidationError(
        {
            field: _("No %(model)s “%(value)s” is known to you.")
            % {"model": model._meta.verbose_name, "value": value}
        }
    )


def resolve_person(actor, value, *, field: str = "person") -> Person | None:
    """A person by primary key, ID number, “#pk”, or “name / organisation”."""
    if value in (None, ""):
        return None
    if isinstance(value, Person):
        value = value.pk
    text = str(value).strip()
    people = visible_people(actor)
    if isinstance(value, int) or re.fullmatch(r"#?\d{1,12}", text):
        found = people.filter(pk=int(text.lstrip("#"))).first()
        if found is None:
            raise _not_known(Person, value, field)
        return found
    if re.fullmatch(r"\d{17}[\dXx]", text):
        matches = list(people.filter(id_number=text.upper())[:2])
    else:
        parts = re.split(r"[/／|（(]", text, maxsplit=1)
        name = parts[0].strip()
        org = parts[1].strip().rstrip("）)").strip() if len(parts) > 1 else ""
        matches = people.filter(name=name)
        if org:
            matches = matches.filter(organisation__name=org)
        matches = list(matches.select_related("organisation")[:2])
    if not matches:
        raise _not_known(Person, value, field)
    if len(matches) > 1:
        raise ValidationError(
            {
                field: _("Several people are called “%(value)s”; add the organisation "
                         "(name / organisation) or give the ID number.") % {"value": value}
            }
        )
    return matches[0]


def resolve_org(value, *, field: str) -> Organisation | None:
    """An organisation by primary key, by name, or by “name / region”."""
    if value in (None, ""):
        return None
    if isinstance(value, Organisation):
        return value
    text = str(value).strip()
    if isinstance(value, int) or text.isdigit():
        found = Organisation.objects.filter(pk=int(text)).first()
        if found is None:
            raise _not_known(Organisation, value, field)
        return found
    name, _sep, region = text.partition("/")
    matches = Organisation.objects.filter(name=name.strip())
    if region.strip():
        r = region.strip()
        matches = matches.filter(Q(region__name=r) | Q(region__full_name=r) | Q(region__code=r))
    matches = list(matches.select_related("region")[:2])
    if not matches:
        raise _not_known(Organisation, value, field)
    if len(matches) > 1:
        raise ValidationError(
            {field: _("Several organisations are named “%(value)s”; add the region "
                      "(name / region).") % {"value": value}}
        )
    return matches[0]


def resolve_scoped(model, actor, value, *, field: str):
    """A record of one of our models, among those the actor may see."""
    if value in (None, ""):
        return None
    if isinstance(value, model):
        value = value.pk
    try:
        return scoped(model, actor).get(pk=int(value))
    except (model.DoesNotExist, ValueError, TypeError):
        raise _not_known(model, value, field) from None

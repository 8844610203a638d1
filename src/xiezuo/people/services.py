"""Writes to people and their availability windows."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xiezuo.core.lookups import check_references
from xiezuo.core.scoping import scoped
from xiezuo.core.services import delete_record, save_changes, save_new
from xiezuo.core.types import Actor
from xiezuo.people import lookups  # noqa: F401  (its references' lookups, before any write)
from xiezuo.people.models import Availability, Person
from xiezuo.reference.selectors import find_specialty
from xiezuo.vocab.titles import title_level as level_of_title


def _derive(fields: dict[str, Any]) -> dict[str, Any]:
    """Fill what can be derived: the title level from the title, the specialty from text."""
    if fields.get("title") and not fields.get("title_level"):
        fields["title_level"] = level_of_title(fields["title"])
    specialty = fields.get("specialty")
    if isinstance(specialty, str):
        found = find_specialty(specialty, domain=fields.get("domain"))
        if found is None:
            raise ValidationError(
                {
                    "specialty": _(
                        "“%(value)s” is not in the specialty vocabulary; "
                        "give it as free text instead."
                    )
                    % {"value": specialty}
                }
            )
        fields["specialty"] = found
    return fields


MAX_WINDOWS = 50  # availability windows per person


def check_id_number(*, actor: Actor, id_number: str, person_id: int | None = None) -> None:
    """Refuse an ID number held by another person the actor can see, naming that person.

    People outside the actor's scope are not consulted: a coordinator learns nothing
    about who is registered elsewhere by trying numbers (each organisation's own
    register is unique, a database constraint).
    """
    number = (id_number or "").strip().upper()
    if not number:
        return
    holders = scoped(Person, actor).filter(id_number=number)
    if person_id is not None:
        holders = holders.exclude(pk=person_id)
    holder = holders.select_related("organisation").first()
    if holder is not None:
        raise ValidationError({
            "id_number": _("%(name)s (%(organisation)s) is already registered with this ID number.")
            % {"name": holder.name, "organisation": holder.organisation.name}
        })


def _replace_availability(person: Person, windows: list[dict[str, Any]]) -> None:
    if len(windows) > MAX_WINDOWS:
        raise ValidationError({
            "availability": _("At most %(limit)s availability windows per person (%(count)s given); "
                              "join the windows that follow each other.")
            % {"limit": MAX_WINDOWS, "count": len(windows)}
        })
    person.availability.all().delete()
    for index, window in enumerate(windows):
        slot = Availability(person=person, **window)
        try:
            slot.full_clean(exclude=["person"])
        except ValidationError as exc:
            raise ValidationError(
                {f"availability[{index}].{field}": msgs for field, msgs in exc.message_dict.items()}
            ) from exc
        slot.save()


def create_person(
    *, actor: Actor, availability: list[dict[str, Any]] | None = None, **fields: Any
) -> Person:
    """A new person with their availability windows, stored together or not at all.

    Errors name the field: a missing name or specialty, an organisation the actor may not
    name (outside their scope: the same answer as one that does not exist), a bad ID
    number, a window's end before its start (``availability[i].end``)."""
    with transaction.atomic():
        check_id_number(actor=actor, id_number=fields.get("id_number", ""))
        person = Person(**_derive(fields))
        # The organisation places the person: one outside the actor's scope is named as a
        # wrong input (as the page's lookup says it), not refused as a forbidden write.
        check_references(person, actor, fields=["organisation"])
        person = save_new(actor=actor, instance=person)
        _replace_availability(person, availability or [])
    return person


def update_person(
    *, actor: Actor, instance: Person, changes: dict[str, Any], expected_version: int | None = None
) -> Person:
    changes = dict(changes)
    availability = changes.pop("availability", None)
    with transaction.atomic():
        if "id_number" in changes:
            check_id_number(actor=actor, id_number=changes["id_number"], person_id=instance.pk)
        merged = {"domain": instance.domain, **changes}
        derived = _derive(merged)
        derived = {k: v for k, v in derived.items() if k in changes or k == "title_level"}
        person = save_changes(
            actor=actor, instance=instance, changes=derived, expected_version=expected_version
        )
        if availability is not None:
            _replace_availability(person, availability)
    return person


def delete_person(*, actor: Actor, instance: Person) -> None:
    delete_record(actor=actor, instance=instance)

"""Personal data (phone, ID number, birth date): who may see it unmasked, masking,
the access log, and a person's data export and erasure."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core import serializers
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from xiezuo.accounts.models import Role
from xiezuo.core.cache import changed
from xiezuo.core.errors import DomainError
from xiezuo.core.models import Job
from xiezuo.core.scoping import Action, can, scoped, signed_in, user_role
from xiezuo.core.types import Actor
from xiezuo.people.models import Person, PersonalDataAccess

PERSONAL_FIELDS = ("phone", "id_number", "birth_date")
ERASED_NAME = "已匿名"


class Channel:
    PAGE = "page"
    API = "api"
    EXPORT = "export"


def may_see_personal_data(user: Actor, person: Person) -> bool:
    """Administrators, coordinators and organisation users who may change the person,
    and the person themself; auditors and everyone else see masked values."""
    role = user_role(user)
    if role == Role.ADMIN:
        return True
    if role in (Role.COORDINATOR, Role.ORG_USER, Role.SELF_SERVICE):
        return can(user, Action.CHANGE, person)
    return False


def visible_unmasked(user: Actor, queryset: QuerySet[Person]) -> QuerySet[Person]:
    """The people of `queryset` whose personal data this user may see unmasked."""
    role = user_role(user)
    if role == Role.ADMIN:
        return queryset
    if role in (Role.COORDINATOR, Role.ORG_USER, Role.SELF_SERVICE):
        return scoped(queryset, user, Action.CHANGE)
    return queryset.none()


def mask_phone(value: str) -> str:
    digits = value.strip()
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 7 else "****" if digits else ""


def mask_id_number(value: str) -> str:
    return f"{value[:6]}********{value[-4:]}" if len(value) == 18 else "****" if value else ""


def masked(person: Person) -> dict[str, Any]:
    return {
        "phone": mask_phone(person.phone),
        "id_number": mask_id_number(person.id_number),
        "birth_date": None,
        "masked": True,
    }


def unmasked(person: Person) -> dict[str, Any]:
    return {"phone": person.phone, "id_number": person.id_number,
            "birth_date": person.birth_date, "masked": False}


def personal_data(user: Actor, person: Person, *, channel: str) -> dict[str, Any]:
    """The personal fields as this user may see them; unmasked views are logged."""
    if not may_see_personal_data(user, person):
        return masked(person)
    if any(getattr(person, f) for f in PERSONAL_FIELDS):
        log_access(user, [person], channel=channel)
    return unmasked(person)


PERSONAL_CACHE = "_personal_cache"  # a person's decided `personal_data` (the API's schema)


def decide_page(user: Actor, people: list[Person], *, channel: str) -> None:
    """`personal_data` for several people at once (a page of a list): one query decides
    who is shown unmasked, one insert logs them; each answer is kept on its person
    (PERSONAL_CACHE) for the output schema (tests/budget)."""
    if not people:
        return
    shown = set(visible_unmasked(user, Person.objects.filter(pk__in=[p.pk for p in people]))
                .values_list("pk", flat=True))
    logged = [p for p in people if p.pk in shown and any(getattr(p, f) for f in PERSONAL_FIELDS)]
    if logged:
        log_access(user, logged, channel=channel)
    for person in people:
        person.__dict__.setdefault(PERSONAL_CACHE, {})["data"] = (
            unmasked(person) if person.pk in shown else masked(person))


def log_access(user: Actor, people: Iterable[Person], *, channel: str) -> None:
    """Log that this user saw these people's personal data unmasked (only users who may
    see them unmasked, so signed-in ones, do)."""
    reader = signed_in(user)
    PersonalDataAccess.objects.bulk_create(
        [PersonalDataAccess(user=reader, person=p, channel=channel) for p in people]
    )


def export_person_data(*, actor: Actor, person: Person) -> dict[str, Any]:
    """Everything stored about a person, for a subject-access request."""
    if not may_see_personal_data(actor, person):
        raise DomainError(_("Your role may not export this person's personal data."))
    log_access(actor, [person], channel=Channel.EXPORT)
    related: list[Model] = []
    for relation in person._meta.related_objects:
        if relation.one_to_many or relation.one_to_one:
            accessor = relation.get_accessor_name()
            manager = getattr(person, accessor, None) if accessor else None
            if manager is not None and hasattr(manager, "all"):
                related.extend(manager.all())
    return {
        "person": serializers.serialize("python", [person])[0],
        "related": serializers.serialize("python", [r for r in related if not _is_log(r)]),
        "history": [
            {"date": h.history_date.isoformat(), "type": h.history_type,
             "user": str(h.history_user or ""), "values": {f: str(getattr(h, f)) for f in ("name", "phone", "id_number")}}
            for h in person.history.all()
        ],
    }


def _is_log(record: Model) -> bool:
    return record._meta.model_name in {"personaldataaccess"}


@transaction.atomic
def erase_person(*, actor: Actor, person: Person) -> None:
    """Erase a person's identifying data, keeping the anonymised record for statistics
    (organisation, domain, specialty, title level, postings) and purging old versions."""
    if user_role(actor) != Role.ADMIN:
        raise DomainError(_("Only system administrators erase personal data."), field=None)
    person.name = f"{ERASED_NAME}#{person.pk}"
    person.phone = person.id_number = person.note = person.position = ""
    person.birth_date = None
    person.save()
    changed(person)
    _purge_history(person)
    for record in _copies(person):
        for field in _personal_copies(type(record)):
            setattr(record, field, person.name)
        record.save()
        changed(record)
        _purge_history(record)
    _drop_stored_exports()


def _personal_copies(model: type[Model] | str) -> tuple[str, ...]:
    """The fields in which records of this model copy a person's name (none for most)."""
    copies: tuple[str, ...] = getattr(model, "personal_copies", ())
    return copies


def _copies(person: Person) -> list[Model]:
    """Records that keep a copy of the person's name beside the link to them: their
    models declare the copied fields in `personal_copies` (a trainee's name)."""
    found: list[Model] = []
    for relation in person._meta.related_objects:
        model = relation.related_model
        if relation.one_to_many and isinstance(model, type) and _personal_copies(model):
            found.extend(model._default_manager.filter(**{relation.field.name: person}))
    return found


def _purge_history(record: Model) -> None:
    """Keep only the record's latest version (the erased one) in its change history."""
    history = getattr(record, "history", None)
    if history is None or not history.exists():
        return
    latest = history.latest()
    history.exclude(pk=latest.pk).delete()
    latest.history_change_reason = "erased on request"
    latest.save()


def _drop_stored_exports() -> None:
    """Workbooks made by background exports may list the person: drop the stored files
    (whoever made them exports again, without the erased data)."""
    Job.objects.filter(kind=Job.Kind.EXPORT).exclude(result=None).update(
        result=None,
        message=_("The file was removed because a person's data was erased; export again."),
    )

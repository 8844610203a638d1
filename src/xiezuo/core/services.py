"""Write helpers shared by every app's services: validate, save, check scope, in one transaction."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from xiezuo.core.errors import Conflict
from xiezuo.core.models import Versioned
from xiezuo.core.scoping import ensure_deletable, ensure_in_scope, ensure_placement, scoped

M = TypeVar("M", bound=models.Model)


def save_new(*, actor, instance: M) -> M:
    """Validate and store a new record that must lie inside the actor's scope."""
    with transaction.atomic():
        instance.full_clean()
        ensure_placement(instance, actor)
        instance.save()
        ensure_in_scope(instance, actor)
    return instance


def save_changes(*, actor, instance: M, changes: dict, expected_version: int | None = None) -> M:
    """Apply field changes to a record in the actor's scope; it must stay in scope.

    With `expected_version` (the version the user loaded), a record that someone else
    changed in the meantime is refused with a Conflict instead of being overwritten.
    """
    with transaction.atomic():
        ensure_in_scope(instance, actor)
        if expected_version is not None:
            check_version(instance, expected_version)
        for field, value in changes.items():
            setattr(instance, field, value)
        instance.full_clean()
        ensure_placement(instance, actor)
        instance.save()
        ensure_in_scope(instance, actor)
    return instance


def check_version(instance: Versioned, expected_version: int) -> None:
    current = (
        type(instance)._default_manager.select_for_update()
        .values_list("version", flat=True).get(pk=instance.pk)
    )
    if current != expected_version:
        raise Conflict(
            _("%(record)s was changed by someone else since you opened it (your version "
              "%(yours)s, now %(now)s). Reload it and apply your change again.")
            % {"record": instance, "yours": expected_version, "now": current},
            field="version",
        )
    instance.version = current


def delete_record(*, actor, instance: models.Model) -> None:
    with transaction.atomic():
        ensure_deletable(instance, actor)
        try:
            instance.delete()
        except ProtectedError as exc:
            names = ", ".join(
                sorted({str(o._meta.verbose_name_plural) for o in exc.protected_objects})
            )
            raise Conflict(
                _(
                    "%(record)s is still referred to by other records (%(names)s) and cannot be deleted."
                )
                % {"record": instance, "names": names}
            ) from exc


def resolve_ref(
    model: type[M], actor, value, *, field: str, lookup: str = "pk", public: bool = False
) -> M | None:
    """Turn a reference given in input into a record the actor may see, or a field error.

    `public` lookups (division codes) need not lie in the actor's scope: a pairing names
    the other side's region, which the actor does not administer.
    """
    if value in (None, ""):
        return None
    try:
        source = model._default_manager.all() if public else scoped(model, actor)
        return source.get(**{lookup: value})
    except (ObjectDoesNotExist, ValueError, TypeError):  # the model's DoesNotExist
        raise ValidationError(
            {
                field: _("No %(model)s “%(value)s” is known to you.")
                % {"model": model._meta.verbose_name, "value": value}
            }
        ) from None

"""Write helpers shared by every app's services: validate, save, check scope, in one transaction.

Every record written through `save_new` / `save_changes` has its references checked here
(`core.lookups.reference_errors`): a service given a record the actor may not name refuses
it, whatever entry point called it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from xiezuo.core.cache import changed
from xiezuo.core.errors import Conflict
from xiezuo.core.lookups import changed_references, reference_errors
from xiezuo.core.models import Versioned
from xiezuo.core.scoping import ensure_deletable, ensure_in_scope, ensure_placement
from xiezuo.core.transitions import StateMachine
from xiezuo.core.types import Actor

M = TypeVar("M", bound=models.Model)


def save_new(*, actor: Actor, instance: M) -> M:
    """Validate and store a new record that must lie inside the actor's scope."""
    with transaction.atomic():
        references = changed_references(instance)  # all of them: nothing is stored yet
        clean(instance, actor, references)
        refused = reference_errors(instance, actor, fields=references)
        ensure_placement(instance, actor)
        instance.save()
        ensure_in_scope(instance, actor)
        if refused:
            raise ValidationError(refused)
        changed(instance)
    return instance


def save_changes(
    *, actor: Actor, instance: M, changes: dict[str, Any], expected_version: int | None = None
) -> M:
    """Apply field changes to a record in the actor's scope; it must stay in scope.

    With `expected_version` (the version the user loaded), a record that someone else
    changed in the meantime is refused with a Conflict instead of being overwritten.
    """
    with transaction.atomic():
        ensure_in_scope(instance, actor)
        if expected_version is not None:
            if not isinstance(instance, Versioned):
                raise TypeError(f"{type(instance).__name__} has no version to check")
            check_version(instance, expected_version)
        for field, value in changes.items():
            setattr(instance, field, value)
        # Only the references that change: an old one that has since left the actor's
        # view does not stop an edit of another field.
        references = changed_references(instance)
        clean(instance, actor, references)
        refused = reference_errors(instance, actor, fields=references)
        ensure_placement(instance, actor)
        instance.save()
        ensure_in_scope(instance, actor)
        if refused:
            raise ValidationError(refused)
        changed(instance)
    return instance


# The references are checked before the record is stored (the record itself must not
# widen what the actor may name: a posting at their hospital makes its person one they
# know), and the refusal is raised last, inside the transaction, so that nothing is stored
# and a write the scope refuses keeps its answer (PermissionDenied); the check refuses what
# the scope alone lets through — a record in the actor's area that names a record the
# actor may not name (a person of another county on a posting at their hospital).


def clean(instance: models.Model, actor: Actor, references: list[str]) -> None:
    """`full_clean()`; a reference among `references` that names no record the actor may
    name gets the lookup's message (as from `check_references`) in place of the model's
    “… does not exist”, so an id that does not exist and one outside the actor's view get
    the same answer."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        errors: dict[str, list[Any]] = exc.update_error_dict({})
        failed = [name for name in errors if name in references]
        errors.update(reference_errors(instance, actor, fields=failed))
        raise ValidationError(errors) from None


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


def delete_record(*, actor: Actor, instance: models.Model) -> None:
    with transaction.atomic():
        ensure_deletable(instance, actor)
        changed(instance)
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


def transition(machine: StateMachine, *, actor: Actor, record: M, action: str,
               then: Callable[[M, str], None], field: str = "state", **context: object) -> M:
    """Take `action` of `machine` on `record` (in the actor's scope), in one transaction.

    The record is read again under a row lock; its `field` must hold a state the action
    may start from (else IllegalTransition, and nothing changes). `field` is set to the
    action's target, then `then(current, from_state)` does the service's part (other
    fields, checks, saving, the event it records). Returns the record as stored.
    """
    with transaction.atomic():
        ensure_in_scope(record, actor)
        current = type(record)._default_manager.select_for_update().get(pk=record.pk)
        from_state = str(getattr(current, field))
        setattr(current, field, machine.target(action, from_state, **context))
        then(current, from_state)
        changed(current)
    return current

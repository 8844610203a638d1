"""Writes of agreements (with their yearly targets), projects, labour cooperation and
consumption assistance: keyword-only functions, one transaction each, nothing half-written.

Validation lives in the models (`clean()` and constraints), so the admin, the API, the
pages and the Excel imports refuse the same input with the field named.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xiezuo.cooperation import lookups  # noqa: F401  (its references' lookups, before any write)
from xiezuo.cooperation.models import (
    Agreement,
    AgreementTarget,
    ConsumptionAssistance,
    LabourCooperation,
    Project,
)
from xiezuo.core.services import delete_record, save_changes, save_new
from xiezuo.core.types import Actor

TARGET_FIELDS = ("year", "measure", "target")


# --- agreements ------------------------------------------------------------------------


def create_agreement(
    *, actor: Actor, targets: Iterable[Mapping[str, Any]] | None = None, **fields: Any
) -> Agreement:
    """A new agreement and its yearly targets, stored together or not at all."""
    with transaction.atomic():
        agreement = save_new(actor=actor, instance=Agreement(**fields))
        _replace_targets(agreement, targets or [])
    return agreement


def update_agreement(*, actor: Actor, instance: Agreement, changes: dict[str, Any],
                     expected_version: int | None = None) -> Agreement:
    """Change an agreement; `targets` in the changes replaces its whole list of targets."""
    changes = dict(changes)
    targets = changes.pop("targets", None)
    with transaction.atomic():
        agreement = save_changes(actor=actor, instance=instance, changes=changes,
                                 expected_version=expected_version)
        if targets is not None:
            _replace_targets(agreement, targets)
        else:
            _check_kept_targets(agreement)
    return agreement


def delete_agreement(*, actor: Actor, instance: Agreement) -> None:
    delete_record(actor=actor, instance=instance)  # its targets go with it


def set_targets(*, actor: Actor, agreement: Agreement, targets: Iterable[Mapping[str, Any]]) -> Agreement:
    """Replace the targets of an agreement (the version of the agreement grows by one)."""
    return update_agreement(actor=actor, instance=agreement, changes={"targets": list(targets)})


def targets_written(*, actor: Actor, agreement_ids: Iterable[int | None]) -> None:
    """Targets of these agreements were written outside `update_agreement` (the Excel import
    of targets): like any change of its targets, each agreement's version grows by one, so
    an edit form opened before is refused instead of overwriting them."""
    with transaction.atomic():
        for agreement in Agreement.objects.filter(pk__in={pk for pk in agreement_ids if pk}):
            save_changes(actor=actor, instance=agreement, changes={})


def _decimal(value: Any) -> Any:
    if value in (None, ""):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value  # full_clean names the field


def _replace_targets(agreement: Agreement, targets: Iterable[Mapping[str, Any]]) -> None:
    """Store `targets` as the agreement's only targets; every bad one is reported as
    ``targets.<n>.<field>`` (n counts from 1) and then nothing is stored."""
    agreement.targets.all().delete()
    errors: dict[str, list] = {}
    seen: set[tuple] = set()
    for number, data in enumerate(targets, start=1):
        unknown = set(data) - set(TARGET_FIELDS) - {"id", "agreement"}
        if unknown:
            errors[f"targets.{number}"] = [_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}]
            continue
        values: dict[str, Any] = {"year": data.get("year"), "measure": data.get("measure"),
                                  "target": _decimal(data.get("target"))}
        target = AgreementTarget(agreement=agreement, **values)
        try:
            target.full_clean()
            key = (target.year, target.measure)
            if key in seen:
                raise ValidationError({"measure": _("This agreement already has a target for this "
                                                    "measure and year.")})
            seen.add(key)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                # The only whole-record rule of a target is one per agreement, year and measure.
                name = "measure" if name == NON_FIELD_ERRORS else name
                errors.setdefault(f"targets.{number}.{name}", []).extend(messages)
            continue
        target.save()
    if errors:
        raise ValidationError(errors)


def _check_kept_targets(agreement: Agreement) -> None:
    years = sorted({y for y in agreement.targets.values_list("year", flat=True)
                    if not agreement.start.year <= y <= agreement.end.year})
    if years:
        raise ValidationError({"end": _("The agreement has targets for %(years)s, outside its new period; "
                                        "change or remove those targets first.")
                               % {"years": "、".join(str(y) for y in years)}})


# --- projects, labour cooperation, consumption assistance ------------------------------


def create_project(*, actor: Actor, **fields: Any) -> Project:
    return save_new(actor=actor, instance=Project(**fields))


def update_project(*, actor: Actor, instance: Project, changes: dict[str, Any],
                   expected_version: int | None = None) -> Project:
    return save_changes(actor=actor, instance=instance, changes=changes,
                        expected_version=expected_version)


def delete_project(*, actor: Actor, instance: Project) -> None:
    delete_record(actor=actor, instance=instance)


def create_labour(*, actor: Actor, **fields: Any) -> LabourCooperation:
    return save_new(actor=actor, instance=LabourCooperation(**fields))


def update_labour(*, actor: Actor, instance: LabourCooperation, changes: dict[str, Any],
                  expected_version: int | None = None) -> LabourCooperation:
    return save_changes(actor=actor, instance=instance, changes=changes,
                        expected_version=expected_version)


def delete_labour(*, actor: Actor, instance: LabourCooperation) -> None:
    delete_record(actor=actor, instance=instance)


def create_consumption(*, actor: Actor, **fields: Any) -> ConsumptionAssistance:
    return save_new(actor=actor, instance=ConsumptionAssistance(**fields))


def update_consumption(*, actor: Actor, instance: ConsumptionAssistance, changes: dict[str, Any],
                       expected_version: int | None = None) -> ConsumptionAssistance:
    return save_changes(actor=actor, instance=instance, changes=changes,
                        expected_version=expected_version)


def delete_consumption(*, actor: Actor, instance: ConsumptionAssistance) -> None:
    delete_record(actor=actor, instance=instance)


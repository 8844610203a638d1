"""Generic CRUD endpoints over a scoped model, so each app only declares its schemas.

Updates of versioned records (optimistic locking) carry the `version` the client read;
a stale version is answered with 409 and changes nothing.

An explicit `null` reaches a service only where a field is declared `X | None`: a text
field that may be blank (`note: str = ""`) stores "", any other field is answered 422
naming it (“此项不能为空”); a `None` left for a text column that takes no NULL is stored
as "". A PATCH keeps each field's type and constraints (ninja's PatchDict made every
field nullable and dropped its lengths and ranges).

(No `from __future__ import annotations`: django-ninja reads the annotations below.)
"""

from collections.abc import Callable
from copy import copy
from typing import Any, cast

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import FilterSchema, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.utils import is_optional_type
from pydantic import Field, ValidationInfo, create_model, field_validator
from pydantic_core import PydanticCustomError, PydanticUndefined

from xiezuo.core.scoping import ensure_in_scope, scoped
from xiezuo.core.types import Actor


class Page(PageNumberPagination):
    """Pages of 50; page numbers bounded so a huge one is a 422, not a database overflow."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=1000)

    page_size = 50
    # What a page of records needs before its output is read, for the whole page at once
    # (each posting's rule warnings): `register_crud(prepare_page=…)` sets it on its own
    # subclass of this one.
    prepare: Callable[[list[Any], Actor], None] | None = None

    def paginate_queryset(self, queryset: models.QuerySet[Any], pagination: Any,
                          request: HttpRequest, **params: Any) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        if self.prepare is not None:
            items = list(page[self.items_attribute])
            self.prepare(items, request.user)
            page[self.items_attribute] = items
        return page


def _refuse_null(blank_text: frozenset[str]) -> Callable[[Any, Any, ValidationInfo], Any]:
    def check(cls: Any, value: Any, info: ValidationInfo) -> Any:
        if value is None:
            if info.field_name in blank_text:
                return ""
            raise PydanticCustomError("not_null", _("This field cannot be empty."))
        return value

    return check


def null_aware(schema: type[Schema], *, name: str | None = None, partial: bool = False) -> type[Schema]:
    """`schema` with the rule for explicit nulls above; `partial`: every field may be
    left out (PATCH; dump with `exclude_unset`), keeping its type and constraints."""
    not_null = [f for f, info in schema.model_fields.items()
                if not is_optional_type(cast("type[Any]", info.annotation))]
    blank_text = frozenset(f for f in not_null if schema.model_fields[f].annotation is str
                           and schema.model_fields[f].default == "")
    fields: dict[str, Any] = {}
    if partial:
        for field, info in schema.model_fields.items():
            optional = copy(info)
            optional.default, optional.default_factory = PydanticUndefined, _none
            fields[field] = (info.annotation, optional)
    validators: dict[str, Callable[..., Any]] = {}
    if not_null:
        validators["refuse_null"] = field_validator(*not_null, mode="before")(_refuse_null(blank_text))
    return create_model(name or schema.__name__, __base__=schema, __validators__=validators, **fields)


def _none() -> None:
    return None


def blank_text_for_null(model: type[models.Model], fields: dict[str, Any]) -> dict[str, Any]:
    """`null` for a text column that takes no NULL is stored as ""."""
    for name, value in fields.items():
        if value is None:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, (models.CharField, models.TextField)) and not field.null:
                fields[name] = ""
    return fields


def _expected_version(data: dict[str, Any], versioned: bool) -> int | None:
    version: int | None = data.pop("version", None)
    if versioned and version is None:
        raise ValidationError({"version": _("Give the version of the record you are changing.")})
    return version


def register_crud(
    router: Router,
    *,
    model: type[models.Model],
    out_schema: type[Schema],
    in_schema: type[Schema],
    filter_schema: type[FilterSchema],
    to_fields: Callable[[dict[str, Any], Actor], dict[str, Any]],
    create: Callable[..., Any],
    update: Callable[..., Any],
    delete: Callable[..., Any],
    select_related: tuple[str, ...] = (),
    prefetch_related: tuple[str | models.Prefetch[Any], ...] = (),
    prepare_page: Callable[[list[Any], Actor], None] | None = None,
) -> None:
    """List (filters, search, pagination), create, read, replace, patch and delete.

    `select_related` and `prefetch_related` name what the output schema reads of each
    record, so that a page of the list costs the same number of queries however long it is
    (tests/budget); `prepare_page` reads what the schema needs for a whole page at once."""
    name = model._meta.model_name
    page_class = Page if prepare_page is None else type(
        f"{model.__name__}Page", (Page,), {"prepare": staticmethod(prepare_page)})
    versioned = any(f.name == "version" for f in model._meta.fields)
    update_schema = (
        create_model(f"{in_schema.__name__}Update", __base__=in_schema, version=(int, ...))
        if versioned
        else in_schema
    )
    create_schema = null_aware(in_schema)
    replace_schema = null_aware(update_schema)
    patch_schema = null_aware(update_schema, name=f"{update_schema.__name__}Patch", partial=True)

    def visible(request: HttpRequest) -> models.QuerySet[models.Model]:
        return scoped(model, request.user).select_related(*select_related).prefetch_related(
            *prefetch_related)

    def apply(request: HttpRequest, pk: int, data: dict[str, Any]) -> models.Model:
        record = get_object_or_404(visible(request), pk=pk)
        ensure_in_scope(record, request.user)  # read-only roles: 403 before any field error
        expected = _expected_version(data, versioned)
        changes = blank_text_for_null(model, to_fields(data, request.user))
        kwargs = {"expected_version": expected} if versioned else {}
        update(actor=request.user, instance=record, changes=changes, **kwargs)
        return visible(request).get(pk=pk)

    @router.get("/", response=list[out_schema], operation_id=f"{name}_list")  # type: ignore[valid-type]
    @paginate(page_class)
    def list_records(  # ninja's Query marker as the default (B008)
        request: HttpRequest,
        filters: filter_schema = Query(...),  # type: ignore[valid-type, type-arg]  # noqa: B008
    ) -> models.QuerySet[models.Model]:
        return cast(FilterSchema, filters).filter(visible(request))

    @router.post("/", response={201: out_schema}, operation_id=f"{name}_create")
    def create_record(request: HttpRequest, payload: create_schema) -> Status[Any]:  # type: ignore[valid-type]
        fields = blank_text_for_null(model, to_fields(payload.dict(), request.user))  # type: ignore[attr-defined]
        record = create(actor=request.user, **fields)
        return Status(201, visible(request).get(pk=record.pk))

    @router.get("/{int:pk}", response={200: out_schema}, operation_id=f"{name}_read")
    def read_record(request: HttpRequest, pk: int) -> models.Model:
        return get_object_or_404(visible(request), pk=pk)

    @router.put("/{int:pk}", response={200: out_schema}, operation_id=f"{name}_replace")
    def replace_record(request: HttpRequest, pk: int, payload: replace_schema) -> models.Model:  # type: ignore[valid-type]
        return apply(request, pk, payload.dict())  # type: ignore[attr-defined]

    @router.patch("/{int:pk}", response={200: out_schema}, operation_id=f"{name}_update")
    def update_record(request: HttpRequest, pk: int, payload: patch_schema) -> models.Model:  # type: ignore[valid-type]
        return apply(request, pk, payload.model_dump(exclude_unset=True))  # type: ignore[attr-defined]

    @router.delete("/{int:pk}", response={204: None}, operation_id=f"{name}_delete")
    def delete_record(request: HttpRequest, pk: int) -> Status[Any]:
        delete(actor=request.user, instance=get_object_or_404(visible(request), pk=pk))
        return Status(204, None)

"""Generic CRUD endpoints over a scoped model, so each app only declares its schemas.

Updates of versioned records (optimistic locking) carry the `version` the client read;
a stale version is answered with 409 and changes nothing.
(No `from __future__ import annotations`: django-ninja reads the annotations below.)
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import PatchDict, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from pydantic import Field, create_model

from xiezuo.core.scoping import ensure_in_scope, scoped


class Page(PageNumberPagination):
    """Pages of 50; page numbers bounded so a huge one is a 422, not a database overflow."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=1000)

    page_size = 50


def _expected_version(data: dict, versioned: bool) -> int | None:
    version = data.pop("version", None)
    if versioned and version is None:
        raise ValidationError({"version": _("Give the version of the record you are changing.")})
    return version


def register_crud(
    router: Router,
    *,
    model,
    out_schema,
    in_schema,
    filter_schema,
    to_fields: Callable[[dict, Any], dict],
    create: Callable[..., Any],
    update: Callable[..., Any],
    delete: Callable[..., Any],
    select_related: tuple[str, ...] = (),
) -> None:
    """List (filters, search, pagination), create, read, replace, patch and delete."""
    name = model._meta.model_name
    versioned = any(f.name == "version" for f in model._meta.fields)
    update_schema = (
        create_model(f"{in_schema.__name__}Update", __base__=in_schema, version=(int, ...))
        if versioned
        else in_schema
    )

    def visible(request):
        return scoped(model, request.user).select_related(*select_related)

    def apply(request, pk: int, data: dict):
        record = get_object_or_404(visible(request), pk=pk)
        ensure_in_scope(record, request.user)  # read-only roles: 403 before any field error
        expected = _expected_version(data, versioned)
        changes = to_fields(data, request.user)
        kwargs = {"expected_version": expected} if versioned else {}
        update(actor=request.user, instance=record, changes=changes, **kwargs)
        return visible(request).get(pk=pk)

    @router.get("/", response=list[out_schema], operation_id=f"{name}_list")
    @paginate(Page)
    def list_records(request, filters: filter_schema = Query(...)):  # type: ignore[valid-type]  # noqa: B008
        return filters.filter(visible(request))

    @router.post("/", response={201: out_schema}, operation_id=f"{name}_create")
    def create_record(request, payload: in_schema):  # type: ignore[valid-type]
        record = create(actor=request.user, **to_fields(payload.dict(), request.user))
        return Status(201, visible(request).get(pk=record.pk))

    @router.get("/{int:pk}", response={200: out_schema}, operation_id=f"{name}_read")
    def read_record(request, pk: int):
        return get_object_or_404(visible(request), pk=pk)

    @router.put("/{int:pk}", response={200: out_schema}, operation_id=f"{name}_replace")
    def replace_record(request, pk: int, payload: update_schema):  # type: ignore[valid-type]
        return apply(request, pk, payload.dict())

    @router.patch("/{int:pk}", response={200: out_schema}, operation_id=f"{name}_update")
    def update_record(request, pk: int, payload: PatchDict[update_schema]):  # type: ignore[valid-type]
        return apply(request, pk, dict(payload))

    @router.delete("/{int:pk}", response={204: None}, operation_id=f"{name}_delete")
    def delete_record(request, pk: int):
        delete(actor=request.user, instance=get_object_or_404(visible(request), pk=pk))
        return Status(204, None)

"""Generic CRUD endpoints over a scoped model, so each app only declares its schemas.

(No `from __future__ import annotations`: django-ninja reads the annotations below.)
"""

from collections.abc import Callable
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import PatchDict, Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from xiezuo.core.scoping import scoped


class Page(PageNumberPagination):
    page_size = 50


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

    def visible(request):
        return scoped(model, request.user).select_related(*select_related)

    @router.get("/", response=list[out_schema], operation_id=f"{name}_list")
    @paginate(Page)
    def list_records(request, filters: filter_schema = Query(...)):  # type: ignore[valid-type]  # noqa: B008
        return filters.filter(visible(request))

    @router.post("/", response={201: out_schema}, operation_id=f"{name}_create")
    def create_record(request, payload: in_schema):  # type: ignore[valid-type]
        record = create(actor=request.user, **to_fields(payload.dict(), request.user))
        return Status(201, visible(request).get(pk=record.pk))

    @router.get("/{int:pk}", response=out_schema, operation_id=f"{name}_read")
    def read_record(request, pk: int):
        return get_object_or_404(visible(request), pk=pk)

    @router.put("/{int:pk}", response=out_schema, operation_id=f"{name}_replace")
    def replace_record(request, pk: int, payload: in_schema):  # type: ignore[valid-type]
        record = get_object_or_404(visible(request), pk=pk)
        update(actor=request.user, instance=record, changes=to_fields(payload.dict(), request.user))
        return visible(request).get(pk=pk)

    @router.patch("/{int:pk}", response=out_schema, operation_id=f"{name}_update")
    def update_record(request, pk: int, payload: PatchDict[in_schema]):  # type: ignore[valid-type]
        record = get_object_or_404(visible(request), pk=pk)
        update(actor=request.user, instance=record, changes=to_fields(dict(payload), request.user))
        return visible(request).get(pk=pk)

    @router.delete("/{int:pk}", response={204: None}, operation_id=f"{name}_delete")
    def delete_record(request, pk: int):
        delete(actor=request.user, instance=get_object_or_404(visible(request), pk=pk))
        return Status(204, None)

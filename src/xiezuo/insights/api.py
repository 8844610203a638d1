"""JSON API of the dashboard and the annual report: the numbers the pages show."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from xiezuo.core.errors import NotFound
from xiezuo.insights import exports, selectors
from xiezuo.insights.measures import drill_sources
from xiezuo.insights.schemas import (
    DashboardOut,
    RecordsOut,
    RecordsQuery,
    ReportOut,
    SelectionQuery,
)
from xiezuo.insights.selection import Selection, build_selection
from xiezuo.insights.selectors import Figure

router = Router(tags=["insights"])
PER_PAGE = 100


def _selection(request: HttpRequest, query: SelectionQuery) -> Selection:
    return build_selection(user=request.user, year=query.year, pairing=query.pairing,
                           side=query.side, region=query.region)


def _figure(figure: Figure) -> dict[str, Any]:
    return {"measure": figure.measure, "label": str(figure.label), "value": figure.value,
            "unit": str(figure.unit), "target": figure.target, "status": figure.status,
            "records_url": figure.url}


@router.get("/dashboard", response=DashboardOut, operation_id="insights_dashboard")
def dashboard(request: HttpRequest, query: Query[SelectionQuery]) -> dict[str, Any]:
    sel = _selection(request, query)
    board = selectors.dashboard(sel)
    cov = board.coverage
    return {
        "label": sel.label, "year": sel.year, "headline": [_figure(f) for f in board.headline],
        "on_post": board.on_post, "years": board.years,
        "trends": [{"measure": m, "label": str(selectors.Measure(m).label), "values": v}
                   for m, v in board.trends.items()],
        "flows": board.flows,
        "coverage": {
            "counties": [{"code": c.code, "name": c.name} for c in cov.counties],
            "columns": [{"domain": c.domain, "stage": c.stage, "label": c.label} for c in cov.columns],
            "cells": [[n for _col, n in cells] for _county, cells in cov.rows()],
            "gaps": cov.gaps,
        },
    }


@router.get("/annual-report", response=ReportOut, operation_id="insights_annual_report")
def annual_report(request: HttpRequest, query: Query[SelectionQuery]) -> dict[str, Any]:
    sel = _selection(request, query)
    report = selectors.annual_report(sel)
    return {"label": sel.label, "year": sel.year,
            "sections": [{"title": s.title, "figures": [_figure(f) for f in s.figures]} for s in report.sections]}


@router.get("/records", response=RecordsOut, operation_id="insights_records")
def records(request: HttpRequest, query: Query[RecordsQuery]) -> dict[str, Any]:
    sel = _selection(request, query)
    try:
        sources = drill_sources(query.measure)
    except KeyError:
        raise NotFound(_("No such measure."), field="measure") from None
    blocks = exports.record_blocks(sel, sources, per_page=PER_PAGE, page_of=lambda _index: query.page)
    out = [{"key": b["source"].key, "label": str(b["source"].label), "total": b["total"],
            "count": b["page"].paginator.count, "columns": [str(c.label) for c in b["source"].columns],
            "records": b["rows"]} for b in blocks]
    total = sum((b["total"] for b in blocks), Decimal(0))
    return {"measure": query.measure, "total": total, "page": query.page, "sources": out}


ROUTERS = [("/insights", router)]

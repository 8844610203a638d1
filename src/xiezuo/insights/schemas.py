"""Schemas of the insights API: the same figures as the dashboard and the annual report."""

from __future__ import annotations

from decimal import Decimal

from ninja import Schema
from pydantic import Field


class SelectionQuery(Schema):
    year: int = Field(..., ge=2000, le=2100, description="The report year.")
    pairing: int | None = Field(None, ge=1, le=2**31 - 1,
                                description="A pairing; its sub-pairings are included.")
    side: str | None = Field(None, pattern="^(east|west)$",
                             description="Instead of a pairing: one side's whole set of pairings …")
    region: str | None = Field(None, max_length=6, description="… of this region (six-digit code).")


class RecordsQuery(SelectionQuery):
    measure: str = Field(..., max_length=32, description="A measure code, or on_post.")
    page: int = Field(1, ge=1, le=100000)


class FigureOut(Schema):
    measure: str
    label: str
    value: Decimal
    unit: str
    target: Decimal | None = None
    status: str
    records_url: str


class SectionOut(Schema):
    title: str
    figures: list[FigureOut]


class ReportOut(Schema):
    label: str
    year: int
    sections: list[SectionOut]


class TrendOut(Schema):
    measure: str
    label: str
    values: list[Decimal]


class LinkOut(Schema):
    source: str
    target: str
    value: int


class CoverageOut(Schema):
    counties: list[dict[str, str]]
    columns: list[dict[str, str]]
    cells: list[list[int]]
    gaps: int


class DashboardOut(Schema):
    label: str
    year: int
    headline: list[FigureOut]
    on_post: int
    years: list[int]
    trends: list[TrendOut]
    flows: dict[str, list[LinkOut]]
    coverage: CoverageOut


class RecordRowOut(Schema):
    cells: list[str]
    url: str


class SourceOut(Schema):
    key: str
    label: str
    total: Decimal
    count: int
    columns: list[str]
    records: list[RecordRowOut]


class RecordsOut(Schema):
    measure: str
    total: Decimal
    page: int
    sources: list[SourceOut]

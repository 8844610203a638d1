"""API schemas of reports, facts and fact records (no __future__ import: ninja reads them)."""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, FilterLookup, FilterSchema, Schema

from xiezuo.reports.models import (
    FactKind,
    FactRecord,
    FactStatus,
    Indicator,
    Qualifier,
    ReportStatus,
    Script,
)


class SegmentOut(Schema):
    index: int
    title: str = ""
    relevant: bool
    start: int
    end: int


class DocumentOut(Schema):
    id: int
    version: int
    status: ReportStatus = Field(..., description="extracting (the worker is reading it) | ready | failed")
    status_message: str = Field("", description="The outcome of the extraction; the reason when it failed")
    facts: int = Field(0, description="Facts queued from this report")
    original_name: str
    title: str
    sha256: str
    script: Script | None = Field(None, description="Empty until the report is extracted")
    uploaded_by: str | None = Field(None, alias="uploaded_by.username")
    uploaded_at: datetime.datetime
    region: str | None = Field(None, alias="region.code")
    organisation: int | None = Field(None, alias="organisation_id")
    east_region: str | None = Field(None, alias="east_region.code")
    west_region: str | None = Field(None, alias="west_region.code")
    duplicate_of: int | None = Field(
        None, description="The original of a near-duplicate, when you may see it")
    period_start: datetime.date
    period_end: datetime.date
    segments: list[SegmentOut]

    @staticmethod
    def resolve_script(obj):
        return obj.script or None

    @staticmethod
    def resolve_facts(obj):
        count = getattr(obj, "fact_count", None)
        return obj.facts.count() if count is None else count

    @staticmethod
    def resolve_duplicate_of(obj):
        # The original may lie outside the reader's scope: not even its id is given then.
        return obj.duplicate_of_id if getattr(obj, "duplicate_visible", False) else None


class DocumentDetailOut(DocumentOut):
    text: str


class UploadOut(Schema):
    name: str
    status: str = Field(..., description="extracting (stored, queued for the worker) | created | "
                        "duplicate (near-duplicate) | exists | error")
    message: str
    document: int | None = None
    facts: int = 0


class PeriodIn(Schema):
    period_start: datetime.date
    period_end: datetime.date
    version: int


class DocumentFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(q=["title__icontains", "original_name__icontains"])] = None
    script: Script | None = None
    status: ReportStatus | None = None


class FactOut(Schema):
    id: int
    version: int
    document: int = Field(..., alias="document_id")
    kind: FactKind
    status: FactStatus
    data: dict[str, Any]
    corrected: dict[str, Any]
    values: dict[str, Any]
    segment: int
    evidence: str
    reviewed_by: str | None = Field(None, alias="reviewed_by.username")
    reviewed_at: datetime.datetime | None
    record: int | None = None

    @staticmethod
    def resolve_record(obj):
        try:
            return obj.record.pk
        except FactRecord.DoesNotExist:
            return None


class FactFilter(FilterSchema):
    status: FactStatus | None = None
    kind: FactKind | None = None
    document: Annotated[int | None, FilterLookup(q="document_id")] = None


class CorrectionIn(Schema):
    """Only the fields of the fact's kind are used: quantity (value, qualifier, unit,
    indicator, subject), pairing (east_code, west_code), person (name, roles,
    organisation), organisation (name, region_code)."""

    value: Decimal | None = None
    qualifier: Qualifier | None = None
    unit: str | None = Field(None, max_length=16)
    indicator: Indicator | None = None
    subject: str | None = Field(None, max_length=128)
    east_code: str | None = Field(None, max_length=6)
    west_code: str | None = Field(None, max_length=6)
    name: str | None = Field(None, max_length=128)
    roles: list[Annotated[str, Field(max_length=64)]] | None = None
    organisation: str | None = Field(None, max_length=128)
    region_code: str | None = Field(None, max_length=6)


class RecordOut(Schema):
    id: int
    kind: FactKind
    indicator: str
    value: float | None
    qualifier: str
    unit: str
    subject: str
    pairing: int | None = Field(None, alias="pairing_id")
    organisation: int | None = Field(None, alias="organisation_id")
    period_start: datetime.date
    period_end: datetime.date
    document: int = Field(..., alias="document_id")
    fact: int = Field(..., alias="fact_id")


class RecordFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(q=["subject__icontains", "document__title__icontains",
                                              "organisation__name__icontains"])] = None
    indicator: Indicator | None = None
    kind: FactKind | None = None
    pairing: Annotated[int | None, FilterLookup(q="pairing_id")] = None
    document: Annotated[int | None, FilterLookup(q="document_id")] = None
    period_from: Annotated[datetime.date | None, FilterLookup(q="period_end__gte")] = None
    period_to: Annotated[datetime.date | None, FilterLookup(q="period_start__lte")] = None

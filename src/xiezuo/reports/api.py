"""API of reports: upload (multipart), reports, the fact review queue, fact records."""

from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from xiezuo.core.crud import Page
from xiezuo.core.scoping import get_for_change, scoped
from xiezuo.reports import services
from xiezuo.reports.models import Fact, FactRecord, ReportDocument
from xiezuo.reports.schemas import (
    CorrectionIn,
    DocumentDetailOut,
    DocumentFilter,
    DocumentOut,
    FactFilter,
    FactOut,
    PeriodIn,
    RecordFilter,
    RecordOut,
    UploadOut,
)

reports_router = Router(tags=["reports: documents"])
facts_router = Router(tags=["reports: facts"])
records_router = Router(tags=["reports: fact records"])
DOCUMENT_RELATED = ("uploaded_by", "region", "east_region", "west_region")


def _documents(request):
    """The reports the user sees, with their fact count and whether the original of a
    near-duplicate is visible to them (it is named only then)."""
    visible = scoped(ReportDocument, request.user).filter(pk=OuterRef("duplicate_of_id"))
    return scoped(ReportDocument, request.user).select_related(*DOCUMENT_RELATED).annotate(
        fact_count=Count("facts"), duplicate_visible=Exists(visible))


def _facts(request):
    return scoped(Fact, request.user).select_related("reviewed_by", "record")


@reports_router.post("/", response={201: list[UploadOut]}, operation_id="report_upload")
def upload(request, files: list[UploadedFile] = File(...)):  # noqa: B008
    """Upload one or more reports (.txt in UTF-8/GB18030/Big5, .docx, .pdf; each at most
    `XIEZUO_REPORT_MAX_MB`).

    Each file gets its own answer. A stored report answers `extracting` with its id: its
    facts are extracted by the background worker; poll `GET /api/reports/{id}` until its
    `status` is `ready` (or `failed`, with the reason in `status_message`). Other answers:
    `exists` (the same file was uploaded before) and `error` (refused before anything was
    stored: wrong type, too large, unpacks too far, unreadable)."""
    services.ensure_may_upload(request.user)
    outcomes = services.upload_reports(
        actor=request.user, files=[(f.name or "", f) for f in files], background=True)
    return Status(201, [
        {"name": o.name, "status": o.status, "message": o.message,
         "document": o.document.pk if o.document and o.status != "exists" else None,
         "facts": o.facts} for o in outcomes])


@reports_router.get("/", response=list[DocumentOut], operation_id="report_list")
@paginate(Page)
def list_documents(request, filters: DocumentFilter = Query(...)):  # noqa: B008
    return filters.filter(_documents(request))


@reports_router.get("/{int:pk}", response={200: DocumentDetailOut}, operation_id="report_read")
def read_document(request, pk: int):
    return get_object_or_404(_documents(request), pk=pk)


@reports_router.patch("/{int:pk}", response={200: DocumentDetailOut}, operation_id="report_update")
def update_period(request, pk: int, payload: PeriodIn):
    """Change the period the report's facts are counted in (its records follow)."""
    document = get_for_change(ReportDocument, request.user, pk=pk)
    services.update_period(actor=request.user, document=document, period_start=payload.period_start,
                           period_end=payload.period_end, expected_version=payload.version)
    return _documents(request).get(pk=pk)


@facts_router.get("/", response=list[FactOut], operation_id="fact_list")
@paginate(Page)
def list_facts(request, filters: FactFilter = Query(...)):  # noqa: B008
    return filters.filter(_facts(request))


@facts_router.get("/{int:pk}", response={200: FactOut}, operation_id="fact_read")
def read_fact(request, pk: int):
    return get_object_or_404(_facts(request), pk=pk)


@facts_router.post("/{int:pk}/accept", response={200: FactOut}, operation_id="fact_accept")
def accept(request, pk: int):
    services.accept_fact(actor=request.user, fact=get_for_change(Fact, request.user, pk=pk))
    return _facts(request).get(pk=pk)


@facts_router.post("/{int:pk}/correct", response={200: FactOut}, operation_id="fact_correct")
def correct(request, pk: int, payload: CorrectionIn):
    fact = get_for_change(Fact, request.user, pk=pk)
    services.correct_fact(actor=request.user, fact=fact, changes=payload.dict(exclude_none=True))
    return _facts(request).get(pk=pk)


@facts_router.post("/{int:pk}/reject", response={200: FactOut}, operation_id="fact_reject")
def reject(request, pk: int):
    services.reject_fact(actor=request.user, fact=get_for_change(Fact, request.user, pk=pk))
    return _facts(request).get(pk=pk)


def _records(request):
    return scoped(FactRecord, request.user)


@records_router.get("/", response=list[RecordOut], operation_id="factrecord_list")
@paginate(Page)
def list_records(request, filters: RecordFilter = Query(...)):  # noqa: B008
    return filters.filter(_records(request))


@records_router.get("/{int:pk}", response={200: RecordOut}, operation_id="factrecord_read")
def read_record(request, pk: int):
    return get_object_or_404(_records(request), pk=pk)

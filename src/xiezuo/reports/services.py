"""The only writes of the reports app: uploads, fact reviews, the report period."""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from simple_history.utils import bulk_create_with_history

from xiezuo.core.cache import changed
from xiezuo.core.scoping import Action, can, may_change_model, scoped, user_role
from xiezuo.core.services import save_changes, save_new
from xiezuo.core.types import Actor
from xiezuo.ingest import IngestReadError, Signature
from xiezuo.ingest.facts import Segment
from xiezuo.notifications.events import Event
from xiezuo.notifications.services import notify
from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Pairing, Region
from xiezuo.reports import (
    extraction,
    limits,
    lookups,  # noqa: F401  (its references' lookups, before any write)
)
from xiezuo.reports.models import (
    Fact,
    FactKind,
    FactRecord,
    FactStatus,
    Indicator,
    Qualifier,
    ReportDocument,
    ReportStatus,
    SegmentSignature,
)

log = logging.getLogger(__name__)
UPLOAD_ROLES = {"admin", "coordinator", "org_user"}


@dataclass
class UploadOutcome:
    name: str
    status: str  # extracting | created | duplicate | exists | error
    message: str
    document: ReportDocument | None = None
    facts: int = 0


def ensure_may_upload(actor: Actor) -> None:
    if user_role(actor) not in UPLOAD_ROLES:
        raise PermissionDenied(_("Your role may not upload reports."))


def _placement(actor: Actor) -> dict[str, Any]:
    scope = getattr(actor, "scope", None)
    if scope is None or actor.is_superuser:
        return {}
    if scope.organisation_id and scope.role == "org_user":
        return {"organisation": scope.organisation, "region": scope.organisation.region}
    return {"region": scope.region} if scope.region_id else {}


def upload_reports(*, actor: Actor, files: Sequence[tuple[str, bytes | File[bytes]]],
                   background: bool = True) -> list[UploadOutcome]:
    """Check and store each file; one file's failure stops no other.

    A file is given as bytes or as an uploaded file (its size is checked before it is
    read). Wrong types, oversized files and archives that unpack too far are refused
    before anything is stored (see `xiezuo.reports.limits`). With ``background`` (the
    pages and the API) a stored report is queued for the worker and answered
    ``extracting``; without it (the demo loader, tests) it is extracted here, through the
    same limited extraction the worker runs."""
    ensure_may_upload(actor)
    return [_upload_one(actor=actor, name=name, source=source, background=background)
            for name, source in files]


def _upload_one(*, actor: Actor, name: str, source: bytes | File[bytes], background: bool) -> UploadOutcome:
    name = (name or "report.txt").replace("\\", "/").rsplit("/", 1)[-1][:255]
    try:
        data = limits.read_upload(source, name)
        limits.check_upload(data, name)
    except limits.UploadRefused as exc:
        return UploadOutcome(name, "error", exc.message)
    sha = hashlib.sha256(data).hexdigest()
    existing = ReportDocument.objects.filter(sha256=sha).first()
    if existing is not None:
        return _existing(actor=actor, name=name, existing=existing, background=background)
    try:
        with transaction.atomic():
            document = _store(actor=actor, name=name, data=data, sha=sha)
            if background:
                _enqueue(document)
    except ValidationError as exc:  # e.g. the same file stored a moment ago by someone else
        return UploadOutcome(name, "error", _("%(name)s: not stored: %(reason)s")
                             % {"name": name, "reason": " ".join(exc.messages)})
    if background:
        return UploadOutcome(name, "extracting", _(
            "%(name)s: stored; its facts are being extracted in the background.")
            % {"name": name}, document)
    return outcome_of(actor=actor, document=extract_document(document=document))


def _existing(*, actor: Actor, name: str, existing: ReportDocument, background: bool
              ) -> UploadOutcome:
    """The same bytes were stored before: said with its date only to those who see it."""
    if not scoped(ReportDocument, actor).filter(pk=existing.pk).exists():
        return UploadOutcome(name, "exists", _(
            "%(name)s: an identical file was uploaded before by someone outside your area; "
            "nothing was added.") % {"name": name})
    retry = existing.status == ReportStatus.FAILED or waiting_long(existing)
    if retry and can(actor, Action.CHANGE, existing):
        # Its extraction failed (e.g. the worker's time limit), or its worker died: again.
        ReportDocument.objects.filter(pk=existing.pk).update(
            status=ReportStatus.EXTRACTING, status_message="", version=F("version") + 1)
        existing.refresh_from_db()
        if background:
            _enqueue(existing)
            return UploadOutcome(name, "extracting", _(
                "%(name)s: uploaded before, but its extraction had failed or stopped; it is being "
                "extracted again in the background.") % {"name": name}, existing)
        return outcome_of(actor=actor, document=extract_document(document=existing))
    return UploadOutcome(name, "exists", _(
        "%(name)s: this file was uploaded before (%(when)s); nothing was added.")
        % {"name": name, "when": timezone.localtime(existing.uploaded_at).strftime("%Y-%m-%d %H:%M")},
        existing)


def waiting_long(document: ReportDocument) -> bool:
    """A report still extracting long after its upload (is the worker running? did it die?)."""
    limit = datetime.timedelta(minutes=settings.XIEZUO_JOB_STALL_MINUTES)
    return (document.status == ReportStatus.EXTRACTING
            and timezone.now() - document.uploaded_at > limit)


def _store(*, actor: Actor, name: str, data: bytes, sha: str) -> ReportDocument:
    """The uploaded file as a report waiting for its extraction."""
    today = timezone.localdate()
    document = ReportDocument(
        original_name=name, sha256=sha, uploaded_by=actor if actor.pk else None,
        status=ReportStatus.EXTRACTING, period_start=today, period_end=today,
        **_placement(actor),
    )
    document.file.save(f"{sha[:16]}-{name}", ContentFile(data), save=False)
    try:
        return save_new(actor=actor, instance=document)
    except Exception:
        document.file.delete(save=False)  # keep no orphan file when the row is refused
        raise


def _enqueue(document: ReportDocument) -> None:
    extract_report.enqueue(document.pk, translation.get_language() or settings.LANGUAGE_CODE)


def outcome_of(*, actor: Actor, document: ReportDocument) -> UploadOutcome:
    """What a finished extraction means for this uploader (the original of a
    near-duplicate is named only when the uploader may see it)."""
    name = document.original_name
    if document.status == ReportStatus.FAILED:
        return UploadOutcome(name, "error", document.status_message, document)
    if document.status == ReportStatus.EXTRACTING:
        return UploadOutcome(name, "extracting", _(
            "%(name)s: stored; its facts are being extracted in the background.")
            % {"name": name}, document)
    count = document.facts.count()
    original = document.duplicate_of
    if original is None:
        return UploadOutcome(name, "created", document.status_message, document, count)
    if scoped(ReportDocument, actor).filter(pk=original.pk).exists():
        message = _("%(name)s: stored as a near-duplicate of “%(original)s”; %(count)s new facts "
                    "queued (facts already counted there are not queued again).") % {
                        "name": name, "count": count, "original": original}
    else:
        message = document.status_message
    return UploadOutcome(name, "duplicate", message, document, count)


# ---- extraction (the background worker; inline for the demo) --------------------------

def run_extraction(*, document_id: int, language: str = "") -> str:
    """Extract one stored report (see `extract_document`); its status, or "missing"."""
    document = ReportDocument.objects.filter(pk=document_id).first()
    if document is None:
        return "missing"
    with translation.override(language or settings.LANGUAGE_CODE):
        return extract_document(document=document).status


@task()
def extract_report(document_id: int, language: str = "") -> str:
    """The background worker's task (`xiezuo db_worker`): extract a stored report under the
    time and memory limits; answers the report's status. Declared here, beside the upload
    that queues it and the extraction it runs, so that this module imports no other of the
    app's modules that import it back."""
    return run_extraction(document_id=document_id, language=language)


def _stored_signatures(document: ReportDocument) -> Iterator[tuple[int, int, bytes | memoryview, int]]:
    """(id, segment, hash values, size) of the relevant segments of every other extracted
    report, for near-duplicates; read from the stored signatures, not from the texts. All
    reports count (a copy's facts are not queued twice); an original the uploader may not
    see is never named to them."""
    _add_missing_signatures(document)
    return (SegmentSignature.objects.filter(document__status=ReportStatus.READY)
            .exclude(document=document).order_by("document_id", "segment")
            .values_list("document_id", "segment", "hashvalues", "size").iterator())


def _add_missing_signatures(document: ReportDocument) -> None:
    """Sign the extracted reports that have no signatures yet: those stored before
    signatures were (or by a path other than the extraction, e.g. fixtures). Each is signed
    once; a report without a relevant segment is signed by nothing and checked again (its
    segments only, not its text)."""
    unsigned = (ReportDocument.objects.filter(status=ReportStatus.READY).exclude(pk=document.pk)
                .exclude(Exists(SegmentSignature.objects.filter(document=OuterRef("pk")))))
    wanted = [pk for pk, segments in unsigned.values_list("pk", "segments").iterator()
              if any(s.get("relevant") for s in segments or [])]
    for start in range(0, len(wanted), 200):
        rows = ReportDocument.objects.filter(pk__in=wanted[start:start + 200]).values_list(
            "pk", "text", "segments")
        SegmentSignature.objects.bulk_create(
            [_signature_row(pk, seg_index, sig) for pk, text, segments in rows
             for seg_index, sig in extraction.stored_signatures(text, segments).items()],
            ignore_conflicts=True)  # another worker may sign the same report meanwhile


def _signature_row(document_id: int, segment: int, signature: Signature) -> SegmentSignature:
    return SegmentSignature(document_id=document_id, segment=segment,
                            hashvalues=signature.to_bytes(), size=signature.size)


def extract_document(*, document: ReportDocument) -> ReportDocument:
    """Read the stored file and queue its facts, in a child process under the time and
    memory limits; the outcome (ready, or failed with the reason) is recorded on the
    report. Never raises for a bad file."""
    name = document.original_name
    if document.status != ReportStatus.EXTRACTING:
        return document
    try:
        with document.file.open("rb") as handle:
            data = handle.read(limits.max_bytes() + 1)
    except (OSError, ValueError):
        return _fail(document, _("%(name)s: the stored file is missing.") % {"name": name})
    extraction.warm_up()
    index = extraction.duplicate_index(_stored_signatures(document))  # stored data: not limited
    seconds = settings.XIEZUO_REPORT_EXTRACT_SECONDS
    memory = settings.XIEZUO_REPORT_EXTRACT_MEMORY_MB
    try:
        extracted, copies, signatures = limits.run_limited(
            extraction.extract_and_compare, data, name, limits.read_limits(), index,
            seconds=seconds, memory_mb=memory)
    except limits.TimeLimitExceeded:
        return _fail(document, _("%(name)s: the extraction took longer than %(seconds)s seconds "
                                 "and was stopped; split the report into smaller files.")
                     % {"name": name, "seconds": f"{seconds:g}"})
    except (limits.MemoryLimitExceeded, limits.ChildDied):
        return _fail(document, _("%(name)s: the extraction needed more than %(limit)s MB of "
                                 "memory and was stopped; split the report into smaller files.")
                     % {"name": name, "limit": memory})
    except IngestReadError as exc:
        return _fail(document, limits.read_error_message(name, exc))
    except Exception as exc:  # noqa: BLE001 - recorded on the report for the user
        log.warning("report %s could not be read: %r", name, exc)
        return _fail(document, _("%(name)s: cannot be read (not a valid text, .docx or .pdf "
                                 "file).") % {"name": name})
    return _finish(document, extracted, copies, signatures)


def _save_outcome(document: ReportDocument, **fields: Any) -> ReportDocument | None:
    """Record the extraction's outcome on a report still waiting for it (None when it is
    no longer waiting). The uploader placed the report when storing it; this adds what
    the report itself says (its main pairing's regions), as the inline upload always did,
    so it is no edit of the uploader's and is not checked against their placement rights."""
    with transaction.atomic():
        current = ReportDocument.objects.select_for_update().filter(pk=document.pk).first()
        if current is None or current.status != ReportStatus.EXTRACTING:
            return None
        for field, value in fields.items():
            setattr(current, field, value)
        current.full_clean(validate_unique=False)
        current._history_user = current.uploaded_by  # type: ignore[attr-defined]  # simple_history's
        current.save()
        changed(current)  # and the facts stored with it (the caller's transaction)
        return current


def _is_note(line: str) -> bool:
    """An editor's note in brackets before the headline (【演示材料】…, 【编者按】…)."""
    return line.startswith("【") and "】" in line[:12]


def _headline(text: str, segment: Segment) -> str:
    """A segment's title, or — when the engine took an editor's note for it — the first
    line after the notes (the demo bulletins open with 【演示材料】本文为演示编写…)."""
    title = segment.title
    if not _is_note(title):
        return title
    lines = (line.strip() for line in text[segment.start:segment.end].splitlines())
    return next((line for line in lines if line and not _is_note(line)), title)


def _fail(document: ReportDocument, message: str) -> ReportDocument:
    stored = _save_outcome(document, status=ReportStatus.FAILED, status_message=message[:2000])
    return stored or ReportDocument.objects.filter(pk=document.pk).first() or document


def _finish(document: ReportDocument, extracted: extraction.Extracted, copies: dict[int, int],
            signatures: extraction.Signatures) -> ReportDocument:
    """Store the outcome of an extraction: the report's text, segments and period, its facts
    (those of segments copied from an earlier report left out) and the signatures of its
    relevant segments (copies too: a later upload may copy this report), in one transaction."""
    name = document.original_name
    result = extracted.result
    segments = result.segments
    rows = [r for r in extracted.facts if r.segment not in copies]
    main = extraction.main_pairing(result.pairings)
    uploaded = timezone.localtime(document.uploaded_at).date()
    start, end = extraction.report_period(extracted.text) or (uploaded, uploaded)
    title = next((_headline(extracted.text, s) for s in segments if s.relevant and s.title), "") or (
        _headline(extracted.text, segments[0]) if segments else "")
    if copies:
        message = _("%(name)s: stored as a near-duplicate of a report stored earlier; %(count)s new "
                    "facts queued (facts already counted there are not queued again).")
    else:
        message = _("%(name)s: stored; %(count)s facts queued for review.")
    try:
        with transaction.atomic():
            stored = _save_outcome(
                document, status=ReportStatus.READY,
                status_message=message % {"name": name, "count": len(rows)},
                script=result.script, title=(title or "")[:255], text=extracted.text,
                segments=extracted.stored_segments(),
                duplicate_of_id=min(copies.values()) if copies else None,
                period_start=start, period_end=end,
                east_region=Region.objects.filter(code=main.east_code if main else "-").first(),
                west_region=Region.objects.filter(code=main.west_code if main else "-").first())
            if stored is None:  # finished by someone else meanwhile
                return ReportDocument.objects.filter(pk=document.pk).first() or document
            bulk_create_with_history(
                [Fact(document=stored, kind=r.kind, data=r.data, segment=r.segment,
                      evidence=r.evidence) for r in rows], Fact)
            SegmentSignature.objects.filter(document=stored).delete()  # none, unless signed lazily
            SegmentSignature.objects.bulk_create(
                [_signature_row(stored.pk, seg_index, sig) for seg_index, sig in signatures.items()])
            if rows:
                _notify_facts_waiting(stored, len(rows))
    except ValidationError as exc:
        return _fail(document, _("%(name)s: not stored: %(reason)s")
                     % {"name": name, "reason": " ".join(exc.messages)})
    return stored


def _notify_facts_waiting(document: ReportDocument, count: int) -> None:
    """Tell the uploader (in the worker: the upload request has long answered) that the
    report's facts wait for review; the office that placed it hears of it in its group."""
    if document.uploaded_by is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(count)s facts of the report “%(name)s” are waiting for review") % {
            "count": count, "name": document.title or document.original_name}
    notify(event=Event.FACTS_WAITING, recipients=[document.uploaded_by], title=title,
           url=document.get_absolute_url(), region=document.region_id,
           organisation=document.organisation_id)


# ---- review ----------------------------------------------------------------------------

def accept_fact(*, actor: Actor, fact: Fact) -> Fact:
    return _review(actor=actor, fact=fact, status=FactStatus.ACCEPTED, corrected={})


def correct_fact(*, actor: Actor, fact: Fact, changes: dict[str, Any]) -> Fact:
    return _review(actor=actor, fact=fact, status=FactStatus.CORRECTED,
                   corrected=clean_correction(fact, changes))


def reject_fact(*, actor: Actor, fact: Fact) -> Fact:
    with transaction.atomic():
        record = FactRecord.objects.filter(fact=fact).first()
        if record is not None:
            changed(record)
            record.delete()
        return _save_review(actor, fact, FactStatus.REJECTED, fact.corrected)


def accept_shown(*, actor: Actor, fact_ids: Sequence[int]) -> list[Fact]:
    """Accept exactly the facts a page showed (their ids, as posted), all or none.

    Each id is checked again, under a row lock: the fact must lie in the actor's scope
    for a change and still be pending. When one is not (reviewed meanwhile, out of the
    area, unknown), nothing is written and the ValidationError says how many; otherwise
    every one is accepted as `accept_fact` would, in one transaction."""
    if not may_change_model(actor, Fact):
        raise PermissionDenied(_("Your role may not review facts."))
    wanted = sorted(set(fact_ids))
    if not wanted:
        raise ValidationError({"facts": _("No facts were shown to accept.")})
    with transaction.atomic():
        # Lock the rows themselves (the scope's filter may join organisations outside
        # them, which PostgreSQL cannot lock), then read them again under the lock.
        mine = scoped(Fact, actor, Action.CHANGE).filter(pk__in=wanted).values("pk")
        facts = list(Fact.objects.select_for_update().filter(pk__in=mine, status=FactStatus.PENDING)
                     .order_by("pk"))
        missing = len(wanted) - len(facts)
        if missing:
            raise ValidationError({"facts": _(
                "%(missing)s of the %(total)s facts shown are no longer waiting for review (or are "
                "not yours to review); nothing was accepted. Reload the page and try again.")
                % {"missing": missing, "total": len(wanted)}})
        return [_review(actor=actor, fact=fact, status=FactStatus.ACCEPTED, corrected={})
                for fact in facts]


def _review(*, actor: Actor, fact: Fact, status: str, corrected: dict[str, Any]) -> Fact:
    with transaction.atomic():
        fact = _save_review(actor, fact, status, corrected)
        fields = record_fields(fact)
        record = FactRecord.objects.filter(fact=fact).first()
        if record is None:
            save_new(actor=actor, instance=FactRecord(fact=fact, document=fact.document, **fields))
        else:
            save_changes(actor=actor, instance=record, changes=fields)
    return fact


def _save_review(actor: Actor, fact: Fact, status: str, corrected: dict[str, Any]) -> Fact:
    return save_changes(actor=actor, instance=fact, changes={
        "status": status, "corrected": corrected, "reviewed_by": actor, "reviewed_at": timezone.now()})


def update_period(*, actor: Actor, document: ReportDocument, period_start: datetime.date,
                  period_end: datetime.date, expected_version: int | None = None
                  ) -> ReportDocument:
    if document.status != ReportStatus.READY:
        raise ValidationError({"period_start": _(
            "The report's facts are still being extracted, or its extraction failed; its period "
            "can be changed once it is ready.")})
    with transaction.atomic():
        save_changes(actor=actor, instance=document, expected_version=expected_version,
                     changes={"period_start": period_start, "period_end": period_end})
        for record in FactRecord.objects.filter(document=document):
            save_changes(actor=actor, instance=record,
                         changes={"period_start": period_start, "period_end": period_end})
    return document


# ---- corrections and records -----------------------------------------------------------

CORRECTABLE: dict[str, tuple[str, ...]] = {
    FactKind.QUANTITY: ("value", "qualifier", "unit", "indicator", "subject"),
    FactKind.PAIRING: ("east_code", "west_code"),
    FactKind.PERSON: ("name", "roles", "organisation"),
    FactKind.ORGANISATION: ("name", "region_code"),
}


def clean_correction(fact: Fact, changes: dict[str, Any]) -> dict[str, Any]:
    """The corrected values of a fact, or a ValidationError naming the bad fields."""
    values = {**fact.values, **{k: v for k, v in changes.items()
                                if k in CORRECTABLE[fact.kind] and v is not None}}
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    if fact.kind == FactKind.QUANTITY:
        try:
            value = Decimal(str(values.get("value")).strip())
            if not value.is_finite() or value < 0 or value >= Decimal("1e17"):
                raise InvalidOperation
            out["value"] = int(value) if value == value.to_integral_value() else float(value)
        except (InvalidOperation, ValueError):
            errors["value"] = _("Give a number of at least 0.")
        for key, choices in (("qualifier", Qualifier), ("indicator", Indicator)):
            if values.get(key) not in choices.values:
                errors[key] = _("Choose one of the listed values.")
            out[key] = values.get(key)
        out["unit"], out["subject"] = _text(values, "unit", 16, errors, True), _text(values, "subject", 128, errors)
    elif fact.kind == FactKind.PAIRING:
        for side in ("east", "west"):
            code = str(values.get(f"{side}_code") or "").strip()
            region = Region.objects.filter(code=code).first() if _is_code(code) else None
            if region is None:
                errors[f"{side}_code"] = _("Give a six-digit division code of a known region.")
            else:
                out[f"{side}_code"], out[side] = code, region.full_name
    else:
        out["name"] = _text(values, "name", 128, errors, True)
        if fact.kind == FactKind.PERSON:
            roles = values.get("roles") or []
            if isinstance(roles, str):
                roles = [r.strip() for r in roles.replace("，", ",").split(",") if r.strip()]
            if not isinstance(roles, list) or any(not isinstance(r, str) or len(r) > 64 for r in roles):
                errors["roles"] = _("Give the roles as a comma-separated list.")
            out["roles"] = roles
            out["organisation"] = _text(values, "organisation", 128, errors)
        else:
            code = str(values.get("region_code") or "").strip()
            if code and not (_is_code(code) and Region.objects.filter(code=code).exists()):
                errors["region_code"] = _("Give a six-digit division code of a known region.")
            out["region_code"] = code or None
    if errors:
        raise ValidationError(errors)
    return out


def _is_code(code: str) -> bool:
    return len(code) == 6 and code.isascii() and code.isdigit()


def _text(values: dict[str, Any], key: str, limit: int, errors: dict[str, str],
          required: bool = False) -> str:
    text = values.get(key)
    text = "" if text is None else str(text).strip()
    if "\x00" in text:
        errors[key] = _("Null characters are not allowed.")
    elif required and not text:
        errors[key] = _("This field is required.")
    elif len(text) > limit:
        errors[key] = _("At most %(limit)s characters.") % {"limit": limit}
    return text


def match_pairing(east_code: str | None, west_code: str | None) -> Pairing | None:
    found = Pairing.objects.filter(east_region__code=east_code, west_region__code=west_code)
    return (found.filter(east_org__isnull=True, west_org__isnull=True).order_by("-start").first()
            or found.order_by("-start").first())


def match_organisation(name: str | None, region_code: str | None = None) -> Organisation | None:
    """The registered organisation a report names: the one of that name (in the region the
    report places it, when it does), else the only one whose registered name ends with it
    (巫山县中医院 → 重庆市巫山县中医院); None when there is none or more than one."""
    if not name:
        return None
    registry = Organisation.objects.filter(region__code=region_code) if region_code else Organisation.objects
    for found in (registry.filter(name=name), registry.filter(name__endswith=name)):
        hits = list(found[:2])
        if hits:
            return hits[0] if len(hits) == 1 or region_code else None
    return None


def _organisation_region(fact: Fact, name: str | None) -> str | None:
    """The region code the report's own organisation fact of that name carries, if any."""
    if not name:
        return None
    for candidate in fact.document.facts.filter(kind=FactKind.ORGANISATION):
        if candidate.values.get("name") == name:
            code: str | None = candidate.values.get("region_code")
            return code
    return None


def _report_pairing(fact: Fact) -> Pairing | None:
    candidates = sorted(fact.document.facts.filter(kind=FactKind.PAIRING).exclude(
        status=FactStatus.REJECTED), key=lambda f: f.segment != fact.segment)
    for candidate in candidates:
        v = candidate.values
        if pairing := match_pairing(v.get("east_code"), v.get("west_code")):
            return pairing
    return None


def _evidence_organisation(fact: Fact) -> Organisation | None:
    for candidate in fact.document.facts.filter(kind=FactKind.ORGANISATION).exclude(
            status=FactStatus.REJECTED):
        v = candidate.values
        if v.get("name") and v["name"] in fact.evidence:
            if org := match_organisation(v["name"], v.get("region_code")):
                return org
    return None


def record_fields(fact: Fact) -> dict[str, Any]:
    v, doc = fact.values, fact.document
    fields = {"kind": fact.kind, "period_start": doc.period_start, "period_end": doc.period_end,
              "indicator": "", "value": None, "qualifier": "", "unit": "", "pairing": None,
              "organisation": None}
    if fact.kind == FactKind.QUANTITY:
        fields.update(indicator=v["indicator"], value=Decimal(str(v["value"])), qualifier=v["qualifier"],
                      unit=v["unit"], subject=v.get("subject") or "", pairing=_report_pairing(fact),
                      organisation=_evidence_organisation(fact))
    elif fact.kind == FactKind.PAIRING:
        fields.update(subject=f"{v.get('east')} ↔ {v.get('west')}"[:128],
                      pairing=match_pairing(v.get("east_code"), v.get("west_code")))
    elif fact.kind == FactKind.ORGANISATION:
        fields.update(subject=v["name"], organisation=match_organisation(v["name"], v.get("region_code")),
                      pairing=_report_pairing(fact))
    else:
        employer = v.get("organisation")
        fields.update(subject=v["name"], pairing=_report_pairing(fact),
                      organisation=match_organisation(employer, _organisation_region(fact, employer)))
    return fields

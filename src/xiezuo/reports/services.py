"""The only writes of the reports app: uploads, fact reviews, the report period."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from xiezuo.core.services import save_changes, save_new
from xiezuo.ingest import IngestReadError
from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Pairing, Region
from xiezuo.reports import extraction
from xiezuo.reports.models import (
    Fact,
    FactKind,
    FactRecord,
    FactStatus,
    Indicator,
    Qualifier,
    ReportDocument,
)

log = logging.getLogger(__name__)
MAX_FILE_BYTES = 10 * 1024 * 1024
UPLOAD_ROLES = {"admin", "coordinator", "org_user"}


@dataclass
class UploadOutcome:
    name: str
    status: str  # created | duplicate | exists | error
    message: str
    document: ReportDocument | None = None
    facts: int = 0


def ensure_may_upload(actor) -> None:
    from xiezuo.core.scoping import user_role

    if user_role(actor) not in UPLOAD_ROLES:
        raise PermissionDenied(_("Your role may not upload reports."))


def _placement(actor) -> dict:
    scope = getattr(actor, "scope", None)
    if scope is None or actor.is_superuser:
        return {}
    if scope.organisation_id and scope.role == "org_user":
        return {"organisation": scope.organisation, "region": scope.organisation.region}
    return {"region": scope.region} if scope.region_id else {}


def _stored_for_index():
    return ReportDocument.objects.values_list("pk", "text", "segments").iterator()


def upload_reports(*, actor, files: list[tuple[str, bytes]]) -> list[UploadOutcome]:
    """Store each file as a report and queue its facts; one file's failure stops no other."""
    ensure_may_upload(actor)
    index = None
    outcomes = []
    for name, data in files:
        if index is None:
            index = extraction.duplicate_index(_stored_for_index())
        outcomes.append(_upload_one(actor=actor, name=name, data=data, index=index))
    return outcomes


def _upload_one(*, actor, name: str, data: bytes, index) -> UploadOutcome:
    name = (name or "report.txt").replace("\\", "/").rsplit("/", 1)[-1][:255]
    if not data:
        return UploadOutcome(name, "error", _("%(name)s: the file is empty.") % {"name": name})
    if len(data) > MAX_FILE_BYTES:
        return UploadOutcome(name, "error", _("%(name)s: the file is larger than 10 MB.") % {"name": name})
    sha = hashlib.sha256(data).hexdigest()
    existing = ReportDocument.objects.filter(sha256=sha).first()
    if existing is not None:
        return UploadOutcome(name, "exists", _(
            "%(name)s: this file was uploaded before (%(when)s); nothing was added.")
            % {"name": name, "when": timezone.localtime(existing.uploaded_at).strftime("%Y-%m-%d %H:%M")},
            existing)
    try:
        extracted = extraction.extract(data, name)
    except IngestReadError as exc:
        return UploadOutcome(name, "error", _("%(name)s: cannot be read: %(reason)s")
                             % {"name": name, "reason": exc.message})
    except Exception as exc:  # a broken .docx/.pdf must not stop the other files
        log.warning("report %s could not be read: %r", name, exc)
        return UploadOutcome(name, "error", _("%(name)s: cannot be read (not a valid text, "
                                              ".docx or .pdf file).") % {"name": name})
    segments = extracted.result["segments"]
    copies = extraction.duplicate_segments(index, extracted.text, segments)
    rows = [r for r in extracted.facts if r["segment"] not in copies]
    try:
        with transaction.atomic():
            document = _store(actor=actor, name=name, data=data, sha=sha, extracted=extracted,
                              duplicate_of=min(copies.values()) if copies else None)
            bulk_create_with_history(
                [Fact(document=document, kind=r["kind"], data=r["data"], segment=r["segment"],
                      evidence=r["evidence"]) for r in rows], Fact)
    except ValidationError as exc:  # e.g. the same file stored a moment ago by someone else
        return UploadOutcome(name, "error", _("%(name)s: not stored: %(reason)s")
                             % {"name": name, "reason": " ".join(exc.messages)})
    extraction.add_segments(index, document.pk, extracted.text, segments)
    if copies:
        message = _("%(name)s: stored as a near-duplicate of “%(original)s”; %(count)s new facts "
                    "queued (facts already counted there are not queued again).")
        status = "duplicate"
    else:
        message = _("%(name)s: stored; %(count)s facts queued for review.")
        status = "created"
    original = document.duplicate_of
    return UploadOutcome(name, status, message % {"name": name, "count": len(rows),
                                                  "original": original or ""}, document, len(rows))


def _store(*, actor, name, data, sha, extracted, duplicate_of) -> ReportDocument:
    main = extraction.main_pairing(extracted.result["pairings"]) or {}
    day = extraction.report_date(extracted.text) or timezone.localdate()
    segments = extracted.result["segments"]
    title = next((s["title"] for s in segments if s["relevant"] and s["title"]), "") or (
        segments[0]["title"] if segments else "")
    document = ReportDocument(
        original_name=name, sha256=sha, uploaded_by=actor if actor.pk else None,
        script=extracted.result["script"], title=(title or "")[:255], text=extracted.text,
        segments=segments, duplicate_of_id=duplicate_of, period_start=day, period_end=day,
        east_region=Region.objects.filter(code=main.get("east_code") or "-").first(),
        west_region=Region.objects.filter(code=main.get("west_code") or "-").first(),
        **_placement(actor),
    )
    document.file.save(f"{sha[:16]}-{name}", ContentFile(data), save=False)
    try:
        return save_new(actor=actor, instance=document)
    except Exception:
        document.file.delete(save=False)  # keep no orphan file when the row is refused
        raise


# ---- review ----------------------------------------------------------------------------

def accept_fact(*, actor, fact: Fact) -> Fact:
    return _review(actor=actor, fact=fact, status=FactStatus.ACCEPTED, corrected={})


def correct_fact(*, actor, fact: Fact, changes: dict) -> Fact:
    return _review(actor=actor, fact=fact, status=FactStatus.CORRECTED,
                   corrected=clean_correction(fact, changes))


def reject_fact(*, actor, fact: Fact) -> Fact:
    with transaction.atomic():
        record = FactRecord.objects.filter(fact=fact).first()
        if record is not None:
            record.delete()
        return _save_review(actor, fact, FactStatus.REJECTED, fact.corrected)


def _review(*, actor, fact: Fact, status: str, corrected: dict) -> Fact:
    with transaction.atomic():
        fact = _save_review(actor, fact, status, corrected)
        fields = record_fields(fact)
        record = FactRecord.objects.filter(fact=fact).first()
        if record is None:
            save_new(actor=actor, instance=FactRecord(fact=fact, document=fact.document, **fields))
        else:
            save_changes(actor=actor, instance=record, changes=fields)
    return fact


def _save_review(actor, fact, status, corrected) -> Fact:
    return save_changes(actor=actor, instance=fact, changes={
        "status": status, "corrected": corrected, "reviewed_by": actor, "reviewed_at": timezone.now()})


def update_period(*, actor, document: ReportDocument, period_start, period_end,
                  expected_version: int | None = None) -> ReportDocument:
    with transaction.atomic():
        save_changes(actor=actor, instance=document, expected_version=expected_version,
                     changes={"period_start": period_start, "period_end": period_end})
        for record in FactRecord.objects.filter(document=document):
            save_changes(actor=actor, instance=record,
                         changes={"period_start": period_start, "period_end": period_end})
    return document


# ---- corrections and records -----------------------------------------------------------

CORRECTABLE = {
    FactKind.QUANTITY: ("value", "qualifier", "unit", "indicator", "subject"),
    FactKind.PAIRING: ("east_code", "west_code"),
    FactKind.PERSON: ("name", "roles", "organisation"),
    FactKind.ORGANISATION: ("name", "region_code"),
}


def clean_correction(fact: Fact, changes: dict) -> dict:
    """The corrected values of a fact, or a ValidationError naming the bad fields."""
    values = {**fact.values, **{k: v for k, v in changes.items()
                                if k in CORRECTABLE[fact.kind] and v is not None}}
    errors: dict[str, str] = {}
    out: dict = {}
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


def _text(values, key, limit, errors, required=False) -> str:
    text = values.get(key)
    text = "" if text is None else str(text).strip()
    if "\x00" in text:
        errors[key] = _("Null characters are not allowed.")
    elif required and not text:
        errors[key] = _("This field is required.")
    elif len(text) > limit:
        errors[key] = _("At most %(limit)s characters.") % {"limit": limit}
    return text


def match_pairing(east_code, west_code) -> Pairing | None:
    found = Pairing.objects.filter(east_region__code=east_code, west_region__code=west_code)
    return (found.filter(east_org__isnull=True, west_org__isnull=True).order_by("-start").first()
            or found.order_by("-start").first())


def match_organisation(name, region_code=None) -> Organisation | None:
    if not name:
        return None
    found = Organisation.objects.filter(name=name)
    if region_code:
        return found.filter(region__code=region_code).first()
    return found.first() if found.count() == 1 else None


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


def record_fields(fact: Fact) -> dict:
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
        fields.update(subject=v["name"], organisation=match_organisation(v.get("organisation")),
                      pairing=_report_pairing(fact))
    return fields

"""Uploaded reports, the facts extracted from them, and the records accepted facts become.

A `ReportDocument` is placed by the uploader (their region, or their organisation and its
region) and by the regions of the main pairing the report names, so both sides of that
pairing see it. Facts and records follow their document; a record is also placed by its
pairing and organisation.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiezuo.core.models import Versioned
from xiezuo.reference.models import Indicator  # noqa: F401 - re-exported: reports code imports it from here


class Script(models.TextChoices):
    SIMPLIFIED = "hans", _("Simplified Chinese")
    TRADITIONAL = "hant", _("Traditional Chinese")


class ReportStatus(models.TextChoices):
    """Where a report's extraction stands: the upload stores the file and queues it,
    the background worker reads it and queues its facts (or says why it could not)."""

    EXTRACTING = "extracting", _("Extracting")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class FactKind(models.TextChoices):
    QUANTITY = "quantity", _("Quantity")
    PAIRING = "pairing", _("Pairing")
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class FactStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    CORRECTED = "corrected", _("Corrected")
    REJECTED = "rejected", _("Rejected")


class Qualifier(models.TextChoices):
    EXACT = "exact", _("exactly")
    APPROX = "approx", _("about")
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")


def plain_number(value: Decimal | None) -> str:
    """12.00 → 12, 1.50 → 1.5 (values are stored as decimals)."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class ReportDocument(Versioned):
    file = models.FileField(_("file"), upload_to="reports/%Y/", max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, unique=True,
        error_messages={"unique": _("This file has already been uploaded.")},
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices,
                              default=ReportStatus.READY)
    status_message = models.TextField(_("extraction outcome"), blank=True)
    script = models.CharField(_("script"), max_length=4, choices=Script.choices, blank=True)
    title = models.CharField(_("title"), max_length=255, blank=True)
    text = models.TextField(_("normalised text"), blank=True)
    segments = models.JSONField(_("segments"), default=list, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("placed in region"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("placed with organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    east_region = models.ForeignKey(
        "regions.Region", verbose_name=_("eastern region named"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    west_region = models.ForeignKey(
        "regions.Region", verbose_name=_("western region named"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("duplicate of"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="duplicates",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_end_after_start",
                violation_error_message=_("The end of the period must not be before its start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.original_name

    def get_absolute_url(self) -> str:
        return reverse("reports:document_detail", args=[self.pk])

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(
                {"period_end": _("The end of the period must not be before its start.")}
            )

    def segment_text(self, index: int) -> str:
        for seg in self.segments:
            if seg.get("index") == index:
                return self.text[seg["start"]:seg["end"]]
        return ""


class Fact(Versioned):
    """One extracted fact waiting for (or after) review."""

    document = models.ForeignKey(
        ReportDocument, verbose_name=_("report"), on_delete=models.CASCADE, related_name="facts"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=FactKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=FactStatus.choices, default=FactStatus.PENDING
    )
    data = models.JSONField(_("extracted"), default=dict)
    corrected = models.JSONField(_("corrected values"), default=dict, blank=True)
    segment = models.PositiveIntegerField(_("segment"), default=0)
    evidence = models.TextField(_("evidence"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        ordering = ["document_id", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary}"

    def get_absolute_url(self) -> str:
        return reverse("reports:document_detail", args=[self.document_id]) + f"#fact-{self.pk}"

    @property
    def values(self) -> dict:
        """The reviewed values: the correction where there is one, else the extraction."""
        return {**self.data, **self.corrected}

    @property
    def summary(self) -> str:
        v = self.values
        if self.kind == FactKind.QUANTITY:
            return f"{v.get('subject', '')} {v.get('value')}{v.get('unit', '')}".strip()
        if self.kind == FactKind.PAIRING:
            return f"{v.get('east', '')}({v.get('east_code')}) ↔ {v.get('west', '')}({v.get('west_code')})"
        return str(v.get("name", ""))


class FactRecord(Versioned):
    """An accepted fact kept as a record (issue 5's activity records will take these over)."""

    kind = models.CharField(_("kind"), max_length=16, choices=FactKind.choices,
                            default=FactKind.QUANTITY)
    indicator = models.CharField(_("indicator"), max_length=32, choices=Indicator.choices, blank=True)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2, null=True, blank=True)
    qualifier = models.CharField(_("qualifier"), max_length=10, choices=Qualifier.choices, blank=True)
    unit = models.CharField(_("unit"), max_length=16, blank=True)
    subject = models.CharField(_("subject"), max_length=128, blank=True)
    pairing = models.ForeignKey(
        "regions.Pairing", verbose_name=_("pairing"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="fact_records",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="fact_records",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    document = models.ForeignKey(
        ReportDocument, verbose_name=_("source report"), on_delete=models.PROTECT,
        related_name="records",
    )
    fact = models.OneToOneField(
        Fact, verbose_name=_("source fact"), on_delete=models.PROTECT, related_name="record"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fact record")
        verbose_name_plural = _("fact records")
        ordering = ["-period_start", "-pk"]

    def __str__(self) -> str:
        if self.kind == FactKind.QUANTITY:
            return f"{self.get_indicator_display()}: {plain_number(self.value)}{self.unit}"
        return f"{self.get_kind_display()}: {self.subject}"


class SegmentSignature(models.Model):
    """The MinHash signature of one relevant segment of a stored report: the near-duplicate
    index of new uploads is built from these rows (`xiezuo.ingest.dedup.Signature`), not
    from the reports' texts. Derived data, written with the report's facts; no history."""

    document = models.ForeignKey(
        ReportDocument, verbose_name=_("report"), on_delete=models.CASCADE,
        related_name="signatures",
    )
    segment = models.PositiveIntegerField(_("segment"))
    hashvalues = models.BinaryField(_("MinHash values"))  # 128 little-endian uint64: 1024 bytes
    size = models.PositiveIntegerField(_("number of shingles"))

    class Meta:
        verbose_name = _("segment signature")
        verbose_name_plural = _("segment signatures")
        ordering = ["document_id", "segment"]
        constraints = [
            models.UniqueConstraint(fields=["document", "segment"], name="report_signature_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}/{self.segment}"

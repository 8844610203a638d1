"""Shared model parts: optimistic locking and import batches."""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """Optimistic locking: `version` grows by one on every save of an existing record.

    Writers that edit what a user saw (API updates, admin forms) compare the version
    the user loaded with the stored one (`core.services.save_changes`) and refuse a
    stale write with a clear message instead of silently overwriting.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)


class ImportStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    REVERTED = "reverted", _("Reverted")


class ImportBatch(models.Model):
    """One applied Excel import: what it created and changed, so it can be reverted."""

    resource = models.CharField(_("data"), max_length=64)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.APPLIED
    )
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    reverted_at = models.DateTimeField(_("reverted at"), null=True, blank=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reverted by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.resource} · {self.file_name} · {self.created_at:%Y-%m-%d %H:%M}"


class ImportedRecord(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="records")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    action = models.CharField(max_length=10, choices=Action.choices)
    # For updates: the history row the import wrote; reverting restores the one before it.
    history_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.action} {self.content_type.model} #{self.object_id}"


class Job(models.Model):
    """A long Excel import or export run by the background worker (`xiezuo db_worker`).

    The web request stores the upload (or the export's filters) here and enqueues a
    django-tasks task; the worker runs the same code as a small import or export and
    records progress, the outcome and, for exports, the workbook.
    """

    class Kind(models.TextChoices):
        IMPORT = "import", _("Import")
        EXPORT = "export", _("Export")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    resource = models.CharField(_("data"), max_length=64)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows"), default=0)
    message = models.TextField(_("message"), blank=True)
    # What the worker needs: resource class, filter set and query (exports), language.
    spec = models.JSONField(default=dict, blank=True)
    upload = models.BinaryField(null=True, blank=True)  # the uploaded workbook (imports)
    result = models.BinaryField(null=True, blank=True)  # the produced workbook (exports)
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("import batch"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.resource} · {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("job_detail", args=[self.pk])

    @property
    def resource_name(self) -> str:
        try:
            return str(apps.get_model(self.resource)._meta.verbose_name_plural)
        except (LookupError, ValueError):
            return self.resource

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)


class CacheGeneration(models.Model):
    """The version of one topic (an app's records) that cached figures were computed from
    (`xiezuo.core.cache`): a write bumps it, so the next read computes afresh. Kept in the
    database, not in the cache, so that every process — web workers, job workers, several
    machines — sees one version even with a per-process cache."""

    topic = models.CharField(max_length=100, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("cache generation")
        verbose_name_plural = _("cache generations")

    def __str__(self) -> str:
        return f"{self.topic} {self.value}"

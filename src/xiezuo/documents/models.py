"""Word templates an office replaces: the 选派通知 (posting notice) and later kinds.

A template belongs to an office: a region (a county's or a province's coordinators) or an
organisation. For a posting the most specific active template wins (the host or sending
organisation's, then the nearest region's up the tree), else the default template shipped
in the package (`documents/templates_docx/`). The file lies under
``MEDIA_ROOT/document_templates/`` with a random name; it is read only by the generator.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TemplateKind(models.TextChoices):
    POSTING_NOTICE = "posting_notice", _("Posting notice (选派通知)")


def stored_name(instance: DocumentTemplate, filename: str) -> str:
    return f"document_templates/{uuid.uuid4().hex}.docx"


class DocumentTemplate(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=TemplateKind.choices,
                            default=TemplateKind.POSTING_NOTICE)
    region = models.ForeignKey("regions.Region", verbose_name=_("office (region)"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("office (organisation)"),
                                     null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("file"), upload_to=stored_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(region__isnull=False) & Q(organisation__isnull=True))
                | (Q(region__isnull=True) & Q(organisation__isnull=False)),
                name="documenttemplate_one_office",
                violation_error_message=_("A template belongs to one office: a region or an organisation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.office}"

    @property
    def office(self) -> object:
        return self.organisation or self.region

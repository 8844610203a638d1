"""Status and kind choices of needs, team needs and matching rounds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    PARTIALLY_FILLED = "partially_filled", _("Partially filled")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")
    CLOSED_UNFILLABLE = "closed_unfillable", _("Closed as unfillable")


class SameSource(models.TextChoices):
    NONE = "none", _("No rule")
    ORG = "org", _("Same eastern organisation")
    CITY = "city", _("Same eastern city")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Not run yet")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Proposal ready")
    FAILED = "failed", _("Failed")
    APPROVED = "approved", _("Approved")

"""Status and kind choices of needs, team needs and matching rounds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    REVIEWED = "reviewed", _("Waiting for the second approval")
    APPROVED = "approved", _("Approved, not yet published")
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


class NeedStep(models.TextChoices):
    """A recorded step of a need's approval (`NeedDecision.step`)."""

    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Returned")
    PUBLISHED = "published", _("Published")


class Side(models.TextChoices):
    """The two sides that approve a round's proposal."""

    WEST = "west", _("Western side (receiving)")
    EAST = "east", _("Eastern side (sending)")


class Verdict(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Returned")

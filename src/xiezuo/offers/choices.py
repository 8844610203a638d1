"""Status choices of offers (供给清单) and of the places they were matched to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    PARTIALLY_MATCHED = "partially_matched", _("Partially matched")
    MATCHED = "matched", _("Matched")
    CLOSED = "closed", _("Closed")


class PlacementState(models.TextChoices):
    """A place an approved round gave to an offer: waiting for a name, or named."""

    OPEN = "open", _("Waiting for a name")
    NAMED = "named", _("Person named")
    CANCELLED = "cancelled", _("Cancelled")

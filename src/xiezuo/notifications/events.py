"""The kinds of notification (see docs/notifications.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    NEED_SUBMITTED = "need_submitted", _("Need submitted for review")
    NEED_APPROVED = "need_approved", _("Need approved")
    NEED_REJECTED = "need_rejected", _("Need returned")
    ROUND_WAITING = "round_waiting", _("Matching proposal waiting for approval")
    ROUND_APPROVED = "round_approved", _("Matching proposal approved")
    POSTING_APPROVED = "posting_approved", _("Posting approved")
    POSTING_STARTING = "posting_starting", _("Posting starting soon")
    POSTING_ENDING = "posting_ending", _("Posting ending without a successor")
    FACTS_WAITING = "facts_waiting", _("Report facts waiting for review")
    JOB_FINISHED = "job_finished", _("Background job finished")
    JOB_FAILED = "job_failed", _("Background job failed")
    DIGEST = "digest", _("Daily digest")

"""Goals a posting or team must reach at its host, with evidence, and the outcomes."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiezuo.core.models import Versioned
from xiezuo.exchange.choices import GoalKind, GoalStatus, OutcomeKind

if TYPE_CHECKING:  # the goal's owners; postings.py is imported by the package beside this one
    from xiezuo.exchange.models.postings import Posting, Team

ONE_OWNER = _("A goal belongs to exactly one posting or one team.")
log = logging.getLogger(__name__)


def delete_stored_file(storage: Storage, name: str) -> None:
    """Remove a stored file once the current transaction commits (never when it is
    rolled back: the record would still refer to it)."""

    def delete() -> None:
        try:
            storage.delete(name)
        except OSError:
            log.warning("evidence file %s could not be removed", name, exc_info=True)

    if name:
        transaction.on_commit(delete)


class Goal(Versioned):
    """One of the four goals of DOMAIN.md (解决一项医疗急需 …) or a free goal."""

    posting = models.ForeignKey(
        "exchange.Posting",
        verbose_name=_("posting"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="goals",
    )
    team = models.ForeignKey(
        "exchange.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="goals",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=GoalKind.choices)
    title = models.CharField(_("goal"), max_length=200)
    status = models.CharField(
        _("status"), max_length=14, choices=GoalStatus.choices, default=GoalStatus.PLANNED
    )
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="exchange/evidence/%Y/", blank=True, max_length=200
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(posting__isnull=False, team__isnull=True)
                | Q(posting__isnull=True, team__isnull=False),
                name="goal_one_owner",
                violation_error_message=ONE_OWNER,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.owner.get_absolute_url() + f"#goal-{self.pk}"

    @property
    def owner(self) -> Posting | Team:
        """The posting or the team the goal belongs to (exactly one: `goal_one_owner`)."""
        owner = self.posting if self.posting_id else self.team
        if owner is None:
            raise ValueError(str(ONE_OWNER))
        return owner

    def clean(self) -> None:
        if bool(self.posting_id) == bool(self.team_id):
            raise ValidationError({"posting": ONE_OWNER})
        if self.status == GoalStatus.ACHIEVED and not (
            self.evidence_text.strip() or self.evidence_file
        ):
            raise ValidationError(
                {"evidence_text": _("An achieved goal needs evidence (text or a file).")}
            )


class Outcome(models.Model):
    """What came of a goal: e.g. a new technique that fills a gap at the host (填补空白)."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=OutcomeKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    fills_gap = models.BooleanField(
        _("fills a gap"), default=False, help_text=_("New at the host or in the county (填补空白).")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["goal", "date", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.goal.get_absolute_url()


@receiver(post_delete, sender=Goal, dispatch_uid="exchange.goal.evidence_file")
def _delete_evidence_file(sender: type[Goal], instance: Goal, **kwargs: Any) -> None:
    """A deleted goal's evidence file goes too, also when its posting or team is deleted."""
    if instance.evidence_file:
        delete_stored_file(instance.evidence_file.storage, instance.evidence_file.name)

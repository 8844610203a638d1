"""Programmes (rule sets), teams, postings and the record of every posting transition."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiezuo.core.models import Versioned
from xiezuo.exchange.choices import (
    Direction,
    PostingKind,
    PostingState,
    RuleIssue,
    Severity,
    TeamRole,
)
from xiezuo.exchange.transitions import ON_POST_STATES
from xiezuo.reference.models import Domain

if TYPE_CHECKING:  # referred to by name below
    from xiezuo.people.models import Person

END_AFTER_START = _("The end date must not be before the start date.")


class Programme(Versioned):
    """A set of rules a posting or team is checked against (e.g. one province pairing's)."""

    name = models.CharField(_("name"), max_length=128, unique=True)
    pairing = models.ForeignKey(
        "regions.Pairing",
        verbose_name=_("pairing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    is_default = models.BooleanField(
        _("default programme"),
        default=False,
        help_text=_("Used for postings and teams that name no programme."),
    )
    team_min_days = models.PositiveIntegerField(
        _("minimum days of a team batch"), null=True, blank=True
    )
    team_severity = models.CharField(
        _("severity of a too short team batch"),
        max_length=8,
        choices=Severity.choices,
        default=Severity.WARNING,
    )
    need_approval_levels = models.PositiveSmallIntegerField(
        _("approval levels of a need"),
        choices=[(1, _("One level (the county coordinator)")),
                 (2, _("Two levels (the county, then the city or province coordinator)"))],
        default=1,
        help_text=_("How many coordinators approve a need of this programme before it is published."),
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="programme_one_default",
                violation_error_message=_("Only one programme can be the default."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProgrammeRule(models.Model):
    """A minimum continuous length for postings of a kind and/or direction."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField(
        _("posting kind"),
        max_length=20,
        choices=PostingKind.choices,
        blank=True,
        help_text=_("Empty: every kind."),
    )
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=Direction.choices,
        blank=True,
        help_text=_("Empty: both directions."),
    )
    team_members_only = models.BooleanField(_("only for team members"), default=False)
    min_days = models.PositiveIntegerField(_("minimum continuous days"))
    severity = models.CharField(
        _("severity"), max_length=8, choices=Severity.choices, default=Severity.WARNING
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme rule")
        verbose_name_plural = _("programme rules")
        ordering = ["programme", "kind", "direction"]

    def __str__(self) -> str:
        kind = self.get_kind_display() or _("every kind")
        return f"{self.programme}: {kind} ≥ {self.min_days}"


class Team(Versioned):
    """A team sent to one host organisation (组团式帮扶); its members are postings."""

    warnings: list[RuleIssue]  # not stored: the rule warnings of the service's last write

    name = models.CharField(_("name"), max_length=128)
    host = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        related_name="hosted_teams",
    )
    sending_org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("sending organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sent_teams",
    )
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    batch = models.CharField(_("batch"), max_length=32, blank=True)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams",
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    need_ref = models.PositiveIntegerField(
        _("team need (reference)"),
        null=True,
        blank=True,
        help_text=_("Placeholder for the need this team fills, until needs are recorded."),
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["-planned_start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="team_end_after_start",
                violation_error_message=END_AFTER_START,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("exchange:team_detail", args=[self.pk])

    def clean(self) -> None:
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValidationError({"planned_end": END_AFTER_START})

    @property
    def days(self) -> int:
        return (self.planned_end - self.planned_start).days + 1

    @property
    def leader(self) -> Person | None:
        member = self.postings.filter(team_role=TeamRole.LEADER).select_related("person").first()
        return member.person if member else None


class Posting(Versioned):
    """One person placed at a host organisation for a period (选派, 挂职, 支医, 进修 …)."""

    warnings: list[RuleIssue]  # not stored: the rule warnings of the service's last write

    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="postings"
    )
    host = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        related_name="hosted_postings",
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=PostingKind.choices)
    batch = models.CharField(_("batch"), max_length=32, blank=True, help_text=_("e.g. 第八批"))
    post = models.CharField(
        _("post held at the host"), max_length=128, blank=True, help_text=_("e.g. 科室主任")
    )
    department = models.CharField(_("department at the host"), max_length=64, blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(
        _("planned end"), help_text=_("Moved by an extension; the events keep the history.")
    )
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    pairing = models.ForeignKey(
        "regions.Pairing",
        verbose_name=_("pairing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="postings",
    )
    need_ref = models.PositiveIntegerField(
        _("need (reference)"),
        null=True,
        blank=True,
        help_text=_("Placeholder for the need this posting fills, until needs are recorded."),
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="postings",
    )
    team_role = models.CharField(
        _("role in the team"), max_length=8, choices=TeamRole.choices, blank=True
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="postings",
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=PostingState.choices,
        default=PostingState.PLANNED,
        editable=False,
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    end_reason = models.TextField(_("reason for the end or extension"), blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["-planned_start", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="posting_end_after_start",
                violation_error_message=END_AFTER_START,
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=True)
                | Q(actual_end__gte=F("actual_start")),
                name="posting_actual_end_after_start",
                violation_error_message=END_AFTER_START,
            ),
            models.CheckConstraint(
                condition=Q(team__isnull=False) | Q(team_role=""),
                name="posting_role_only_in_team",
                violation_error_message=_("Only team members have a role in the team."),
            ),
        ]
        indexes = [models.Index(fields=["state", "planned_end"])]

    def __str__(self) -> str:
        return f"{self.person} @ {self.host} ({self.start} – {self.end})"

    def get_absolute_url(self) -> str:
        return reverse("exchange:posting_detail", args=[self.pk])

    @property
    def start(self) -> datetime.date:
        return self.actual_start or self.planned_start

    @property
    def end(self) -> datetime.date:
        return self.actual_end or self.planned_end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_on_post(self) -> bool:
        return self.state in ON_POST_STATES

    def clean(self) -> None:
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = END_AFTER_START
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = END_AFTER_START
        if self.team_role and not self.team_id:
            errors["team_role"] = _("Only team members have a role in the team.")
        if self.team_id and not self.team_role:
            self.team_role = TeamRole.MEMBER
        if self.team_id and self.host_id and self.team is not None and self.team.host_id != self.host_id:
            errors["team"] = _("A team member must be posted at the team's host organisation.")
        if self.successor_id and self.pk and self.successor_id == self.pk:
            errors["successor"] = _("A posting cannot succeed itself.")
        if errors:
            raise ValidationError(errors)


class PostingEvent(models.Model):
    """One transition of a posting: who moved it from which state to which, when and why."""

    posting = models.ForeignKey(
        Posting, verbose_name=_("posting"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=12)
    from_state = models.CharField(_("from state"), max_length=12, choices=PostingState.choices)
    to_state = models.CharField(_("to state"), max_length=12, choices=PostingState.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)
    old_end = models.DateField(_("old end date"), null=True, blank=True)
    new_end = models.DateField(_("new end date"), null=True, blank=True)
    successor = models.ForeignKey(
        Posting,
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("posting event")
        verbose_name_plural = _("posting events")
        ordering = ["posting", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.posting_id}: {self.from_state} → {self.to_state}"

"""Needs (需求清单) of western organisations, team needs (组团式) and matching rounds."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiezuo.core.models import Versioned
from xiezuo.needs.choices import NeedStatus, NeedStep, RoundStatus, SameSource, Side, Verdict
from xiezuo.reference.models import Domain, Mode, TitleLevel

END_AFTER_START = _("The end date must not be before the start date.")


class TeamNeed(Versioned):
    """A team asked for as a whole (组团式帮扶): its roles are needs; filled completely or not."""

    name = models.CharField(_("name"), max_length=128)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="team_needs",
    )
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    min_days = models.PositiveIntegerField(_("minimum days"), default=365)
    same_source = models.CharField(
        _("same-source rule"), max_length=8, choices=SameSource.choices, default=SameSource.NONE
    )
    problem = models.TextField(_("problem to solve"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.DRAFT
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team need")
        verbose_name_plural = _("team needs")
        ordering = ["-start", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="teamneed_end_after_start",
                                   violation_error_message=END_AFTER_START),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("needs:team_need_detail", args=[self.pk])

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": END_AFTER_START})


class Need(Versioned):
    """What a western organisation asks for: a specialty, how many, how senior, when."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="needs",
    )
    team = models.ForeignKey(
        TeamNeed, verbose_name=_("team need"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="roles",
    )
    role = models.CharField(_("role in the team"), max_length=64, blank=True,
                            help_text=_("e.g. 队长, 急诊科"))
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    specialty = models.ForeignKey(
        "reference.Specialty", verbose_name=_("specialty"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="needs",
    )
    specialty_text = models.CharField(_("specialty (free text)"), max_length=128, blank=True)
    slots = models.PositiveIntegerField(_("number of people"), default=1)
    filled = models.PositiveIntegerField(_("filled"), default=0, editable=False)
    min_title_level = models.PositiveSmallIntegerField(
        _("minimum title level"), choices=TitleLevel.choices, default=TitleLevel.INTERMEDIATE
    )
    requires_management = models.BooleanField(_("requires management experience"), default=False)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices,
                            default=Mode.LONG_POSTING)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    min_days = models.PositiveIntegerField(_("minimum days"), default=0)
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (low) to 5 (urgent)"),
    )
    problem = models.TextField(_("problem to solve"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.DRAFT
    )
    closed_reason = models.TextField(_("reason for closing"), blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-priority", "start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="need_end_after_start",
                                   violation_error_message=END_AFTER_START),
            models.CheckConstraint(condition=Q(slots__gte=1), name="need_slots_positive",
                                   violation_error_message=_("At least one person is needed.")),
        ]

    def __str__(self) -> str:
        label = self.specialty_label
        return f"{self.organisation.name} · {label}" if self.organisation_id else label

    def get_absolute_url(self) -> str:
        return reverse("needs:need_detail", args=[self.pk])

    @property
    def specialty_label(self) -> str:
        specialty = self.specialty
        return specialty.name if specialty is not None else self.specialty_text

    @property
    def full_label(self) -> str:
        """Unit · specialty (role) · period · count: tells apart needs of one unit and specialty."""
        what = self.specialty_label
        if self.role and self.role not in what:
            what = gettext("%(specialty)s (%(role)s)") % {"specialty": what, "role": self.role}
        period = gettext("%(start)s to %(end)s") % {
            "start": self.start.isoformat() if self.start else "",
            "end": self.end.isoformat() if self.end else ""}
        count = ngettext("%(count)d person", "%(count)d people", self.slots) % {"count": self.slots}
        unit = self.organisation.name if self.organisation_id else ""
        return " · ".join(part for part in (unit, what, period, count) if part)

    @property
    def open_slots(self) -> int:
        return max(self.slots - self.filled, 0)

    def clean(self) -> None:
        errors = {}
        if not self.specialty_id and not (self.specialty_text or "").strip():
            errors["specialty"] = _("Give a specialty from the vocabulary or as free text.")
        if self.start and self.end and self.end < self.start:
            errors["end"] = END_AFTER_START
        if self.slots is not None and self.slots < 1:
            errors["slots"] = _("At least one person is needed.")
        if self.priority is not None and not 1 <= self.priority <= 5:
            errors["priority"] = _("The priority is 1 to 5.")
        team = self.team if self.team_id else None
        if team is not None and self.organisation_id and team.organisation_id != self.organisation_id:
            errors["team"] = _("A role belongs to a team need of the same organisation.")
        if errors:
            raise ValidationError(errors)


class Round(Versioned):
    """One matching run over chosen needs and a pool of people, with its stored result.

    The round is also its own background job (status, progress, started/finished, the
    worker process and its last sign of life: `needs/liveness.py`).
    `inputs_hash` fingerprints the needs, pool, weights, pins and exclusions it ran on.
    """

    name = models.CharField(_("name"), max_length=128)
    scope_region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The region whose coordinators run and see this round."),
    )
    needs = models.ManyToManyField(Need, verbose_name=_("needs"), related_name="rounds")
    offers = models.ManyToManyField(
        "offers.Offer", verbose_name=_("offers"), blank=True, related_name="rounds",
        help_text=_("Published offers of the eastern side, matched beside the named people."),
    )
    pool_region = models.ForeignKey(
        "regions.Region", verbose_name=_("pool: region"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("Empty: the eastern regions paired with the needs' regions."),
    )
    pool_organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("pool: organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    east_region = models.ForeignKey(
        "regions.Region", verbose_name=_("eastern side"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False,
        help_text=_("The region holding every person of the proposal: its coordinators "
                    "approve the eastern side. Set when a run finishes."),
    )
    weights = models.JSONField(_("weights"), default=dict, blank=True)
    pins = models.JSONField(_("pinned matches"), default=list, blank=True)
    exclusions = models.JSONField(_("excluded people"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices,
                              default=RoundStatus.DRAFT)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"), null=True, blank=True, editable=False,
        help_text=_("When the run was queued or last reported progress."))
    worker = models.CharField(
        _("worker process"), max_length=200, blank=True, editable=False,
        help_text=_("The process running the round (host, process id, start time, run)."))
    error = models.TextField(_("error"), blank=True)
    inputs_hash = models.CharField(_("inputs fingerprint"), max_length=64, blank=True)
    result = models.JSONField(_("matching result"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The run's bookkeeping changes on every run and says nothing about the round's content.
    history = HistoricalRecords(excluded_fields=["heartbeat_at", "worker"])

    class Meta:
        verbose_name = _("matching round")
        verbose_name_plural = _("matching rounds")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("needs:round_detail", args=[self.pk])


class Decision(models.Model):
    """What every step of an approval records: who, when, a comment; `current` while it
    belongs to the approval under way, history afterwards."""

    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True,
                           on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    current = models.BooleanField(_("current"), default=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class NeedDecision(Decision):
    """One step of a need's approval: who submitted, approved (which level), returned (why)
    or published it, when, with a comment. `current` steps belong to the submission under
    way; a new submission or a return makes the earlier ones history."""

    need = models.ForeignKey(Need, verbose_name=_("need"), on_delete=models.CASCADE,
                             related_name="decisions")
    step = models.CharField(_("step"), max_length=10, choices=NeedStep.choices)
    level = models.PositiveSmallIntegerField(_("approval level"), null=True, blank=True)

    class Meta(Decision.Meta):
        verbose_name = _("need decision")
        verbose_name_plural = _("need decisions")

    def __str__(self) -> str:
        return f"{self.need_id} · {self.get_step_display()}"


class RoundDecision(Decision):
    """One side's approval or return of a round's proposal. Approvals are `current` until
    the round is run again or either side returns the proposal; they then stay as history."""

    round = models.ForeignKey(Round, verbose_name=_("matching round"), on_delete=models.CASCADE,
                              related_name="decisions")
    side = models.CharField(_("side"), max_length=4, choices=Side.choices)
    verdict = models.CharField(_("decision"), max_length=10, choices=Verdict.choices)

    class Meta(Decision.Meta):
        verbose_name = _("round decision")
        verbose_name_plural = _("round decisions")

    def __str__(self) -> str:
        return f"{self.round_id} · {self.get_side_display()} · {self.get_verdict_display()}"

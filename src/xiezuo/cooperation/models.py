"""Cooperation records: agreements with yearly targets, projects and funds, labour
cooperation (job fairs, hiring) and consumption assistance (registered sellers, sales).

Every record belongs to one pairing; the dashboard and the annual report count the
records of a pairing and its sub-pairings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiezuo.core.models import Versioned
from xiezuo.reference.models import Measure

if TYPE_CHECKING:  # the models are referred to by name below
    from xiezuo.orgs.models import Organisation
    from xiezuo.regions.models import Region

END_AFTER_START = _("The end date must not be before the start date.")
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class AgreementKind(models.TextChoices):
    FRAMEWORK = "framework", _("Framework agreement")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    SCHOOL_ENTERPRISE = "school_enterprise", _("School–enterprise")
    LABOUR = "labour", _("Labour")
    OTHER = "other", _("Other")


class ProjectCategory(models.TextChoices):
    INDUSTRY = "industry", _("Industry")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    RURAL_DEVELOPMENT = "rural_development", _("Rural development")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    LABOUR = "labour", _("Labour and employment")
    CONSUMPTION = "consumption", _("Consumption assistance")
    TALENT = "talent", _("Talent and training")
    OTHER = "other", _("Other")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class JobFairKind(models.TextChoices):
    ONLINE = "online", _("Online job fair")
    OFFLINE = "offline", _("On-site job fair")
    LIVESTREAM = "livestream", _("Live-stream job fair")
    TARGETED = "targeted", _("Targeted placement")


class Agreement(Versioned):
    """An agreement between the two sides of a pairing, with a period and yearly targets."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    pairing = models.ForeignKey(
        "regions.Pairing", verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="agreements"
    )
    east_party = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("eastern party"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("Leave empty when the governments of the pairing sign."),
    )
    west_party = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("western party"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    reference = models.CharField(_("document number"), max_length=64, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-start", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="agreement_end_after_start",
                                   violation_error_message=END_AFTER_START),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cooperation:agreement_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = [END_AFTER_START]
        if self.pairing_id:
            pairing = self.pairing
            for field, region, message in (
                ("east_party", pairing.east_region,
                 _("%(org)s is not in the eastern region of the pairing (%(region)s).")),
                ("west_party", pairing.west_region,
                 _("%(org)s is not in the western region of the pairing (%(region)s).")),
            ):
                org = getattr(self, field)
                if org is not None and not in_subtree(org, region):
                    errors[field] = [message % {"org": org, "region": region}]
        if errors:
            raise ValidationError(errors)


def in_subtree(organisation: Organisation | None, region: Region) -> bool:
    """Whether an organisation lies in a region or below it (division codes share a prefix)."""
    return organisation is not None and organisation.region.code.startswith(region.prefix)


class AgreementTarget(models.Model):
    """What an agreement aims at in one year for one line of the annual report."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveIntegerField(_("year"), validators=YEAR_VALIDATORS)
    measure = models.CharField(_("measure"), max_length=32, choices=Measure.choices)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement target")
        verbose_name_plural = _("agreement targets")
        ordering = ["agreement", "year", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year", "measure"], name="agreementtarget_unique",
                                    violation_error_message=_("This agreement already has a target "
                                                              "for this measure and year.")),
            models.CheckConstraint(condition=Q(target__gte=0), name="agreementtarget_not_negative",
                                   violation_error_message=_("A target cannot be negative.")),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_measure_display()} ≥ {self.target}"

    def clean(self) -> None:
        agreement = self.agreement if self.agreement_id else None
        if agreement is not None and self.year and not (agreement.start.year <= self.year <= agreement.end.year):
            raise ValidationError({"year": _("The year must lie within the agreement (%(a)s–%(b)s).")
                                   % {"a": agreement.start.year, "b": agreement.end.year}})


class Project(Versioned):
    """A cooperation project of one year's plan, with its category, funds (元) and status."""

    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=ProjectCategory.choices)
    pairing = models.ForeignKey(
        "regions.Pairing", verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="projects"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("implementing organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="projects",
    )
    year = models.PositiveIntegerField(_("plan year"), validators=YEAR_VALIDATORS)
    funds = models.DecimalField(_("funds (yuan)"), max_digits=16, decimal_places=2, default=0,
                                validators=[MinValueValidator(0)])
    status = models.CharField(_("status"), max_length=12, choices=ProjectStatus.choices,
                              default=ProjectStatus.PLANNED)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
                                   name="project_end_after_start", violation_error_message=END_AFTER_START),
            models.CheckConstraint(condition=Q(funds__gte=0), name="project_funds_not_negative",
                                   violation_error_message=_("Funds cannot be negative.")),
        ]
        indexes = [models.Index(fields=["pairing", "year"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cooperation:project_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = [END_AFTER_START]
        if self.pairing_id and self.organisation_id:
            pairing = self.pairing
            if not (in_subtree(self.organisation, pairing.east_region)
                    or in_subtree(self.organisation, pairing.west_region)):
                errors["organisation"] = [_("%(org)s is on neither side of the pairing.")
                                          % {"org": self.organisation}]
        if errors:
            raise ValidationError(errors)


class LabourCooperation(Versioned):
    """A job fair or placement drive: positions offered, people hired and where they work."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=JobFairKind.choices)
    pairing = models.ForeignKey(
        "regions.Pairing", verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="labour_records"
    )
    date = models.DateField(_("date"))
    positions_offered = models.PositiveIntegerField(_("positions offered"), default=0)
    people_hired = models.PositiveIntegerField(_("people hired"), default=0)
    employed_locally = models.PositiveIntegerField(_("employed locally"), default=0)
    employed_in_east = models.PositiveIntegerField(_("employed in the eastern province"), default=0)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("labour cooperation")
        verbose_name_plural = _("labour cooperation")
        ordering = ["-date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(people_hired__gte=F("employed_locally") + F("employed_in_east")),
                name="labour_employed_within_hired",
                violation_error_message=_("Employed locally plus employed in the east cannot exceed "
                                          "the people hired."),
            ),
        ]
        indexes = [models.Index(fields=["pairing", "date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cooperation:labour_detail", args=[self.pk])

    def clean(self) -> None:
        if (self.employed_locally or 0) + (self.employed_in_east or 0) > (self.people_hired or 0):
            raise ValidationError({"people_hired": _("Employed locally plus employed in the east cannot "
                                                     "exceed the people hired.")})


class ConsumptionAssistance(Versioned):
    """Consumption assistance (消费帮扶) of one year: sellers registered and sales (元)."""

    title = models.CharField(_("title"), max_length=200, help_text=_("e.g. the channel or campaign"))
    pairing = models.ForeignKey(
        "regions.Pairing", verbose_name=_("pairing"), on_delete=models.PROTECT,
        related_name="consumption_records",
    )
    year = models.PositiveIntegerField(_("year"), validators=YEAR_VALIDATORS)
    companies_registered = models.PositiveIntegerField(_("companies registered"), default=0)
    cooperatives_registered = models.PositiveIntegerField(_("co-operatives registered"), default=0)
    sales = models.DecimalField(_("sales (yuan)"), max_digits=16, decimal_places=2, default=0,
                                validators=[MinValueValidator(0)])
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consumption assistance")
        verbose_name_plural = _("consumption assistance")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(sales__gte=0), name="consumption_sales_not_negative",
                                   violation_error_message=_("Sales cannot be negative.")),
        ]
        indexes = [models.Index(fields=["pairing", "year"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cooperation:consumption_detail", args=[self.pk])

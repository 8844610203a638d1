"""Organisations: hospitals, schools, universities, institutes, companies, departments."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiezuo.core.models import Versioned
from xiezuo.reference.models import SchoolStage


class OrgKind(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital")
    SCHOOL = "school", _("School")
    UNIVERSITY = "university", _("University")
    INSTITUTE = "institute", _("Research institute")
    COMPANY = "company", _("Company")
    COOPERATIVE = "cooperative", _("Cooperative")
    DEPARTMENT = "department", _("Government department")
    OTHER = "other", _("Other")


class HospitalGrade(models.TextChoices):
    TERTIARY_A = "3A", _("Tertiary grade A (三甲)")
    TERTIARY_B = "3B", _("Tertiary grade B (三乙)")
    SECONDARY_A = "2A", _("Secondary grade A (二甲)")
    SECONDARY_B = "2B", _("Secondary grade B (二乙)")
    PRIMARY = "1", _("Primary (一级)")
    UNGRADED = "none", _("Not graded")


class Organisation(Versioned):
    name = models.CharField(_("name"), max_length=128)
    kind = models.CharField(_("kind"), max_length=16, choices=OrgKind.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    hospital_grade = models.CharField(
        _("hospital grade"), max_length=4, choices=HospitalGrade.choices, blank=True
    )
    school_stage = models.CharField(
        _("school stage"), max_length=24, choices=SchoolStage.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["region__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "region"],
                name="organisation_unique_name_in_region",
                violation_error_message=_(
                    "An organisation with this name already exists in this region."
                ),
            ),
            models.CheckConstraint(
                condition=Q(hospital_grade="") | Q(kind="hospital"),
                name="organisation_grade_only_for_hospitals",
                violation_error_message=_("Only hospitals have a hospital grade."),
            ),
            models.CheckConstraint(
                condition=Q(school_stage="") | Q(kind="school"),
                name="organisation_stage_only_for_schools",
                violation_error_message=_("Only schools have a school stage."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:organisation_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.hospital_grade and self.kind != OrgKind.HOSPITAL:
            errors["hospital_grade"] = _("Only hospitals have a hospital grade.")
        if self.school_stage and self.kind != OrgKind.SCHOOL:
            errors["school_stage"] = _("Only schools have a school stage.")
        if self.parent_id and self.pk and self._parent_chain_contains_self():
            errors["parent"] = _("An organisation cannot be its own ancestor.")
        if errors:
            raise ValidationError(errors)

    def _parent_chain_contains_self(self) -> bool:
        seen, node = set(), self.parent
        while node is not None and node.pk not in seen:
            if node.pk == self.pk:
                return True
            seen.add(node.pk)
            node = node.parent
        return False

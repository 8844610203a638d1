"""Regions (GB/T 2260 divisions) and pairings between eastern and western parties."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiezuo.core.models import Versioned


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City / prefecture")
    COUNTY = "county", _("County / district")


class Role(models.TextChoices):
    EAST = "east", _("Eastern (supporting)")
    WEST = "west", _("Western (supported)")
    NONE = "none", _("Not in the cooperation")


def code_prefix(code: str, level: str) -> str:
    """The code prefix shared by a region and everything under it."""
    return {"province": code[:2], "city": code[:4]}.get(level, code)


class Region(models.Model):
    code = models.CharField(_("division code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=64)
    full_name = models.CharField(_("full name"), max_length=128)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    kind = models.CharField(_("kind"), max_length=16, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    role = models.CharField(_("role"), max_length=4, choices=Role.choices, default=Role.NONE)
    short_names = models.JSONField(_("short names"), default=list, blank=True)
    prefix = models.CharField(
        _("subtree prefix"),
        max_length=6,
        editable=False,
        db_index=True,
        help_text=_("Code prefix shared by this region and everything under it."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.full_name or self.name

    def save(self, *args, **kwargs):
        self.prefix = code_prefix(self.code, self.level)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("regions:region_detail", args=[self.code])

    def contains(self, other: Region) -> bool:
        return other.code.startswith(self.prefix)


class PairingLevel(models.TextChoices):
    PROVINCE_PROVINCE = "province_province", _("Province ↔ province")
    CITY_COUNTY = "city_county", _("City ↔ county")
    DISTRICT_COUNTY = "district_county", _("District ↔ county")
    CITY_PREFECTURE = "city_prefecture", _("City ↔ prefecture (with its counties)")
    SCHOOL_SCHOOL = "school_school", _("School ↔ school")
    HOSPITAL_HOSPITAL = "hospital_hospital", _("Hospital ↔ hospital")


# Region levels each pairing level joins (east, west); institution levels take any.
PAIRING_REGION_LEVELS: dict[str, tuple[str, str]] = {
    PairingLevel.PROVINCE_PROVINCE: (RegionLevel.PROVINCE, RegionLevel.PROVINCE),
    PairingLevel.CITY_COUNTY: (RegionLevel.CITY, RegionLevel.COUNTY),
    PairingLevel.DISTRICT_COUNTY: (RegionLevel.COUNTY, RegionLevel.COUNTY),
    PairingLevel.CITY_PREFECTURE: (RegionLevel.CITY, RegionLevel.CITY),
}
INSTITUTION_PAIRING_KIND: dict[str, str] = {
    PairingLevel.SCHOOL_SCHOOL: "school",
    PairingLevel.HOSPITAL_HOSPITAL: "hospital",
}


class PairingQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> PairingQuerySet:
        return self.filter(Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))


class Pairing(Versioned):
    level = models.CharField(_("level"), max_length=20, choices=PairingLevel.choices)
    east_region = models.ForeignKey(
        Region, verbose_name=_("eastern region"), on_delete=models.PROTECT, related_name="+"
    )
    west_region = models.ForeignKey(
        Region, verbose_name=_("western region"), on_delete=models.PROTECT, related_name="+"
    )
    east_org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("eastern organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairings_as_east",
    )
    west_org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("western organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairings_as_west",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("within pairing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True, help_text=_("Empty while open-ended."))
    note = models.TextField(_("note"), blank=True)

    objects = PairingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["east_region__code", "west_region__code", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="pairing_end_after_start",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        east = self.east_org or self.east_region
        west = self.west_org or self.west_region
        return f"{east} ↔ {west}"

    def get_absolute_url(self) -> str:
        return reverse("regions:pairing_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        today = datetime.date.today()
        return self.start <= today and (self.end is None or self.end >= today)

    def clean(self) -> None:
        from xiezuo.regions.validation import validate_pairing

        validate_pairing(self)

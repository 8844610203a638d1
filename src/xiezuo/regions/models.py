"""Regions (GB/T 2260 divisions) and pairings between eastern and western parties."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
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

    def save(self, *args: Any, **kwargs: Any) -> None:
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
        validate_pairing(self)


def validate_pairing(pairing: Pairing) -> None:
    """The rules a pairing must meet (levels and sides of its parties, no overlapping
    pairing of the same parties), shared by the admin, the API, imports and services
    through `Pairing.clean`."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if pairing.start and pairing.end and pairing.end < pairing.start:
        add("end", gettext("The end date must not be before the start date."))

    east = pairing.east_region if pairing.east_region_id else None
    west = pairing.west_region if pairing.west_region_id else None
    kind = INSTITUTION_PAIRING_KIND.get(pairing.level)
    if kind:
        for side, org in (("east_org", pairing.east_org), ("west_org", pairing.west_org)):
            if org is None:
                add(side, gettext("An institution pairing names the organisation on both sides."))
            elif org.kind != kind:
                add(side, gettext("%(org)s is not a %(kind)s.") % {"org": org, "kind": kind})
        if pairing.east_org and east and not east.contains(pairing.east_org.region):
            add("east_org", gettext("The eastern organisation is not in the eastern region."))
        if pairing.west_org and west and not west.contains(pairing.west_org.region):
            add("west_org", gettext("The western organisation is not in the western region."))
    elif pairing.level in PAIRING_REGION_LEVELS:
        east_level, west_level = PAIRING_REGION_LEVELS[pairing.level]
        if east and east.level != east_level:
            add(
                "east_region",
                gettext("A pairing of this level needs an eastern region of level %(level)s.")
                % {"level": east_level},
            )
        if west and west.level != west_level:
            add(
                "west_region",
                gettext("A pairing of this level needs a western region of level %(level)s.")
                % {"level": west_level},
            )
    if east and east.role != Role.EAST:
        add(
            "east_region",
            gettext("%(region)s is not on the eastern (supporting) side.") % {"region": east},
        )
    if west and west.role != Role.WEST:
        add(
            "west_region",
            gettext("%(region)s is not on the western (supported) side.") % {"region": west},
        )

    if east and west and pairing.start and not errors:
        overlapping = Pairing.objects.filter(
            east_region=east,
            west_region=west,
            east_org=pairing.east_org_id,
            west_org=pairing.west_org_id,
        ).filter(Q(end__isnull=True) | Q(end__gte=pairing.start))
        if pairing.end:
            overlapping = overlapping.filter(start__lte=pairing.end)
        if pairing.pk:
            overlapping = overlapping.exclude(pk=pairing.pk)
        other = overlapping.first()
        if other:
            add(
                "start",
                gettext(
                    "These parties already have a pairing in this period (%(other)s, from %(start)s)."
                )
                % {"other": other, "start": other.start},
            )
    if errors:
        raise ValidationError(errors)

"""Offers (供给清单) of the eastern side, and the places approved rounds gave them.

An offer says what an eastern organisation (or a city, for its organisations) can give
without naming anybody yet: N people of a specialty and at least a title level, for a
period, in some modes ("three secondary-school maths teachers for the spring term"). A
matching round treats it as one supply node with capacity N. The approval of a round
creates one `Placement` per matched slot — a planned posting whose person is not named
yet; the offering side names the person later (`offers.services.name_person`), checked
against the need, which turns the placement into a real planned posting.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiezuo.core.models import Versioned
from xiezuo.offers.choices import OfferStatus, PlacementState
from xiezuo.reference.models import Domain, Mode, TitleLevel

END_AFTER_START = _("The end date must not be before the start date.")


class Offer(Versioned):
    """What an eastern organisation or city can send: a specialty, how many, how senior, when."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="offers",
        help_text=_("Empty when a city offers for its organisations."),
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The offering city (taken from the organisation when one is given)."),
    )
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    specialty = models.ForeignKey(
        "reference.Specialty", verbose_name=_("specialty"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="offers",
    )
    specialty_text = models.CharField(_("specialty (free text)"), max_length=128, blank=True)
    count = models.PositiveIntegerField(_("number of people"), default=1)
    matched = models.PositiveIntegerField(_("matched"), default=0, editable=False)
    min_title_level = models.PositiveSmallIntegerField(
        _("minimum title level"), choices=TitleLevel.choices, default=TitleLevel.INTERMEDIATE,
        help_text=_("Everyone sent holds at least this title level."),
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    modes = models.JSONField(_("modes"), default=list, blank=True,
                             help_text=_("How the people can help: long posting, short visit …"))
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=OfferStatus.choices,
                              default=OfferStatus.DRAFT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="offer_end_after_start",
                                   violation_error_message=END_AFTER_START),
            models.CheckConstraint(condition=Q(count__gte=1), name="offer_count_positive",
                                   violation_error_message=_("Offer at least one person.")),
        ]

    def __str__(self) -> str:
        return f"{self.offerer_name} · {self.specialty_label}"

    def get_absolute_url(self) -> str:
        return reverse("offers:offer_detail", args=[self.pk])

    @property
    def offerer_name(self) -> str:
        if self.organisation_id:
            return self.organisation.name  # type: ignore[union-attr]
        return self.region.name if self.region_id else ""

    @property
    def specialty_label(self) -> str:
        specialty = self.specialty
        return specialty.name if specialty is not None else self.specialty_text

    @property
    def full_label(self) -> str:
        """Offerer · specialty · period · count."""
        period = gettext("%(start)s to %(end)s") % {
            "start": self.start.isoformat() if self.start else "",
            "end": self.end.isoformat() if self.end else ""}
        count = ngettext("%(count)d person", "%(count)d people", self.count) % {"count": self.count}
        return " · ".join(p for p in (self.offerer_name, self.specialty_label, period, count) if p)

    @property
    def open_count(self) -> int:
        return max(self.count - self.matched, 0)

    def mode_labels(self) -> list[str]:
        return [str(Mode(m).label) for m in self.modes or [] if m in Mode.values]

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if not self.specialty_id and not (self.specialty_text or "").strip():
            errors["specialty"] = _("Give a specialty from the vocabulary or as free text.")
        if self.start and self.end and self.end < self.start:
            errors["end"] = END_AFTER_START
        if self.count is not None and self.count < 1:
            errors["count"] = _("Offer at least one person.")
        modes = self.modes
        if not isinstance(modes, list) or not modes:
            errors["modes"] = _("Choose at least one mode.")
        else:
            unknown = [m for m in modes if m not in Mode.values]
            if unknown:
                errors["modes"] = _("Unknown mode “%(mode)s”.") % {"mode": unknown[0]}
        if errors:
            raise ValidationError(errors)


class Placement(Versioned):
    """A planned posting without a person yet: one slot of a need given to an offer by an
    approved round. Naming the person creates the posting (`posting`)."""

    offer = models.ForeignKey(Offer, verbose_name=_("offer"), on_delete=models.PROTECT,
                              related_name="placements")
    need = models.ForeignKey("needs.Need", verbose_name=_("need"), on_delete=models.PROTECT,
                             related_name="placements")
    round = models.ForeignKey("needs.Round", verbose_name=_("matching round"), null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="placements")
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    state = models.CharField(_("state"), max_length=12, choices=PlacementState.choices,
                             default=PlacementState.OPEN, editable=False)
    person = models.ForeignKey("people.Person", verbose_name=_("person"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="placements")
    posting = models.OneToOneField("exchange.Posting", verbose_name=_("posting"), null=True,
                                   blank=True, on_delete=models.SET_NULL,
                                   related_name="placement")
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("named by"),
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    named_at = models.DateTimeField(_("named at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("place to name")
        verbose_name_plural = _("places to name")
        ordering = ["planned_start", "pk"]

    def __str__(self) -> str:
        return f"{self.offer.offerer_name} → {self.need}"

    def get_absolute_url(self) -> str:
        return reverse("offers:placement_detail", args=[self.pk])

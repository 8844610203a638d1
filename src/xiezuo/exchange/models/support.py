"""Mentorships (师带徒), engagements without a posting (柔性引才) and standing bases."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiezuo.core.models import Versioned
from xiezuo.exchange.choices import BaseKind, EngagementRole

END_AFTER_START = _("The end date must not be before the start date.")


def _end_after_start(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(end__isnull=True) | Q(end__gte=F("start")),
        name=name,
        violation_error_message=END_AFTER_START,
    )


class PeriodMixin(Versioned):
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True, help_text=_("Empty while open."))

    class Meta:
        abstract = True

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": END_AFTER_START})


class Mentorship(PeriodMixin):
    """A mentor with one or more local apprentices; one pair per apprentice."""

    mentor = models.ForeignKey(
        "people.Person", verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="mentoring"
    )
    apprentices = models.ManyToManyField(
        "people.Person", verbose_name=_("apprentices"), related_name="apprenticeships"
    )
    host = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        related_name="mentorships",
    )
    posting = models.ForeignKey(
        "exchange.Posting",
        verbose_name=_("mentor's posting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentorships",
    )
    plan = models.TextField(_("plan"), blank=True)
    result = models.TextField(_("result"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["-start", "pk"]
        constraints = [_end_after_start("mentorship_end_after_start")]

    def __str__(self) -> str:
        return _("%(mentor)s at %(host)s") % {"mentor": self.mentor, "host": self.host}

    def get_absolute_url(self) -> str:
        return reverse("exchange:mentorship_detail", args=[self.pk])


class MentorshipNote(models.Model):
    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="notes"
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("progress"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["mentorship", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:40]}"


class Engagement(PeriodMixin):
    """A person engaged by a western organisation without a full posting (柔性引才)."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("engaging organisation"),
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    role = models.CharField(_("role"), max_length=20, choices=EngagementRole.choices)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-start", "pk"]
        constraints = [_end_after_start("engagement_end_after_start")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} · {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("exchange:engagement_detail", args=[self.pk])


class EngagementSession(models.Model):
    engagement = models.ForeignKey(
        Engagement, verbose_name=_("engagement"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"), _("The hours must be more than zero."))],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["engagement", "date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="session_hours_positive",
                violation_error_message=_("The hours must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"


class Base(PeriodMixin):
    """A standing place of exchange: doctoral workstation, training base, studio …"""

    name = models.CharField(_("name"), max_length=128)
    kind = models.CharField(_("kind"), max_length=24, choices=BaseKind.choices)
    host = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        related_name="bases",
    )
    partner = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("partner organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_bases",
    )
    experts = models.ManyToManyField(
        "people.Person", verbose_name=_("resident experts"), related_name="bases", blank=True
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("base")
        verbose_name_plural = _("bases")
        ordering = ["host", "name"]
        constraints = [_end_after_start("base_end_after_start")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("exchange:base_detail", args=[self.pk])


class ServiceTeam(models.Model):
    base = models.ForeignKey(
        Base, verbose_name=_("base"), on_delete=models.CASCADE, related_name="service_teams"
    )
    name = models.CharField(_("name"), max_length=128)
    members = models.PositiveIntegerField(_("members"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service team")
        verbose_name_plural = _("service teams")
        ordering = ["base", "pk"]

    def __str__(self) -> str:
        return self.name

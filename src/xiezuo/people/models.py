"""People: the cadres and professionals of the exchange, and their availability."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiezuo.core.models import Versioned
from xiezuo.people.validators import birth_date_from_id, validate_id_number, validate_phone
from xiezuo.reference.models import Domain, Mode, TitleLevel


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNSPECIFIED = "unspecified", _("Not stated")


class Person(Versioned):
    name = models.CharField(_("Person name"), max_length=64)
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, default=Gender.UNSPECIFIED
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="people",
    )
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    specialty = models.ForeignKey(
        "reference.Specialty",
        verbose_name=_("specialty"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    specialty_text = models.CharField(
        _("specialty (free text)"),
        max_length=128,
        blank=True,
        help_text=_("As written, when the vocabulary has no entry."),
    )
    title = models.CharField(_("professional title"), max_length=64, blank=True)
    title_level = models.PositiveSmallIntegerField(
        _("title level"), choices=TitleLevel.choices, null=True, blank=True
    )
    position = models.CharField(_("position"), max_length=128, blank=True)
    # Personal data: shown masked unless the viewer may see it.
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[validate_phone])
    id_number = models.CharField(
        _("ID number"), max_length=18, blank=True, validators=[validate_id_number]
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["organisation__region__code", "organisation__name", "name"]
        constraints = [
            # Within an organisation; across the registry the services refuse an ID
            # number only when the person holding it is visible to the writer, so that
            # trying a number tells nobody who is registered elsewhere.
            models.UniqueConstraint(
                fields=["organisation", "id_number"],
                condition=~Q(id_number=""),
                name="person_unique_id_number_per_organisation",
                violation_error_message=_("A person with this ID number already exists."),
            ),
        ]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:person_detail", args=[self.pk])

    @property
    def specialty_label(self) -> str:
        """The vocabulary entry's name, or the specialty as written."""
        return self.specialty.name if self.specialty is not None else self.specialty_text

    def clean(self) -> None:
        self.id_number = self.id_number.strip().upper()
        self.phone = self.phone.strip()
        if self.id_number and not self.birth_date:
            self.birth_date = birth_date_from_id(self.id_number)
        if not self.specialty_id and not self.specialty_text.strip():
            raise ValidationError(
                {"specialty": _("Give a specialty from the vocabulary or as free text.")}
            )


class Availability(models.Model):
    """A window in which a person can be sent, and the modes they accept in it."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="availability"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    modes = models.JSONField(_("modes"), default=list)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")
        ordering = ["person", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="availability_end_after_start",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.start} – {self.end}"

    def clean(self) -> None:
        errors: dict[str, str | Promise] = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end date must not be before the start date.")
        valid = set(Mode.values)
        if not self.modes:
            errors["modes"] = _("Name at least one mode.")
        elif not isinstance(self.modes, list) or any(m not in valid for m in self.modes):
            errors["modes"] = _("Unknown mode; choose from: %(modes)s") % {
                "modes": ", ".join(sorted(valid))
            }
        if errors:
            raise ValidationError(errors)


class PersonalDataAccess(models.Model):
    """A log line for every view of a person's unmasked personal data."""

    class Channel(models.TextChoices):
        PAGE = "page", _("Web page")
        API = "api", _("API")
        EXPORT = "export", _("Export")

    user = models.ForeignKey(
        "auth.User", verbose_name=_("user"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="data_accesses"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} → {self.person} ({self.channel}, {self.at:%Y-%m-%d %H:%M})"

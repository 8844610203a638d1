"""Activities (what people did, with typed metrics), events grouping them, and trainings.

Counting rules (also in docs/activities.md):
- an activity's figures are its metrics (`ActivityMetric`, indicator codes of
  spec/report-facts.md); the activity itself is not counted as anything;
- an event's totals are the sums of its activities' metrics per indicator;
- a training class counts its enrolments: person-times = enrolments that attended at
  least one session (one person in two classes = 2 person-times); distinct people =
  distinct trainees across classes (the registry person when linked, otherwise name +
  organisation name).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiezuo.core.models import Versioned
from xiezuo.reference.models import Domain, Indicator

END_AFTER_START = _("The end date must not be before the start date.")


class ActivityKind(models.TextChoices):
    LECTURE = "lecture", _("Lecture")
    TRAINING_SESSION = "training_session", _("Training session")
    WARD_ROUND = "ward_round", _("Ward round")
    CONSULTATION = "consultation", _("Consultation")
    CLINIC = "clinic", _("Free clinic (义诊)")
    SURGERY = "surgery", _("Surgery")
    DEMONSTRATION_LESSON = "demonstration_lesson", _("Demonstration lesson")
    SURVEY = "survey", _("Survey (调研)")
    ONSITE_GUIDANCE = "onsite_guidance", _("On-site guidance")
    COOPERATION_TALK = "cooperation_talk", _("Cooperation talk")
    OTHER = "other", _("Other")


class TrainingCategory(models.TextChoices):
    CADRE = "cadre", _("Cadre training")
    RURAL_DOCTOR = "rural_doctor", _("Rural doctors")
    HOSPITAL_MANAGER = "hospital_manager", _("Hospital managers")
    MEDICAL_STAFF = "medical_staff", _("Medical staff")
    TEACHER = "teacher", _("Teachers")
    REMOTE_TEACHER = "remote_teacher", _("Remote teacher training")
    HERITAGE_CRAFT = "heritage_craft", _("Intangible-heritage crafts")
    LABOUR_SKILLS = "labour_skills", _("Labour skills")
    AGRICULTURE = "agriculture", _("Agricultural techniques")
    OTHER = "other", _("Other")


class TrainingMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    REMOTE = "remote", _("Remote")
    MIXED = "mixed", _("Mixed")


class Event(Versioned):
    """A bounded visit or campaign (e.g. four days, three expert groups) grouping activities."""

    name = models.CharField(_("name"), max_length=200)
    pairing = models.ForeignKey(
        "regions.Pairing", verbose_name=_("pairing"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="events",
    )
    host_region = models.ForeignKey(
        "regions.Region", verbose_name=_("host region"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The county (or city) visited."),
    )
    sending_org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("sending organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="event_end_after_start",
                                   violation_error_message=END_AFTER_START),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("activities:event_detail", args=[self.pk])

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": END_AFTER_START})


class Activity(Versioned):
    """One thing people did on one day at one host: a lecture, a clinic, a survey ..."""

    kind = models.CharField(_("kind"), max_length=24, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    host = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("host"), on_delete=models.PROTECT,
        related_name="activities_hosted", help_text=_("Where it took place."),
    )
    sending_org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("sending organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="activities_sent",
    )
    pairing = models.ForeignKey(
        "regions.Pairing", verbose_name=_("pairing"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="activities",
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="activities",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    people = models.ManyToManyField(
        "people.Person", verbose_name=_("people involved"), blank=True, related_name="activities"
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(m2m_fields=[people])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "title"]
        indexes = [models.Index(fields=["pairing", "date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:activity_detail", args=[self.pk])

    def clean(self) -> None:
        event = self.event if self.event_id else None
        if event is not None and self.date and not (event.start <= self.date <= event.end):
            raise ValidationError({"date": _("The date must lie within the event (%(start)s – %(end)s).")
                                   % {"start": event.start, "end": event.end}})


class ActivityMetric(models.Model):
    """One counted figure of an activity: indicator code, value, unit (e.g. outcomes 32 个 问题)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="metrics"
    )
    indicator = models.CharField(_("indicator"), max_length=32, choices=Indicator.choices)
    subject = models.CharField(_("what is counted"), max_length=64, blank=True,
                               help_text=_("e.g. 问题, 建议, 合作意向"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2,
                                validators=[MinValueValidator(0)])
    unit = models.CharField(_("unit"), max_length=16, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity metric")
        verbose_name_plural = _("activity metrics")
        ordering = ["activity", "indicator", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "indicator", "subject"],
                                    name="activitymetric_unique",
                                    violation_error_message=_("This activity already has this figure.")),
            models.CheckConstraint(condition=Q(value__gte=0), name="activitymetric_value_not_negative",
                                   violation_error_message=_("A figure cannot be negative.")),
        ]
        indexes = [models.Index(fields=["indicator"])]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.value}{self.unit}"


class TrainingClass(Versioned):
    """A training class (培训班) with its trainees, attendance and completion (结业)."""

    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=TrainingCategory.choices)
    mode = models.CharField(_("mode"), max_length=10, choices=TrainingMode.choices,
                            default=TrainingMode.ON_SITE)
    organiser = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organiser"), on_delete=models.PROTECT,
        related_name="training_classes",
    )
    pairing = models.ForeignKey(
        "regions.Pairing", verbose_name=_("pairing"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="training_classes",
    )
    trainee_region = models.ForeignKey(
        "regions.Region", verbose_name=_("trainees from"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("The region whose people are trained."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    sessions = models.PositiveIntegerField(_("sessions held"), default=1,
                                           validators=[MinValueValidator(1)])
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training class")
        verbose_name_plural = _("training classes")
        ordering = ["-start", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="trainingclass_end_after_start",
                                   violation_error_message=END_AFTER_START),
            models.CheckConstraint(condition=Q(sessions__gte=1), name="trainingclass_sessions_positive",
                                   violation_error_message=_("A class holds at least one session.")),
        ]
        indexes = [models.Index(fields=["pairing", "start"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("activities:training_detail", args=[self.pk])

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": END_AFTER_START})


class Trainee(Versioned):
    """One person's enrolment in one class: sessions attended and completion (结业)."""

    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("training class"), on_delete=models.CASCADE,
        related_name="trainees",
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="trainings", help_text=_("When the trainee is in the registry."),
    )
    name = models.CharField(_("name"), max_length=64)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    organisation_name = models.CharField(_("organisation name"), max_length=128, blank=True,
                                         help_text=_("Filled from the organisation when one is chosen."))
    sessions_attended = models.PositiveIntegerField(_("sessions attended"), default=0)
    completed = models.BooleanField(_("completed (结业)"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()
    # Copies of the registry person's data, replaced when the person is erased.
    personal_copies = ("name",)

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["training_class", "name"]
        constraints = [
            models.UniqueConstraint(fields=["training_class", "person"], condition=Q(person__isnull=False),
                                    name="trainee_person_once_per_class",
                                    violation_error_message=_("This person is already in the class.")),
            models.UniqueConstraint(fields=["training_class", "name", "organisation_name"],
                                    condition=Q(person__isnull=True),
                                    name="trainee_name_once_per_class",
                                    violation_error_message=_("This trainee is already in the class.")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """A trainee is shown on its class's page."""
        return reverse("activities:training_detail", args=[self.training_class_id]) + "#trainees"

    @property
    def identity(self) -> str:
        """What makes two enrolments the same person (distinct people are counted by it)."""
        if self.person_id:
            return f"person:{self.person_id}"
        return f"name:{self.name.strip()}|{self.organisation_name.strip()}"

    @property
    def attended(self) -> bool:
        return self.sessions_attended > 0

    def clean(self) -> None:
        errors: dict[str, str | Promise] = {}
        klass = self.training_class if self.training_class_id else None
        if klass is not None and self.sessions_attended > klass.sessions:
            errors["sessions_attended"] = _("More sessions attended than the class held (%(n)s).") % {
                "n": klass.sessions}
        if self.completed and self.sessions_attended == 0:
            errors["completed"] = _("A trainee who attended no session cannot have completed the class.")
        if errors:
            raise ValidationError(errors)

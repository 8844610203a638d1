"""Reference vocabularies: domains, school stages, title levels, modes, specialties.

The codes come from the plain-Python `xiezuo.vocab` package; this module gives them
translated labels and stores the specialty vocabulary so records can point at it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Domain(models.TextChoices):
    MEDICAL = "medical", _("Medical and health")
    EDUCATION = "education", _("Education")
    AGRICULTURE = "agriculture", _("Agriculture")
    SCIENCE_TECH = "science_tech", _("Science and technology")
    CULTURE_TOURISM = "culture_tourism", _("Culture and tourism")
    LABOUR = "labour", _("Human resources and labour")
    MANAGEMENT = "management", _("Management (cadres)")
    OTHER = "other", _("Other")


class SchoolStage(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior secondary")
    SENIOR = "senior", _("Senior secondary")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("Secondary vocational")
    HIGHER_VOCATIONAL = "higher_vocational", _("Higher vocational")
    UNDERGRADUATE = "undergraduate", _("Undergraduate")


class TitleLevel(models.IntegerChoices):
    JUNIOR = 1, _("Junior (员级)")
    ASSISTANT = 2, _("Assistant (助理级)")
    INTERMEDIATE = 3, _("Intermediate (中级)")
    SENIOR_ASSOCIATE = 4, _("Senior associate (副高)")
    SENIOR_FULL = 5, _("Senior full (正高)")


class Mode(models.TextChoices):
    LONG_POSTING = "long_posting", _("Long posting")
    SHORT_VISIT = "short_visit", _("Short visit")
    REMOTE = "remote", _("Remote")
    TRAINING_PLACE = "training_place", _("Training place in the east")


class Indicator(models.TextChoices):
    """What a counted fact counts: the indicator codes of spec/report-facts.md."""

    CADRES_SENT = "cadres_sent", _("Cadres sent")
    CADRES_RECEIVED = "cadres_received", _("Cadres received")
    PROFESSIONALS_SENT = "professionals_sent", _("Professionals sent")
    PROFESSIONALS_RECEIVED = "professionals_received", _("Professionals received")
    EXPERTS_ENGAGED = "experts_engaged", _("Experts engaged")
    TRAINING_PERSON_TIMES = "training_person_times", _("Training (person-times)")
    TRAINEES = "trainees", _("Trainees")
    TRAINING_SESSIONS = "training_sessions", _("Training sessions")
    PAIRS = "pairs", _("Pairs formed")
    MEDICAL_SERVICES = "medical_services", _("Medical services")
    OUTCOMES = "outcomes", _("Outcomes")
    JOBS = "jobs", _("Jobs")
    FUNDS = "funds", _("Funds")
    PROJECTS = "projects", _("Projects and agreements")
    BASES = "bases", _("Bases and teams")
    BENEFICIARIES = "beneficiaries", _("Beneficiaries")
    OTHER = "other", _("Other")

class Measure(models.TextChoices):
    """The lines of the dashboard and the annual report, and what agreements set targets for.

    Most are the indicators above counted from records; `positions_offered`,
    `consumption_sales` and `needs_filled` are the national summaries' own lines.
    """

    CADRES_SENT = "cadres_sent", _("Cadres sent")
    CADRES_RECEIVED = "cadres_received", _("Cadres received")
    PROFESSIONALS_SENT = "professionals_sent", _("Professionals sent")
    PROFESSIONALS_RECEIVED = "professionals_received", _("Professionals received")
    EXPERTS_ENGAGED = "experts_engaged", _("Experts engaged")
    TRAINEES = "trainees", _("Trainees")
    TRAINING_PERSON_TIMES = "training_person_times", _("Training (person-times)")
    TRAINING_SESSIONS = "training_sessions", _("Training sessions")
    PAIRS = "pairs", _("Pairs formed")
    MEDICAL_SERVICES = "medical_services", _("Medical services")
    OUTCOMES = "outcomes", _("Outcomes")
    BENEFICIARIES = "beneficiaries", _("Beneficiaries")
    NEEDS_FILLED = "needs_filled", _("Needs filled")
    FUNDS = "funds", _("Funds")
    PROJECTS = "projects", _("Projects and agreements")
    POSITIONS_OFFERED = "positions_offered", _("Positions offered")
    JOBS = "jobs", _("Jobs")
    CONSUMPTION_SALES = "consumption_sales", _("Consumption assistance sales")


class Specialty(models.Model):
    """One entry of the specialty vocabulary (clinical subjects, school subjects ...)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        ordering = ["domain", "code"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

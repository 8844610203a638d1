"""Kinds and statuses of the exchange (TextChoices: no magic values elsewhere), and the
findings of the programme rules."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    EAST_TO_WEST = "east_west", _("East → west (sent to assist)")
    WEST_TO_EAST = "west_east", _("West → east (sent to learn)")


class PostingKind(models.TextChoices):
    CADRE = "cadre", _("Cadre on temporary post")
    MEDICAL = "medical", _("Professional: medical")
    EDUCATION = "education", _("Professional: education")
    AGRICULTURE = "agriculture", _("Professional: agriculture")
    SCIENCE_TECH = "science_tech", _("Professional: science and technology")
    CULTURE_TOURISM = "culture_tourism", _("Professional: culture and tourism")
    OTHER_PROFESSIONAL = "other_professional", _("Professional: other")
    TRAINING_PLACE = "training_place", _("Training place (further study, job shadowing)")
    SHORT_VISIT = "short_visit", _("Short visit")


# The kind of posting that fills a need (or an offer's place) of a domain and mode.
KIND_BY_DOMAIN = {
    "medical": PostingKind.MEDICAL, "education": PostingKind.EDUCATION,
    "agriculture": PostingKind.AGRICULTURE, "science_tech": PostingKind.SCIENCE_TECH,
    "culture_tourism": PostingKind.CULTURE_TOURISM, "management": PostingKind.CADRE,
}


def kind_for(*, domain: str, mode: str) -> str:
    """The posting kind for a need of `domain` asked for in `mode`."""
    if mode == "short_visit":
        return PostingKind.SHORT_VISIT
    if mode == "training_place":
        return PostingKind.TRAINING_PLACE
    return KIND_BY_DOMAIN.get(domain, PostingKind.OTHER_PROFESSIONAL)


class PostingState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    APPROVED = "approved", _("Approved")
    ON_POST = "on_post", _("On post")
    EXTENDED = "extended", _("On post (extended)")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")
    HANDED_OVER = "handed_over", _("Handed over")


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Team leader")
    DEPUTY = "deputy", _("Deputy leader")
    MEMBER = "member", _("Member")


class Severity(models.TextChoices):
    WARNING = "warning", _("Warning")
    ERROR = "error", _("Error")


@dataclass(frozen=True)
class RuleIssue:
    """A finding of the programme rules (`xiezuo.exchange.rules`) on a posting or team."""

    code: str
    severity: str
    field: str
    message: str


class GoalKind(models.TextChoices):
    URGENT_NEED = "urgent_need", _("Solve an urgent need")
    WEAK_LINK = "weak_link", _("Break through a weak link")
    LOCAL_TEAM = "local_team", _("Train a local team")
    PEOPLE_PROJECTS = "people_projects", _("Run a batch of projects for the people")
    FREE = "free", _("Other goal")


class GoalStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


class OutcomeKind(models.TextChoices):
    NEW_TECHNIQUE = "new_technique", _("New technique")
    NEW_SERVICE = "new_service", _("New service or project")
    TEAM_TRAINED = "team_trained", _("Local team trained")
    OTHER = "other", _("Other")


class EngagementRole(models.TextChoices):
    CHIEF_EXPERT = "chief_expert", _("Chief expert")
    WEEKEND_ENGINEER = "weekend_engineer", _("Weekend engineer")
    STANDING_LECTURER = "standing_lecturer", _("Standing lecturer")
    ADVISOR = "advisor", _("Development advisor")


class BaseKind(models.TextChoices):
    DOCTORAL_WORKSTATION = "doctoral_workstation", _("Doctoral workstation")
    TRAINING_BASE = "training_base", _("Training base")
    JOB_SHADOWING_BASE = "job_shadowing_base", _("Job-shadowing base")
    INSPECTION_BASE = "inspection_base", _("Inspection base")
    SKILLS_MASTER_STUDIO = "skills_master_studio", _("Skills-master studio")

"""Programme rules checked by the services: minimum lengths, overlaps, double bookings.

Each check gives `RuleIssue`s; errors block the write (a ValidationError naming the
field, 422 in the API), warnings are returned with the result and shown on the pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from xiezuo.exchange.choices import PostingKind, PostingState, RuleIssue, Severity
from xiezuo.exchange.models import Posting, Programme, Team


@dataclass
class RuleReport:
    issues: list[RuleIssue] = field(default_factory=list)

    @property
    def errors(self) -> list[RuleIssue]:
        return [i for i in self.issues if i.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[RuleIssue]:
        return [i for i in self.issues if i.severity == Severity.WARNING]

    def raise_errors(self) -> None:
        if self.errors:
            errors: dict[str, list[str]] = {}
            for issue in self.errors:
                errors.setdefault(issue.field, []).append(issue.message)
            raise ValidationError(errors)


def default_programme() -> Programme | None:
    return Programme.objects.filter(is_default=True).first()


def programme_for(record: Posting | Team, *,
                  default: Callable[[], Programme | None] = default_programme) -> Programme | None:
    """The programme whose rules apply: the record's own, its team's, or the default one."""
    if record.programme_id:
        return record.programme
    team = getattr(record, "team", None)
    if team is not None and team.programme_id:
        return team.programme
    return default()


# Ended early and handed over postings are short on purpose; their length is not judged.
LENGTH_JUDGED = {PostingState.PLANNED, PostingState.APPROVED, PostingState.ON_POST,
                 PostingState.EXTENDED, PostingState.COMPLETED}


def check_posting(posting: Posting, *,
                  default: Callable[[], Programme | None] = default_programme,
                  others: list[Posting] | None = None) -> RuleReport:
    """`default` and `others` (the person's other postings) when the caller read them for
    several postings at once (`annotate_warnings`)."""
    report = RuleReport()
    programme = programme_for(posting, default=default)
    if programme is not None and posting.state in LENGTH_JUDGED:
        for rule in programme.rules.all():
            if rule.kind and rule.kind != posting.kind:
                continue
            if rule.direction and rule.direction != posting.direction:
                continue
            if rule.team_members_only and not posting.team_id:
                continue
            if posting.days < rule.min_days:
                report.issues.append(
                    RuleIssue(
                        "too_short",
                        rule.severity,
                        "planned_end",
                        _(
                            "%(days)s days is shorter than the %(min)s continuous days "
                            "the programme “%(programme)s” asks for."
                        )
                        % {"days": posting.days, "min": rule.min_days, "programme": programme},
                    )
                )
    report.issues.extend(_overlaps(posting, others))
    return report


def annotate_warnings(postings: Sequence[Posting]) -> None:
    """Set each posting's rule `warnings`, as `check_posting` finds them, reading the
    programmes, their rules and the people's other postings once for all (a page of a
    list; tests/budget)."""
    postings = list(postings)
    if not postings:
        return
    prefetch_related_objects(postings, "programme__rules", "team__programme__rules")
    default = Programme.objects.filter(is_default=True).prefetch_related("rules").first()
    by_person: dict[int, list[Posting]] = defaultdict(list)
    for other in Posting.objects.filter(
            person_id__in={p.person_id for p in postings}).select_related("host"):
        by_person[other.person_id].append(other)
    for posting in postings:
        others = [o for o in by_person[posting.person_id] if o.pk != posting.pk]
        posting.warnings = check_posting(posting, default=lambda: default, others=others).warnings


def annotate_team_warnings(teams: Sequence[Team]) -> None:
    """Set each team's rule `warnings` with the default programme read once."""
    default = default_programme() if teams else None
    for team in teams:
        team.warnings = check_team(team, default=lambda: default).warnings


def _overlaps(posting: Posting, given: list[Posting] | None = None) -> list[RuleIssue]:
    issues = []
    others: Iterable[Posting]
    if given is not None:
        others = given
    else:
        others = Posting.objects.filter(person_id=posting.person_id).select_related("host")
        if posting.pk:
            others = others.exclude(pk=posting.pk)
    short = posting.kind == PostingKind.SHORT_VISIT
    for other in others:
        if other.start > posting.end or other.end < posting.start:
            continue
        values = {"host": other.host, "start": other.start, "end": other.end}
        other_short = other.kind == PostingKind.SHORT_VISIT
        if short and other_short:
            issues.append(RuleIssue("double_booked", Severity.ERROR, "planned_start", _(
                "Double-booked: this person is already on a short visit to %(host)s "
                "from %(start)s to %(end)s.") % values))
        elif not short and not other_short:
            issues.append(RuleIssue("overlap", Severity.ERROR, "planned_start", _(
                "Overlaps this person's posting at %(host)s from %(start)s to %(end)s.")
                % values))
        else:
            issues.append(RuleIssue("visit_during_posting", Severity.WARNING, "planned_start", _(
                "A short visit falls within this person's posting at %(host)s "
                "(%(start)s – %(end)s).") % values))
    return issues


def check_team(team: Team, *,
               default: Callable[[], Programme | None] = default_programme) -> RuleReport:
    report = RuleReport()
    programme = programme_for(team, default=default)
    if programme is not None and programme.team_min_days and team.days < programme.team_min_days:
        report.issues.append(
            RuleIssue(
                "team_too_short",
                programme.team_severity,
                "planned_end",
                _(
                    "A team batch of %(days)s days is shorter than the %(min)s days "
                    "the programme “%(programme)s” asks for."
                )
                % {"days": team.days, "min": programme.team_min_days, "programme": programme},
            )
        )
    return report

"""The checks on the person named for a place: the need's constraints, in plain words.

The matching round checked the offer against the need (specialty, title level, period,
mode); the person named later must meet the need just as a person matched by name would.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from xiezuo.exchange.models import Posting
from xiezuo.needs.adapter import BUSY_STATES, MANAGEMENT_WORDS
from xiezuo.offers.models import Placement
from xiezuo.people.models import Person
from xiezuo.reference.models import Mode, TitleLevel
from xiezuo.vocab.specialties import related_specialties


def _required_end(placement: Placement) -> datetime.date:
    """The end of the period the person must be free for (the need's minimum days)."""
    need = placement.need
    if need.min_days:
        return min(need.end, need.start + datetime.timedelta(days=need.min_days - 1))
    return need.end


def _specialty_fits(placement: Placement, person: Person) -> bool:
    need = placement.need
    if need.specialty is not None:
        if person.specialty is None:
            return False
        code = need.specialty.code
        return person.specialty.code == code or person.specialty.code in related_specialties(code)
    wanted = (need.specialty_text or "").strip()
    held = " ".join(filter(None, [person.specialty.name if person.specialty else "",
                                  person.specialty_text or ""]))
    return bool(wanted) and (wanted in held or any(w and w in wanted for w in held.split()))


def placement_problems(placement: Placement, person: Person) -> list[str]:
    """Why `person` cannot take the place (empty when they can)."""
    need = placement.need
    problems: list[str] = []
    name = person.name
    if not _specialty_fits(placement, person):
        problems.append(_("%(name)s's specialty (%(held)s) does not fit the need's specialty "
                          "%(wanted)s.") % {
            "name": name, "held": (person.specialty.name if person.specialty else "")
            or person.specialty_text or _("none"), "wanted": need.specialty_label})
    level = person.title_level or 0
    if level < need.min_title_level:
        problems.append(_("%(name)s's title level (%(level)s) is below the need's minimum "
                          "(%(minimum)s).") % {
            "name": name,
            "level": TitleLevel(level).label if level in TitleLevel.values else _("none"),
            "minimum": TitleLevel(need.min_title_level).label})
    if need.requires_management and not any(w in (person.position or "")
                                             for w in MANAGEMENT_WORDS):
        problems.append(_("The need asks for management experience; %(name)s's position "
                          "(%(position)s) shows none.") % {
            "name": name, "position": person.position or _("none")})
    start, end = need.start, _required_end(placement)
    windows = list(person.availability.all())
    covering = [w for w in windows if w.start <= start and w.end >= end]
    if not covering:
        problems.append(_("%(name)s is not available for the whole period %(start)s to "
                          "%(end)s (enter their availability first).") % {
            "name": name, "start": start.isoformat(), "end": end.isoformat()})
    elif not any(need.mode in (w.modes or []) for w in covering):
        problems.append(_("%(name)s's availability does not include the mode “%(mode)s”.") % {
            "name": name, "mode": Mode(need.mode).label})
    busy = (Posting.objects.filter(person=person, state__in=BUSY_STATES)
            .filter(planned_start__lte=end)
            .filter(Q(actual_end__gte=start) | Q(actual_end__isnull=True, planned_end__gte=start))
            .select_related("host").first())
    if busy is not None:
        problems.append(_("%(name)s already has a posting at %(host)s from %(start)s to %(end)s.")
                        % {"name": name, "host": busy.host.name,
                           "start": busy.start.isoformat(), "end": busy.end.isoformat()})
    return problems

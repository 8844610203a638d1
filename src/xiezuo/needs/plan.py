"""The plan of a round as an Excel workbook: matches (with score parts) and unfilled needs."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from xiezuo.core.excel import append_row
from xiezuo.core.types import Actor
from xiezuo.needs.models import Round
from xiezuo.needs.selectors import PARTS, proposal

Cell = str | int | float


def plan_rows(round_: Round, actor: Actor) -> tuple[list[list[Cell]], list[list[Cell]]]:
    """The rows of the plan as `actor` may see them (`selectors.proposal`)."""
    data = proposal(round_, actor)
    matches: list[list[Cell]] = [[
        m.need.pk, m.need.organisation.name, m.need.specialty_label, m.person.name,
        m.person.organisation.name, m.score, *m.parts,
        m.runner_up.name if m.runner_up else "", m.runner_up_score or "",
        _("yes") if m.pinned else "",
    ] for m in data.matches]
    unfilled: list[list[Cell]] = [
        [u.need.pk, u.need.organisation.name, u.need.specialty_label, u.slots, u.code, u.reason]
        for u in data.unfilled]
    return matches, unfilled


def plan_bytes(round_: Round, actor: Actor) -> bytes:
    matches, unfilled = plan_rows(round_, actor)
    # Rows go through core.excel.append_row: names stay text cells, never formulas.
    book = Workbook()
    sheet = book.active
    sheet.title = _("Matches")[:31]
    append_row(sheet, [_("Need"), _("Organisation"), _("Specialty"), _("Person"),
                       _("Sending organisation"), _("Score"), *PARTS, _("Runner-up"),
                       _("Runner-up score"), _("Pinned")])
    for row in matches:
        append_row(sheet, row)
    other = book.create_sheet(_("Unfilled")[:31])
    append_row(other, [_("Need"), _("Organisation"), _("Specialty"), _("Open slots"),
                       _("Reason code"), _("Reason")])
    for row in unfilled:
        append_row(other, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""The plan of a round as an Excel workbook: matches (with labelled score parts and the
reason in words) and unfilled needs (with the funnel), headers in the reader's language."""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook

from xiezuo.core.excel import append_row
from xiezuo.core.types import Actor
from xiezuo.needs.explanation import PART_LABELS, PART_ORDER
from xiezuo.needs.models import Round
from xiezuo.needs.selectors import proposal

Cell = str | int | float
UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def plan_rows(round_: Round, actor: Actor) -> tuple[list[list[Cell]], list[list[Cell]]]:
    """The rows of the plan as `actor` may see them (`selectors.proposal`)."""
    data = proposal(round_, actor)
    matches: list[list[Cell]] = [[
        m.need.pk, m.need.organisation.name, m.need.specialty_label, m.person.name,
        m.person.organisation.name, m.score, *(p.points for p in m.score_parts), m.reason,
        m.runner_up.name if m.runner_up else "", m.runner_up_score or "",
        _("yes") if m.pinned else "", f"{m.need.start.isoformat()} – {m.need.end.isoformat()}",
    ] for m in data.matches]
    # an offer's slots: the person is named after the approval
    matches += [[
        o.need.pk, o.need.organisation.name, o.need.specialty_label,
        _("Offer: %(count)d to be named") % {"count": o.slots}, o.offer.offerer_name, o.score,
        *(p.points for p in o.score_parts), o.reason, "", "", "",
        f"{o.need.start.isoformat()} – {o.need.end.isoformat()}",
    ] for o in data.offer_matches]
    unfilled: list[list[Cell]] = [
        [u.need.pk, u.need.organisation.name, u.need.specialty_label, u.slots, u.reason,
         " → ".join(step.text for step in u.funnel)]
        for u in data.unfilled]
    return matches, unfilled


def plan_filename(round_: Round) -> str:
    """匹配方案-<round name>.xlsx (characters a file name cannot hold replaced)."""
    name = UNSAFE.sub("_", round_.name).strip("_.")[:60] or str(round_.pk)
    return _("Matching plan-%(name)s.xlsx") % {"name": name}


def plan_bytes(round_: Round, actor: Actor) -> bytes:
    matches, unfilled = plan_rows(round_, actor)
    # Rows go through core.excel.append_row: names stay text cells, never formulas.
    book = Workbook()
    sheet = book.active
    sheet.title = _("Matches")[:31]
    append_row(sheet, [_("Need no."), _("Host unit"), _("Specialty"), _("Person"),
                       _("Sending organisation"), _("Score"),
                       *(str(PART_LABELS[name]) for name in PART_ORDER), _("Reason"),
                       _("Runner-up"), _("Runner-up score"), _("Pinned"), _("Period of the need")])
    for row in matches:
        append_row(sheet, row)
    other = book.create_sheet(_("Unfilled")[:31])
    append_row(other, [_("Need no."), _("Host unit"), _("Specialty"), _("Open slots"),
                       _("Reason"), _("People left after each condition")])
    for row in unfilled:
        append_row(other, row)
    for ws, widths in ((sheet, [8, 22, 14, 10, 22, 8] + [10] * len(PART_ORDER) + [40, 10, 10, 8, 24]),
                       (other, [8, 22, 14, 10, 40, 60])):
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width = width
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

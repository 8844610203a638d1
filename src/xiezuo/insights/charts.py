"""What the dashboard's and the map's charts draw (read by static/insights/*.js from a
json_script block), and the tables beside them with the same numbers.

The trends are small multiples: one chart per measure, each with its own axis and its unit
in Chinese (人, 人次, 万元), so that 就业 2,450 and 选派干部 3 are both readable.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xiezuo.core.formatting import plain
from xiezuo.insights.geography import Geography
from xiezuo.insights.selectors import Dashboard
from xiezuo.reference.models import Measure

TEN_THOUSAND = Decimal(10_000)
MONEY = (Measure.FUNDS, Measure.CONSUMPTION_SALES)
CHART_UNITS: dict[str, Promise] = {
    Measure.TRAINING_PERSON_TIMES: _("person-times"), Measure.FUNDS: _("10,000 yuan"),
    Measure.CONSUMPTION_SALES: _("10,000 yuan"),
}


def chart_unit(measure: str) -> str:
    """The unit a chart shows a measure in: 人 for head counts, 人次, 万元 for money."""
    return str(CHART_UNITS.get(measure, _("persons")))


def chart_value(measure: str, value: Decimal) -> float:
    """A figure as charted: money in 万元 (two decimals), everything else as counted."""
    if measure in MONEY:
        return float((value / TEN_THOUSAND).quantize(Decimal("0.01")))
    return float(value)


@dataclass
class TrendCell:
    value: Decimal
    shown: str
    url: str


@dataclass
class TrendRow:
    measure: str
    label: str
    unit: str
    cells: list[TrendCell]


def trend_rows(board: Dashboard) -> list[TrendRow]:
    """The trend table: one row per measure, in the charts' units, each cell linked to its records."""
    sel = board.selection
    rows = []
    for measure, values in board.trends.items():
        cells = [TrendCell(v, plain(Decimal(str(chart_value(measure, v)))), sel.for_year(y).records_url(measure))
                 for y, v in zip(board.years, values, strict=True)]
        rows.append(TrendRow(measure, str(Measure(measure).label), chart_unit(measure), cells))
    return rows


def dashboard_data(board: Dashboard, rows: list[TrendRow]) -> dict[str, Any]:
    return {
        "years": [str(y) for y in board.years],
        "trends": [{"measure": r.measure, "name": r.label, "unit": r.unit,
                    "data": [chart_value(r.measure, c.value) for c in r.cells],
                    "urls": [c.url for c in r.cells]} for r in rows],
        "flows": {direction: flow_chart(links) for direction, links in board.flows.items()},
        "labels": {"east_west": gettext("East → west"), "west_east": gettext("West → east"),
                   "people": gettext("persons"), "empty": gettext("Nobody went this way in the year.")},
    }


def flow_chart(links: list[dict]) -> dict[str, Any]:
    """A Sankey's nodes (with the people through each) and links; a node named on both
    sides gets a trailing space on the right (a Sankey may not link a node to itself)."""
    sources = {link["source"] for link in links}
    nodes: dict[str, int] = {}
    chart_links = []
    for link in links:
        target = link["target"] + " " if link["target"] in sources else link["target"]
        nodes[link["source"]] = nodes.get(link["source"], 0) + link["value"]
        nodes[target] = nodes.get(target, 0) + link["value"]
        chart_links.append({"source": link["source"], "target": target, "value": link["value"],
                            "url": link["url"]})
    return {"nodes": [{"name": name, "value": value} for name, value in nodes.items()], "links": chart_links}


def map_data(geo: Geography, title: str) -> dict[str, Any]:
    return {**geo.chart_data(), "labels": {
        "title": title, "people": gettext("persons"), "pairing": gettext("Pairing"),
    }}

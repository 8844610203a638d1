"""Dashboard, drill-down records, coverage and the annual report (pages and downloads)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from xiezuo.core.downloads import content_disposition
from xiezuo.core.errors import DomainError, NotFound
from xiezuo.core.scoping import scoped
from xiezuo.core.tasks import start_file
from xiezuo.core.widgets import Picker
from xiezuo.exchange.choices import Direction
from xiezuo.insights import charts, exports, selectors
from xiezuo.insights.coverage import CoverageColumn, cell_sources
from xiezuo.insights.geography import east_level, geography
from xiezuo.insights.measures import EXCHANGED, ON_POST, between, drill_sources, filtered, touching
from xiezuo.insights.selection import Selection, build_selection
from xiezuo.reference.models import Measure
from xiezuo.regions.models import Pairing, Region, RegionLevel

PER_PAGE = 50


def default_pairing(user) -> Pairing | None:
    """The widest pairing the user may see (a province pair before its county pairs)."""
    visible = scoped(Pairing, user)
    return visible.filter(parent__isnull=True).order_by("pk").first() or visible.order_by("pk").first()


class SelectionMixin(LoginRequiredMixin):
    """Reads the selection (pairing or side + region, year) from the query string."""

    request: HttpRequest
    selection: Selection | None = None
    problem: str = ""

    def read_selection(self) -> Selection | None:
        params = self.request.GET
        year = params.get("year") or datetime.date.today().year
        pairing: int | str | None = params.get("pairing")
        if pairing and params.get("side"):
            pairing = None  # the form sends both; a chosen side wins over the default pairing
        if not pairing and not params.get("side"):
            chosen = default_pairing(self.request.user)
            pairing = chosen.pk if chosen else None
            if pairing is None:
                self.problem = _("There is no pairing in your area yet.")
                return None
        try:
            return build_selection(user=self.request.user, year=year, pairing=pairing,
                                   side=params.get("side"), region=params.get("region"))
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except DomainError as exc:
            self.problem = exc.message
            return None

    def selector_context(self, selection: Selection | None) -> dict:
        pairings = scoped(Pairing, self.request.user).select_related("east_region", "west_region",
                                                                   "east_org", "west_org")
        year = selection.year if selection else datetime.date.today().year
        typed = selection.region_name if selection else self.request.GET.get("region", "")
        region_input = Picker("regions.region").render(
            "region", typed, attrs={"id": "id_region", "placeholder": _("e.g. 巫山")})
        return {"selection": selection, "region_input": region_input, "problem": self.problem, "pairings": pairings.order_by("level", "pk"),
                "years": list(range(year - 6, year + 2)), "current_year": year,
                "base_query": urlencode(selection.params()) if selection else ""}


class SelectionPage(SelectionMixin, TemplateView):
    """A page about a selection: the selector form, and `selection_context` once chosen."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selection = self.read_selection()
        context.update(self.selector_context(selection))
        if selection is not None:
            context.update(self.selection_context(selection))
        return context

    def selection_context(self, selection: Selection) -> dict:
        raise NotImplementedError


class LevelMixin:
    """The level the eastern side is shown at (`?level=city|province`), with the links to switch."""

    request: HttpRequest

    def level_context(self, selection: Selection) -> dict:
        level = east_level(self.request.GET.get("level"))
        choices = [(value, label, "?" + urlencode(selection.params(level=value)))
                   for value, label in ((RegionLevel.CITY, _("by city")), (RegionLevel.PROVINCE, _("by province")))]
        return {"level": level, "level_choices": choices}


class DashboardView(LevelMixin, SelectionPage):
    template_name = "insights/dashboard.html"

    def selection_context(self, selection):
        context = self.level_context(selection)
        board = selectors.dashboard(selection, context["level"])
        rows = charts.trend_rows(board)
        return {**context, "board": board, "chart_data": charts.dashboard_data(board, rows), "trend_rows": rows,
                "map_url": reverse("insights:map") + "?" + urlencode(selection.params(level=context["level"]))}


class MapView(LevelMixin, SelectionPage):
    """A map of China: the selection's pairings as lines, people exchanged by county and city."""

    template_name = "insights/map.html"

    def selection_context(self, selection):
        context = self.level_context(selection)
        geo = geography(selection, context["level"])
        title = _("People exchanged in %(year)s: %(label)s") % {"year": selection.year, "label": selection.label}
        return {**context, "geo": geo, "map_data": charts.map_data(geo, title), "map_title": title}


class CoverageView(SelectionPage):
    template_name = "insights/coverage.html"

    def selection_context(self, selection):
        return {"coverage": selectors.coverage(selection)}


class RecordsView(SelectionPage):
    """The records behind one figure: each source with its subtotal and its rows."""

    template_name = "insights/records.html"

    def sources(self, selection: Selection):
        params = self.request.GET
        if params.get("county"):
            county = Region.objects.filter(code=params["county"]).first()
            column = CoverageColumn(params.get("domain", ""), params.get("stage", ""))
            if county is None or column.domain not in {c.domain for c in selectors.coverage_columns()}:
                raise Http404(_("No such coverage cell."))
            return f"{county.name} · {column.label}", cell_sources(county, column.domain, column.stage)
        key = params.get("measure", "")
        try:
            sources = drill_sources(key)
        except KeyError:
            raise Http404(_("No such figure.")) from None
        if key == EXCHANGED:
            return self.exchanged(sources)
        title = _("Postings on post now") if key == ON_POST else Measure(key).label
        return title, sources

    def exchanged(self, sources):
        """People on postings, narrowed to a region (`place`) or to two (`east`, `west`, `direction`)."""
        params = self.request.GET
        codes = [params.get(name, "") for name in ("place", "east", "west")]
        regions = {r.code: r for r in Region.objects.filter(code__in=[c for c in codes if c])}
        place, east, west = (regions.get(code) if code else None for code in codes)
        if any(code and regions.get(code) is None for code in codes):
            raise Http404(_("No such region."))
        direction = params.get("direction", "")
        if direction and direction not in Direction.values:
            raise Http404(_("No such direction."))
        if place is not None:
            return (_("People exchanged: %(region)s") % {"region": place.name},
                    [filtered(source, touching(place.prefix)) for source in sources])
        if east is not None and west is not None:
            arrow = {Direction.EAST_TO_WEST: "→", Direction.WEST_TO_EAST: "←"}.get(direction, "↔")
            title = _("People exchanged: %(east)s %(arrow)s %(west)s") % {"east": east.name, "arrow": arrow,
                                                                        "west": west.name}
            return title, [filtered(source, between(east.prefix, west.prefix, direction)) for source in sources]
        return _("People exchanged"), sources

    def selection_context(self, selection):
        title, sources = self.sources(selection)
        blocks = exports.record_blocks(selection, sources, per_page=PER_PAGE,
                                       page_of=lambda index: self.request.GET.get(f"page{index}"))
        return {"title": title, "blocks": blocks, "figure": sum((b["total"] for b in blocks), start=0)}


class AnnualReportView(SelectionPage):
    template_name = "insights/report.html"

    def selection_context(self, selection):
        return {"report": selectors.annual_report(selection)}


class AnnualReportDownload(SelectionMixin, View):
    """The annual report as a Word (.docx) or Excel (.xlsx) file."""

    fmt = "docx"

    def get(self, request):
        selection = self.read_selection()
        if selection is None:
            raise Http404(self.problem)
        report = selectors.annual_report(selection)
        if exports.listed_records(report) > settings.XIEZUO_BACKGROUND_ROWS:
            job = start_file(actor=request.user, producer="xiezuo.insights.exports.report_job",
                             params={**selection.params(), "format": self.fmt}, resource="insights.report",
                             file_name=exports.report_file_names(selection, self.fmt)[0],
                             total=len(report.figures))
            return redirect("job_detail", pk=job.pk)
        data, mime = exports.report_file(report, self.fmt)
        response = HttpResponse(data, content_type=mime)
        response["Content-Disposition"] = content_disposition(*exports.report_file_names(selection, self.fmt))
        return response

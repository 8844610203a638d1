"""The exchange at a glance: on post now, coming, ending soon, alerts, our people out,
and the timelines (per county, per host)."""

from __future__ import annotations

import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from xiezuo.core.scoping import scoped
from xiezuo.exchange import selectors
from xiezuo.exchange.models import Posting
from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Region


def _date(value: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return default


class RegionMixin(LoginRequiredMixin):
    """An optional `region` (division code) narrows everything to hosts in that region."""

    def region(self):
        code = (self.request.GET.get("region") or "").strip()
        if not code:
            return None
        return scoped(Region, self.request.user).filter(code=code).first() or Region.objects.filter(
            code=code).first()

    def postings(self):
        queryset = Posting.objects.all()
        region = self.region()
        if region is not None:
            queryset = queryset.filter(host__region__code__startswith=region.prefix)
        return queryset


OVERVIEW_ROWS = 50  # per list; the full lists are the posting list's filters


class OverviewView(RegionMixin, TemplateView):
    template_name = "exchange/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, _date(self.request.GET.get("today"),
                                               datetime.date.today())
        base = self.postings()
        context.update(title=_("Exchange overview"), today=today, region=self.region(),
                       uncovered=selectors.hosts_left_uncovered(user, today=today, queryset=base,
                                                                limit=OVERVIEW_ROWS))
        for name, rows in (
            ("on_post", selectors.on_post(user, day=today, queryset=base)),
            ("coming", selectors.coming(user, day=today, queryset=base)),
            ("ending", selectors.ending_without_successor(user, today=today, queryset=base)),
            ("sent_out", selectors.sent_out(user, queryset=base)),
        ):
            first = list(rows[:OVERVIEW_ROWS + 1])  # one more tells whether there are more
            context[name], context[f"{name}_more"] = first[:OVERVIEW_ROWS], len(first) > OVERVIEW_ROWS
        return context


class TimelineView(RegionMixin, TemplateView):
    """Who was on post where and when, one lane per host, for a county (or the scope)."""

    template_name = "exchange/timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = datetime.date.today()
        start = _date(self.request.GET.get("from"), None)
        end = _date(self.request.GET.get("to"), None)
        postings = selectors.postings_for(self.request.user, self.postings())
        if start:
            postings = postings.filter(eff_end__gte=start)
        if end:
            postings = postings.filter(eff_start__lte=end)
        region = self.region()
        context.update(
            title=_("Timeline of %(region)s") % {"region": region} if region else _("Timeline"),
            region=region,
            timeline=selectors.timeline(postings[:2000], start=start, end=end, today=today),
        )
        return context


class HostTimelineView(LoginRequiredMixin, TemplateView):
    """One host's coverage over time; the host must have postings the user may see."""

    template_name = "exchange/timeline.html"

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        host = get_object_or_404(Organisation, pk=pk)
        postings = selectors.postings_for(self.request.user,
                                          Posting.objects.filter(host=host))
        if not postings.exists() and not scoped(Organisation, self.request.user).filter(
                pk=pk).exists():
            raise Http404
        context.update(
            title=_("Timeline of %(region)s") % {"region": host},
            host=host,
            timeline=selectors.timeline(postings, today=datetime.date.today()),
        )
        return context

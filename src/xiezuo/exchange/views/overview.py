"""The exchange at a glance: on post now, coming, ending soon, alerts, our people out,
and the timelines (per county, per host)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from xiezuo.core.cache import cached
from xiezuo.core.filters import RegionField
from xiezuo.core.scoping import scoped
from xiezuo.core.widgets import Picker
from xiezuo.exchange import selectors
from xiezuo.exchange.models import Posting
from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Region


def _date(value: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return default


class RegionForm(forms.Form):
    """The region the overview and the timeline narrow to, typed by name (巫山, 开州, 黔南州)
    or code; a text that names no region is an error on the page, never ignored."""

    region = RegionField(label=_("Region"), required=False, widget=Picker("regions.region"),
                         help_text=_("Name or code, e.g. 巫山 or 500237"))


class RegionMixin(LoginRequiredMixin):
    """An optional `region` (a name or a division code) narrows everything to hosts in
    that region; one that names no region shows nothing and says why."""

    request: HttpRequest

    @cached_property
    def region_form(self) -> RegionForm:
        form = RegionForm(self.request.GET or None)
        form.is_valid()
        return form

    def region_prefix(self) -> str | None:
        return self.region_form.cleaned_data.get("region") if self.region_form.is_bound else None

    def region(self):
        prefix = self.region_prefix()
        if not prefix:
            return None
        return Region.objects.filter(prefix=prefix).order_by("code").first()

    def postings(self):
        queryset = Posting.objects.all()
        if self.region_form.errors:
            return queryset.none()
        prefix = self.region_prefix()
        if prefix:
            queryset = queryset.filter(host__region__code__startswith=prefix)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["region_form"] = self.region_form
        return context


OVERVIEW_ROWS = 50  # per list; the full lists are the posting list's filters
LISTS_TEMPLATE = "exchange/_overview_lists.html"


# What the overview is computed from: a write to any of these apps invalidates it.
OVERVIEW_TOPICS = ("regions", "orgs", "people", "exchange")


class OverviewView(RegionMixin, TemplateView):
    template_name = "exchange/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = _date(self.request.GET.get("today"), datetime.date.today())
        valid = not self.region_form.errors
        context.update(title=_("Exchange overview"), today=today, region=self.region())
        # The lists as rendered HTML: drawing 250 postings costs more than finding them.
        context["lists"] = cached("exchange.overview", user=self.request.user, topics=OVERVIEW_TOPICS,
                                  key=(valid, self.region_prefix() if valid else None, today),
                                  compute=lambda: render_to_string(LISTS_TEMPLATE, self.lists(today)))
        return context

    def lists(self, today: datetime.date) -> dict[str, Any]:
        """The overview's lists (postings with their people and places)."""
        user, base = self.request.user, self.postings()
        lists: dict[str, Any] = {"uncovered": selectors.hosts_left_uncovered(user, today=today, queryset=base,
                                                                             limit=OVERVIEW_ROWS)}
        for name, rows in (
            ("on_post", selectors.on_post(user, day=today, queryset=base)),
            ("coming", selectors.coming(user, day=today, queryset=base)),
            ("ending", selectors.ending_without_successor(user, today=today, queryset=base)),
            ("sent_out", selectors.sent_out(user, queryset=base)),
        ):
            first = list(rows[:OVERVIEW_ROWS + 1])  # one more tells whether there are more
            lists[name], lists[f"{name}_more"] = first[:OVERVIEW_ROWS], len(first) > OVERVIEW_ROWS
        return lists


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

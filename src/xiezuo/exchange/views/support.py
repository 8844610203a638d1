"""Pages of mentorships, engagements and bases (lists and detail pages)."""

from django.utils.translation import gettext_lazy as _

from xiezuo.core.views import ScopedDetailView, ScopedListView
from xiezuo.exchange.filters import BaseFilter, EngagementFilter, MentorshipFilter
from xiezuo.exchange.models import Base, Engagement, Mentorship
from xiezuo.exchange.tables import BaseTable, EngagementTable, MentorshipTable


class MentorshipListView(ScopedListView):
    model = Mentorship
    table_class = MentorshipTable
    filterset_class = MentorshipFilter
    select_related = ("mentor", "host")
    title = _("Mentorships")


class MentorshipDetailView(ScopedDetailView):
    model = Mentorship
    select_related = ("mentor__organisation", "host", "posting")
    template_name = "exchange/mentorship_detail.html"


class EngagementListView(ScopedListView):
    model = Engagement
    table_class = EngagementTable
    filterset_class = EngagementFilter
    select_related = ("person", "organisation")
    title = _("Engagements")


class EngagementDetailView(ScopedDetailView):
    model = Engagement
    select_related = ("person__organisation", "organisation")
    template_name = "exchange/engagement_detail.html"


class BaseListView(ScopedListView):
    model = Base
    table_class = BaseTable
    filterset_class = BaseFilter
    select_related = ("host", "partner")
    title = _("Bases")


class BaseDetailView(ScopedDetailView):
    model = Base
    select_related = ("host", "partner")
    template_name = "exchange/base_detail.html"

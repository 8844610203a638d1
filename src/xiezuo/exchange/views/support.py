"""Pages of mentorships, engagements and bases (lists and detail pages)."""

from typing import Any

from django.db.models import Count, QuerySet
from django.forms import Form
from django.urls import reverse_lazy
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from xiezuo.core.views import ScopedDetailView, ScopedListView
from xiezuo.exchange import record_forms
from xiezuo.exchange.filters import BaseFilter, EngagementFilter, MentorshipFilter
from xiezuo.exchange.models import Base, Engagement, Mentorship
from xiezuo.exchange.tables import BaseTable, EngagementTable, MentorshipTable


class NewRecordListView(ScopedListView):
    """A list with a “New …” button (exchange/new_action.html reads the view)."""

    actions_template = "exchange/new_action.html"
    create_url: str | Promise = ""
    create_label: str | Promise = ""


class ChildFormsDetailView(ScopedDetailView):
    """A detail page with small forms adding child rows (prefix → form class)."""

    child_forms: dict[str, type[Form]] = {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        bound = {k: kwargs.pop(k) for k in list(kwargs) if k.endswith("_form")}
        context = super().get_context_data(**kwargs)
        for prefix, form_class in self.child_forms.items():
            name = f"{prefix}_form"
            context[name] = bound.get(name) or form_class(prefix=prefix)
        return context


class MentorshipListView(NewRecordListView):
    model = Mentorship
    table_class = MentorshipTable
    filterset_class = MentorshipFilter
    select_related = ("mentor", "host")
    title = _("Mentorships")

    def get_queryset(self) -> QuerySet[Mentorship]:
        return super().get_queryset().annotate(pair_count=Count("apprentices", distinct=True))

    create_url = reverse_lazy("exchange:mentorship_create")
    create_label = _("New mentorship")


class MentorshipDetailView(ChildFormsDetailView):
    model = Mentorship
    select_related = ("mentor__organisation", "host", "posting")
    template_name = "exchange/mentorship_detail.html"
    child_forms = {"note": record_forms.NoteForm}


class EngagementListView(NewRecordListView):
    model = Engagement
    table_class = EngagementTable
    filterset_class = EngagementFilter
    select_related = ("person", "organisation")
    title = _("Engagements")
    create_url = reverse_lazy("exchange:engagement_create")
    create_label = _("New engagement")


class EngagementDetailView(ChildFormsDetailView):
    model = Engagement
    select_related = ("person__organisation", "organisation")
    template_name = "exchange/engagement_detail.html"
    child_forms = {"session": record_forms.SessionForm}


class BaseListView(NewRecordListView):
    model = Base
    table_class = BaseTable
    filterset_class = BaseFilter
    select_related = ("host", "partner")
    title = _("Bases")

    def get_queryset(self) -> QuerySet[Base]:
        return super().get_queryset().annotate(expert_count=Count("experts", distinct=True))

    create_url = reverse_lazy("exchange:base_create")
    create_label = _("New base")


class BaseDetailView(ChildFormsDetailView):
    model = Base
    select_related = ("host", "partner")
    template_name = "exchange/base_detail.html"
    child_forms = {"team": record_forms.ServiceTeamForm}

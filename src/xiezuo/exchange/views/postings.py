"""Posting pages: list, detail with the transition forms, actions, calendar, Excel, the
people offered to person inputs (the create and edit pages are in records.py)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from xiezuo.core.errors import DomainError
from xiezuo.core.forms import apply_errors
from xiezuo.core.scoping import ensure_in_scope, scoped
from xiezuo.core.views import ScopedDetailView, ScopedListView, excel_views
from xiezuo.exchange import ical, services
from xiezuo.exchange.filters import PostingFilter
from xiezuo.exchange.models import Posting
from xiezuo.exchange.resources import PostingResource
from xiezuo.exchange.selectors import RELATED
from xiezuo.exchange.tables import PostingTable
from xiezuo.exchange.views.pages import (
    ACTION_FORMS,
    TEMPLATES,
    goal_context,
    posting_context,
    report_warnings,
    successors_for,
)


class PostingListView(ScopedListView):
    model = Posting
    table_class = PostingTable
    filterset_class = PostingFilter
    select_related = ("person__organisation", "host")
    title = gettext_lazy("Postings")
    actions_template = "exchange/posting_actions.html"


class PostingDetailView(ScopedDetailView):
    model = Posting
    select_related = RELATED + ("programme", "pairing")
    template_name = TEMPLATES[Posting]

    def get_context_data(self, bound: Mapping[str, Form | None] | None = None,
                         **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(posting_context(self.request.user, self.object, bound=bound))
        context.update(goal_context(self.request.user, self.object))
        return context


class PostingActionView(PostingDetailView):
    """POST one transition; on an error the page is shown again with the reason."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        self.object = posting = self.get_object()
        ensure_in_scope(posting, request.user)  # read-only roles: 403 before the form
        if action not in ACTION_FORMS:
            return HttpResponse(status=404)
        form_class = ACTION_FORMS[action]
        form = None
        if form_class is not None:
            kwargs: dict[str, Any] = {"data": request.POST, "prefix": action}
            if action in ("end_early", "hand_over"):
                kwargs["successors"] = successors_for(request.user, posting)
            form = form_class(**kwargs)
            if not form.is_valid():
                return self.failed(action, form, status=422)
        data = form.cleaned_data if form else {}
        call = {
            "approve": lambda: services.approve_posting(actor=request.user, posting=posting),
            "start": lambda: services.start_posting(
                actor=request.user, posting=posting, start=data.get("start")),
            "complete": lambda: services.complete_posting(
                actor=request.user, posting=posting, end=data.get("end")),
            "extend": lambda: services.extend_posting(
                actor=request.user, posting=posting, new_end=data["new_end"],
                reason=data["reason"]),
            "end_early": lambda: services.end_posting_early(
                actor=request.user, posting=posting, end=data["end"], reason=data["reason"],
                successor=data.get("successor")),
            "hand_over": lambda: services.hand_over(
                actor=request.user, posting=posting, successor=data["successor"]),
        }[action]
        try:
            done = call()
        except ValidationError as exc:
            if form is None:  # a transition without input: the errors on an empty form
                form = Form({})
                form.is_valid()
            apply_errors(form, exc)
            return self.failed(action, form, status=422)
        except DomainError as exc:
            messages.error(request, exc.message)
            return self.failed(action, form, status=exc.status_code)
        messages.success(request, _("%(posting)s: now “%(state)s”.") % {
            "posting": done.person.name, "state": done.get_state_display()})
        report_warnings(request, done)
        return redirect(done.get_absolute_url())

    def failed(self, action: str, form: Form | None, *, status: int) -> HttpResponse:
        self.object.refresh_from_db()
        context = self.get_context_data(bound={action: form} if form is not None else None)
        context["failed_action"] = action
        return self.render_to_response(context, status=status)


class CalendarView(LoginRequiredMixin, View):
    """The postings and visits the user may see (with the list's filters) as iCalendar."""

    def get(self, request: HttpRequest) -> HttpResponse:
        queryset = scoped(Posting, request.user).select_related("person", "host__region")
        queryset = PostingFilter(request.GET, queryset=queryset).qs
        stamp = timezone.now().astimezone(datetime.UTC)
        host = request.get_host()
        events = [
            ical.event_lines(
                uid=f"posting-{p.pk}@{host}",
                start=p.start,
                end=p.end,
                summary=f"{p.person.name} · {p.get_kind_display()} · {p.host.name}",
                location=f"{p.host.name}, {p.host.region.full_name}",
                description="; ".join(x for x in (p.post, p.batch, p.get_state_display()) if x),
                stamp=stamp,
                status="TENTATIVE" if p.state in ("planned", "approved") else "CONFIRMED",
            )
            for p in queryset[:5000]
        ]
        body = ical.calendar(events, name=_("Postings and visits"))
        response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="postings.ics"'
        return response


posting_excel = excel_views(key="posting", resource=PostingResource, filterset=PostingFilter,
                            list_url="exchange:posting_list",
                            title=gettext_lazy("Import postings"), filename="postings")



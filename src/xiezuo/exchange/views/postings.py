"""Posting pages: list, detail with the transition forms, create, actions, calendar, Excel."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from xiezuo.core.errors import DomainError
from xiezuo.core.scoping import ensure_in_scope, scoped
from xiezuo.core.views import (
    ExcelExportView,
    ExcelImportView,
    ExcelTemplateView,
    ScopedDetailView,
    ScopedListView,
)
from xiezuo.exchange import forms, ical, services
from xiezuo.exchange.filters import PostingFilter
from xiezuo.exchange.models import Posting
from xiezuo.exchange.refs import resolve_org, resolve_person, visible_people
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
from xiezuo.orgs.models import Organisation


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

    def get_context_data(self, bound=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(posting_context(self.request.user, self.object, bound=bound))
        context.update(goal_context(self.request.user, self.object))
        return context


class PostingActionView(PostingDetailView):
    """POST one transition; on an error the page is shown again with the reason."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        self.object = posting = self.get_object()
        ensure_in_scope(posting, request.user)  # read-only roles: 403 before the form
        if action not in ACTION_FORMS:
            return HttpResponse(status=404)
        form_class = ACTION_FORMS[action]
        form = None
        if form_class is not None:
            kwargs = {"data": request.POST, "prefix": action}
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
            form = form or forms.forms.Form()
            forms.apply_errors(form, exc)
            return self.failed(action, form, status=422)
        except DomainError as exc:
            messages.error(request, exc.message)
            return self.failed(action, form, status=exc.status_code)
        messages.success(request, _("%(posting)s: now “%(state)s”.") % {
            "posting": done.person.name, "state": done.get_state_display()})
        report_warnings(request, done)
        return redirect(done.get_absolute_url())

    def failed(self, action, form, *, status):
        self.object.refresh_from_db()
        context = self.get_context_data(bound={action: form} if form is not None else None)
        context["failed_action"] = action
        return self.render_to_response(context, status=status)


class PostingCreateView(LoginRequiredMixin, FormView):
    form_class = forms.PostingForm
    template_name = "exchange/form.html"
    title = gettext_lazy("New posting")

    def get_initial(self):
        return {k: v for k, v in self.request.GET.items() if k in self.form_class.base_fields}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            data["person"] = resolve_person(self.request.user, data["person"])
            data["host"] = resolve_org(data["host"], field="host")
            posting = services.create_posting(actor=self.request.user, **data)
        except ValidationError as exc:
            forms.apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Posting saved."))
        report_warnings(self.request, posting)
        return redirect(posting.get_absolute_url())


class CalendarView(LoginRequiredMixin, View):
    """The postings and visits the user may see (with the list's filters) as iCalendar."""

    def get(self, request):
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


class PostingExportView(ExcelExportView):
    resource_class = PostingResource
    filterset_class = PostingFilter
    filename = "postings"


class PostingTemplateView(ExcelTemplateView):
    resource_class = PostingResource
    filename = "postings"


class PostingImportView(ExcelImportView):
    resource_class = PostingResource
    title = gettext_lazy("Import postings")
    list_url = reverse_lazy("exchange:posting_list")
    template_url = reverse_lazy("exchange:posting_template")


class PeopleOptionsView(LoginRequiredMixin, View):
    """<option>s for the person inputs (htmx datalist): visible people matching `q`."""

    def get(self, request):
        q = (request.GET.get("person") or request.GET.get("q") or "").strip()
        for key, value in request.GET.items():
            if key.endswith(("person", "mentor", "apprentices", "experts")) and value:
                q = value.split("/")[0].strip()
        people = visible_people(request.user).filter(name__icontains=q).select_related(
            "organisation")[:20] if q else []
        return HttpResponse(format_html_join(
            "", '<option value="{} / {}"></option>',
            ((p.name, p.organisation.name) for p in people)))


class OrgOptionsView(LoginRequiredMixin, View):
    def get(self, request):
        q = ""
        for key, value in request.GET.items():
            if key in ("host", "sending_org", "partner", "organisation", "q") and value:
                q = value.split("/")[0].strip()
        orgs = Organisation.objects.filter(name__icontains=q)[:20] if q else []
        return HttpResponse(format_html_join(
            "", '<option value="{}"></option>', ((o.name,) for o in orgs)))


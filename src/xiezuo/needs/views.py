"""Needs pages: list, detail with transitions, create/edit, team needs, Excel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from xiezuo.core.errors import DomainError
from xiezuo.core.scoping import get_for_change, scoped
from xiezuo.core.views import (
    ExcelExportView,
    ExcelImportView,
    ExcelTemplateView,
    ScopedDetailView,
    ScopedListView,
)
from xiezuo.needs import services
from xiezuo.needs.filters import NeedFilter
from xiezuo.needs.forms import CloseForm, NeedEditForm, NeedForm, TeamNeedForm
from xiezuo.needs.models import Need, TeamNeed
from xiezuo.needs.resources import NeedResource
from xiezuo.needs.tables import NeedTable
from xiezuo.needs.transitions import allowed_actions

ACTION_LABELS = {"publish": gettext_lazy("Publish"), "close": gettext_lazy("Close"),
                 "close_unfillable": gettext_lazy("Close as unfillable")}


class NeedListView(ScopedListView):
    model = Need
    table_class = NeedTable
    filterset_class = NeedFilter
    select_related = ("organisation", "specialty")
    title = gettext_lazy("Needs")
    actions_template = "needs/actions.html"


class NeedDetailView(ScopedDetailView):
    model = Need
    select_related = ("organisation__region", "specialty", "team")
    template_name = "needs/need_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = [(a, ACTION_LABELS[a]) for a in allowed_actions(self.object.status)]
        context["close_form"] = CloseForm()
        context["rounds"] = scoped(self.object.rounds.all(), self.request.user)
        return context


def _form_page(request, form, title, status=200):
    return render(request, "needs/form.html", {"form": form, "title": title}, status=status)


def _save(request, form, write, title):
    """Run a service on a valid form; field errors go back on the form, nothing stored."""
    if not form.is_valid():
        return None, _form_page(request, form, title, status=422)
    try:
        record = write(form.cleaned_data)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [
                (None, exc.messages)]:
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
        return None, _form_page(request, form, title, status=422)
    return record, None


class NeedCreateView(LoginRequiredMixin, View):
    title = gettext_lazy("New need")

    def get(self, request):
        initial = {"team": request.GET.get("team")} if request.GET.get("team") else None
        return _form_page(request, NeedForm(user=request.user, initial=initial), self.title)

    def post(self, request):
        form = NeedForm(request.POST, user=request.user)
        need, page = _save(request, form, lambda data: services.create_need(
            actor=request.user, **data), self.title)
        if page:
            return page
        messages.success(request, _("Need saved."))
        return redirect(need.get_absolute_url())


class NeedEditView(LoginRequiredMixin, View):
    """Edit a need. The form carries the version the user loaded (hidden field); the service
    refuses a stale one with a Conflict, shown on the form (409) — nothing is overwritten."""

    title = gettext_lazy("Edit need")

    def get(self, request, pk):
        need = get_for_change(Need, request.user, pk=pk)
        return _form_page(request, NeedEditForm(instance=need, user=request.user), self.title)

    def post(self, request, pk):
        need = get_for_change(Need, request.user, pk=pk)
        form = NeedEditForm(request.POST, instance=need, user=request.user)

        def write(data):
            changes = dict(data)
            version = changes.pop("version")
            # A fresh record: the form's validation has already put the input on `need`.
            return services.update_need(actor=request.user,
                                        instance=get_for_change(Need, request.user, pk=pk),
                                        changes=changes, expected_version=version)

        try:
            need, page = _save(request, form, write, self.title)
        except DomainError as exc:  # a stale version: Conflict (409)
            form.add_error(None, exc.message)
            return _form_page(request, form, self.title, status=exc.status_code)
        if page:
            return page
        messages.success(request, _("Need saved."))
        return redirect(need.get_absolute_url())


class NeedActionView(LoginRequiredMixin, View):
    def post(self, request, pk, action):
        need = get_for_change(Need, request.user, pk=pk)
        form = CloseForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        try:
            changed = services.transition_need(actor=request.user, need=need, action=action,
                                               reason=reason)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The need is now “%(state)s”.") % {
                "state": changed.get_status_display()})
        return redirect(need.get_absolute_url())


class TeamNeedCreateView(LoginRequiredMixin, View):
    title = gettext_lazy("New team need")

    def get(self, request):
        return _form_page(request, TeamNeedForm(user=request.user), self.title)

    def post(self, request):
        form = TeamNeedForm(request.POST, user=request.user)
        team, page = _save(request, form, lambda data: services.create_team_need(
            actor=request.user, **data), self.title)
        if page:
            return page
        messages.success(request, _("Team need saved; now add its roles."))
        return redirect(team.get_absolute_url())


class TeamNeedDetailView(ScopedDetailView):
    model = TeamNeed
    select_related = ("organisation__region",)
    template_name = "needs/team_need_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["roles"] = self.object.roles.select_related("specialty").order_by("pk")
        return context


class NeedExportView(ExcelExportView):
    resource_class = NeedResource
    filterset_class = NeedFilter
    filename = "needs"


class NeedTemplateView(ExcelTemplateView):
    resource_class = NeedResource
    filename = "needs"


class NeedImportView(ExcelImportView):
    resource_class = NeedResource
    title = gettext_lazy("Import needs")
    list_url = reverse_lazy("needs:need_list")
    template_url = reverse_lazy("needs:need_template")



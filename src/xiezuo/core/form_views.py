"""The one create/edit page and the one child-add form of every app, through the services.

`ScopedFormView` shows and posts a record's create page (no pk) or edit page (pk): the
record is read with `get_for_change` (404 outside the scope, 403 for a read-only role)
before any input is read; the form (`core.forms.ServiceForm`) gives the service its inputs
(`to_fields(actor)`) and the child rows of its formsets (`core.forms.RowSet`); an edit goes
to the service with the version the user loaded (`expected_version`), so a form opened
before someone else's change is refused (409) with the input kept and nothing stored.
A service's ValidationError goes back on the form (`core.forms.apply_errors`).

`ScopedChildFormView` posts a small form adding a child row (a note, a session, a member)
from its parent's page; on an error it shows the parent's page again with the failing form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.forms.formsets import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView

from xiezuo.core.errors import DomainError
from xiezuo.core.forms import RowSet, ServiceForm, apply_errors
from xiezuo.core.scoping import get_for_change, may_change_model, scoped
from xiezuo.core.types import Actor

Service = Callable[..., Any]
if TYPE_CHECKING:  # django-stubs makes the generic views generic; at run time they are not
    _DetailView = DetailView[Any]
else:
    _DetailView = DetailView


class ScopedFormView(LoginRequiredMixin, View):
    """Create (no pk) or edit (pk) one record through its service; see the module."""

    model: type[Model]
    form_class: type[ServiceForm]
    edit_form_class: type[ServiceForm] | None = None  # with core.forms.VersionMixin
    create: Service | None = None  # the service: create(actor=…, **fields, **rows)
    update: Service | None = None  # update(actor=…, instance=…, changes=…, expected_version=…)
    rowsets: tuple[RowSet, ...] = ()
    template_name = ""
    title: str | Promise = ""  # of the create page
    edit_title: str | Promise = _("Edit: %(record)s")
    saved_message: str | Promise = _("Saved.")
    changed_message: str | Promise | None = None  # after an edit (default: saved_message)
    initial_params: tuple[str, ...] = ()  # query parameters a create page starts from
    invalid_status = 422  # a page with errors

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        record = self.record(request, pk)
        initial = None if record else {
            k: v for k, v in request.GET.items() if k in self.initial_params}
        form = self.form_for(record)(user=request.user, instance=record, initial=initial or None)
        formsets = {r.context_name: r.formset(None, record) for r in self.rowsets}
        return self.page(request, form, record, formsets)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        actor = request.user
        record = self.record(request, pk)
        form = self.form_for(record)(request.POST, request.FILES, user=actor, instance=record)
        formsets = {r: r.formset(request.POST, record) for r in self.rowsets}
        context: dict[str, Any] = {r.context_name: f for r, f in formsets.items()}
        if not (form.is_valid() and all(f.is_valid() for f in formsets.values())):
            return self.page(request, form, record, context, status=self.invalid_status)
        rows = {r: r.rows(f) for r, f in formsets.items()}
        try:
            saved = self.save(actor, form, record, {r: given for r, (given, _u) in rows.items()})
        except ValidationError as exc:
            apply_errors(form, exc, formsets=[(r, used) for r, (_g, used) in rows.items()])
            return self.page(request, form, record, context, status=self.invalid_status)
        except DomainError as exc:  # a stale version: Conflict (409)
            context.update(self.refused(actor, form, record, exc))
            return self.page(request, form, record, context, status=exc.status_code)
        message = self.changed_message if record and self.changed_message else self.saved_message
        if message:  # a page may say nothing (the record's page says enough)
            messages.success(request, str(message))
        self.after_save(request, saved)
        return redirect(saved.get_absolute_url())

    def record(self, request: HttpRequest, pk: int | None) -> Model | None:
        """The record to edit (404 outside the scope, 403 read-only), or None for a new one —
        a create page is refused (403) to a role that may not add such records at all, so a
        read-only user who types its address gets no form to fill in vain."""
        if pk is not None:
            return get_for_change(self.model, request.user, pk=pk)
        if not may_change_model(request.user, self.model):
            raise PermissionDenied(gettext("Your role may view these records but not add them."))
        return None

    def form_for(self, record: Model | None) -> type[ServiceForm]:
        return self.edit_form_class if record is not None and self.edit_form_class else (
            self.form_class)

    def save(self, actor: Actor, form: ServiceForm, record: Model | None,
             rows: Mapping[RowSet, list[dict[str, Any]]]) -> Any:
        fields = form.to_fields(actor)
        # The services are plain functions stored on the class (read there: not bound).
        create, update = type(self).create, type(self).update
        if record is None:
            assert create is not None, "a create page names its service"
            return create(actor=actor, **fields, **{r.keyword: v for r, v in rows.items()})
        assert update is not None, "an edit page names its service"
        # A fresh copy: a model form's validation has put the input on `record`.
        fresh = get_for_change(self.model, actor, pk=record.pk)
        changes = {**fields, **{r.keyword: v for r, v in rows.items() if r.in_changes}}
        keywords = {r.keyword: v for r, v in rows.items() if not r.in_changes}
        return update(actor=actor, instance=fresh, changes=changes,
                      expected_version=form.cleaned_data["version"], **keywords)

    def refused(self, actor: Actor, form: ServiceForm, record: Model | None,
                exc: DomainError) -> dict[str, Any]:
        """The service refused: say why at the top of the form, the input kept. When someone
        changed the record since the form was opened, say so with both versions."""
        if exc.field != "version" or record is None:
            form.add_error(None, exc.message)
            return {}
        current = scoped(self.model, actor).filter(pk=record.pk).first() or record
        form.add_error(None, gettext(
            "This record (%(record)s) was changed by someone else after you opened it (you "
            "opened version %(yours)s, it is now version %(now)s). Nothing was saved; your input "
            "is kept below. Open the record again and make your change there.")
            % {"record": current, "yours": form.cleaned_data["version"],
               "now": getattr(current, "version", "")})
        return {"stale": True, "record": current}

    def after_save(self, request: HttpRequest, record: Any) -> None:
        """After the redirect is decided (e.g. the rule warnings as messages)."""

    def page(self, request: HttpRequest, form: ServiceForm, record: Model | None,
             extra: Mapping[str, BaseFormSet[Any] | Any], status: int = 200) -> HttpResponse:
        title = self.edit_title % {"record": record} if record is not None else self.title
        context = {"form": form, "title": title, **({"record": record} if record else {}),
                   **extra}
        return render(request, self.template_name, context, status=status)


class ScopedChildFormView(LoginRequiredMixin, _DetailView):
    """POST a child row from its parent's page (this view is also the parent's detail view:
    combine it with that view). The parent is read for change; see the module."""

    http_method_names = ["post", "options"]
    form_class: type[ServiceForm]
    prefix = ""  # the form's prefix and its name in the page's context (`<prefix>_form`)
    add: Service  # the service: add(actor=…, <parent_keyword>=parent, **fields)
    parent_keyword = ""
    saved_message: str | Promise = ""
    invalid_status = 422

    def post(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        actor = request.user
        parent = self.parent(request, pk, **kwargs)
        form = self.form_class(request.POST, request.FILES, user=actor,
                               prefix=self.form_prefix(parent))
        if form.is_valid():
            try:
                child = type(self).add(actor=actor, **{self.keyword(parent): parent},
                                       **form.to_fields(actor))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, self.success_message(child))
                self.after_save(request, child)
                return redirect(self.success_url(parent))
        return self.failed(request, parent, form)

    def parent(self, request: HttpRequest, pk: int, **kwargs: Any) -> Any:
        return get_for_change(self.model, request.user, pk=pk)

    def form_prefix(self, parent: Any) -> str:
        return self.prefix

    def keyword(self, parent: Any) -> str:
        return self.parent_keyword

    def success_url(self, parent: Any) -> str:
        return str(parent.get_absolute_url())

    def success_message(self, child: Any) -> str:
        return str(self.saved_message)

    def after_save(self, request: HttpRequest, child: Any) -> None:
        """After the child was added (e.g. the rule warnings as messages)."""

    def failed(self, request: HttpRequest, parent: Any, form: ServiceForm) -> HttpResponse:
        """The parent's page again, with the failing form."""
        self.object = parent
        context = self.get_context_data(**{f"{self.prefix}_form": form})
        return self.render_to_response(context, status=self.invalid_status)


class ScopedDeleteView(LoginRequiredMixin, View):
    """Delete one record through its service, from the “other actions” at the end of its
    page (the button asks first, saying what goes with it): 404 outside the scope, 403 for
    a read-only role; a record others still refer to is kept, with the reason."""

    model: type[Model]
    delete: Callable[..., object]  # the service: delete(actor=…, instance=…), set on the class
    list_url = ""  # where to go afterwards: a URL name
    deleted_message: str | Promise = _("%(record)s was deleted.")
    select_related: tuple[str, ...] = ()

    def get_queryset(self) -> QuerySet[Any]:
        """The records to find it among (`get_for_change` narrows them to the user's scope)."""
        return self.model._default_manager.select_related(*self.select_related)

    def success_url(self, record: Any) -> str:
        """Where to go once deleted (worked out before: the record's relations go with it)."""
        return reverse(self.list_url)

    def message(self, record: Any) -> str:
        return str(self.deleted_message) % {"record": record}

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record: Any = get_for_change(self.get_queryset(), request.user, pk=pk)
        after, done = self.success_url(record), self.message(record)
        try:
            type(self).delete(actor=request.user, instance=record)
        except DomainError as exc:  # still referred to (Conflict)
            messages.error(request, exc.message)
            return redirect(record.get_absolute_url())
        messages.success(request, done)
        return redirect(after)

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.forms.formsets import BaseFormSet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from xiezuo.accounts.models import Role
from xiezuo.core.errors import DomainError
from xiezuo.core.form_views import ScopedFormView
from xiezuo.core.forms import ServiceForm
from xiezuo.core.scoping import rule_for, scoped, user_role
from xiezuo.core.types import Actor
from xiezuo.core.views import OptionsView, ScopedDetailView, ScopedListView, excel_views
from xiezuo.people import selectors, services
from xiezuo.people.filters import PersonFilter
from xiezuo.people.forms import AVAILABILITY, PersonEditForm, PersonForm, SelfPersonEditForm
from xiezuo.people.models import Person
from xiezuo.people.privacy import (
    PERSONAL_FIELDS,
    Channel,
    erase_person,
    export_person_data,
    may_see_personal_data,
    personal_data,
)
from xiezuo.people.resources import PersonResource
from xiezuo.people.tables import PersonTable
from xiezuo.reference.models import Mode, Specialty


def may_add_person(user: Actor) -> bool:
    """Whether the user's role adds people: administrators, and the roles that change people
    in their scope (coordinators, organisation users) — not self-service users, who keep
    only their own record, nor auditors."""
    role = user_role(user)
    return role == Role.ADMIN or (role is not None and role in rule_for(Person).change_roles)


class PersonListView(ScopedListView):
    model = Person
    table_class = PersonTable
    filterset_class = PersonFilter
    select_related = ("organisation", "specialty")
    title = _("People")
    actions_template = "people/actions.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_add"] = may_add_person(self.request.user)
        return context


class PersonDetailView(ScopedDetailView):
    model = Person
    select_related = ("organisation__region", "specialty")
    template_name = "people/person_detail.html"

    def masked_history_fields(self) -> frozenset[str]:
        if may_see_personal_data(self.request.user, self.object):
            return frozenset()
        return frozenset(PERSONAL_FIELDS)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        person = self.object
        context["personal"] = personal_data(self.request.user, person, channel=Channel.PAGE)
        context["can_erase"] = user_role(self.request.user) == Role.ADMIN
        labels = dict(Mode.choices)
        context["windows"] = [
            (w, "、".join(str(labels.get(m, m)) for m in w.modes)) for w in person.availability.all()
        ]
        context["records"] = selectors.person_records(person, user=self.request.user)
        context["can_add"] = may_add_person(self.request.user)
        return context


class PersonFormView(ScopedFormView):
    """A new person (coordinators, organisation users, administrators) or a person's edit
    page (whoever may change the record; a self-service user their own contact data), with
    the availability windows as rows of the same form."""

    model = Person
    form_class = PersonForm
    edit_form_class = PersonEditForm
    create = services.create_person
    update = services.update_person
    rowsets = (AVAILABILITY,)
    template_name = "people/person_form.html"
    title = _("New person")
    edit_title = _("Edit person: %(record)s")
    saved_message = _("Person saved.")
    changed_message = _("Changes saved.")

    def record(self, request: HttpRequest, pk: int | None) -> Model | None:
        if pk is None and not may_add_person(request.user):
            raise PermissionDenied(gettext("Your role may not add people."))
        return super().record(request, pk)

    def form_for(self, record: Model | None) -> type[ServiceForm]:
        if record is not None and user_role(self.request.user) == Role.SELF_SERVICE:
            return SelfPersonEditForm
        return super().form_for(record)

    def page(self, request: HttpRequest, form: ServiceForm, record: Model | None,
             extra: Mapping[str, BaseFormSet[Any] | Any], status: int = 200) -> HttpResponse:
        if record is not None and request.method == "GET":
            # The edit form shows the personal data unmasked: logged as a view of it.
            assert isinstance(record, Person)
            personal_data(request.user, record, channel=Channel.PAGE)
        extra = {**extra, "self_service": user_role(request.user) == Role.SELF_SERVICE}
        return super().page(request, form, record, extra, status)


class SpecialtyOptionsView(OptionsView):
    """Names of the specialty vocabulary (a public vocabulary)."""

    keys = ("specialty",)

    def names(self, request: HttpRequest, text: str, limit: int) -> Iterable[str]:
        return (scoped(Specialty, request.user).filter(name__icontains=text).order_by("code")
                .values_list("name", flat=True)[:limit])


class PersonDataExportView(LoginRequiredMixin, View):
    """Everything stored about a person (a subject-access request), as JSON."""

    def get(self, request: HttpRequest, pk: int) -> JsonResponse:
        person = get_object_or_404(scoped(Person, request.user), pk=pk)
        try:
            data = export_person_data(actor=request.user, person=person)
        except DomainError as exc:
            raise PermissionDenied(exc.message) from exc
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = f'attachment; filename="person-{pk}.json"'
        return response


class PersonEraseView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = get_object_or_404(scoped(Person, request.user), pk=pk)
        try:
            erase_person(actor=request.user, person=person)
        except DomainError as exc:
            raise PermissionDenied(exc.message) from exc
        messages.success(request, _("The personal data was erased; anonymised statistics remain."))
        return redirect(person.get_absolute_url())


person_excel = excel_views(key="person", resource=PersonResource, filterset=PersonFilter,
                           list_url="people:person_list", title=_("Import people"),
                           filename="people")

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View

from xiezuo.accounts.models import Role
from xiezuo.core.errors import DomainError
from xiezuo.core.scoping import scoped, user_role
from xiezuo.core.views import ScopedDetailView, ScopedListView, excel_views
from xiezuo.people.filters import PersonFilter
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
from xiezuo.reference.models import Mode


class PersonListView(ScopedListView):
    model = Person
    table_class = PersonTable
    filterset_class = PersonFilter
    select_related = ("organisation", "specialty")
    title = _("People")
    actions_template = "people/actions.html"


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
        return context


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

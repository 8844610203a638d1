from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from xiezuo.core.views import (
    ExcelExportView,
    ExcelImportView,
    ExcelTemplateView,
    ScopedDetailView,
    ScopedListView,
)
from xiezuo.people.filters import PersonFilter
from xiezuo.people.models import Person
from xiezuo.people.resources import PersonResource
from xiezuo.people.tables import PersonTable


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


class PersonExportView(ExcelExportView):
    resource_class = PersonResource
    filterset_class = PersonFilter
    filename = "people"


class PersonTemplateView(ExcelTemplateView):
    resource_class = PersonResource
    filename = "people"


class PersonImportView(ExcelImportView):
    resource_class = PersonResource
    title = _("Import people")
    list_url = reverse_lazy("people:person_list")
    template_url = reverse_lazy("people:person_template")

"""Organisation pages: list, detail, Excel, and the names offered to organisation inputs."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.core.views import ScopedDetailView, ScopedListView, excel_views
from xiezuo.orgs.filters import OrganisationFilter
from xiezuo.orgs.models import Organisation
from xiezuo.orgs.resources import OrganisationResource
from xiezuo.orgs.tables import OrganisationTable
from xiezuo.people.models import Person
from xiezuo.regions.models import Pairing


class OrganisationListView(ScopedListView):
    model = Organisation
    table_class = OrganisationTable
    filterset_class = OrganisationFilter
    select_related = ("region",)
    title = _("Organisations")
    actions_template = "orgs/actions.html"


class OrganisationDetailView(ScopedDetailView):
    model = Organisation
    select_related = ("region", "parent")
    template_name = "orgs/organisation_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        org = self.object
        context["children"] = self.visible(org.children.all())
        context["people"] = self.visible(Person.objects.filter(organisation=org)).select_related(
            "specialty"
        )[:500]
        context["pairings"] = self.visible(
            Pairing.objects.filter(Q(east_org=org) | Q(west_org=org))
        ).select_related("east_region", "west_region", "east_org", "west_org")
        return context


organisation_excel = excel_views(
    key="organisation", resource=OrganisationResource, filterset=OrganisationFilter,
    list_url="orgs:organisation_list", title=_("Import organisations"), filename="organisations")

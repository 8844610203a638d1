from django.utils.translation import gettext_lazy as _

from xiezuo.core.views import ScopedDetailView, ScopedListView
from xiezuo.orgs.models import Organisation
from xiezuo.regions.filters import PairingFilter, RegionFilter
from xiezuo.regions.models import Pairing, Region
from xiezuo.regions.selectors import pairings_touching
from xiezuo.regions.tables import PairingTable, RegionTable


class RegionListView(ScopedListView):
    model = Region
    table_class = RegionTable
    filterset_class = RegionFilter
    title = _("Regions")


class RegionDetailView(ScopedDetailView):
    model = Region
    slug_field = "code"
    slug_url_kwarg = "code"
    select_related = ("parent",)
    template_name = "regions/region_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.object
        context["children"] = self.visible(region.children.all())
        context["organisations"] = self.visible(
            Organisation.objects.filter(region__code__startswith=region.prefix)
        ).select_related("region")[:200]
        context["pairings"] = self.visible(pairings_touching(region))
        return context


class PairingListView(ScopedListView):
    model = Pairing
    table_class = PairingTable
    filterset_class = PairingFilter
    select_related = ("east_region", "west_region", "east_org", "west_org")
    title = _("Pairings")


class PairingDetailView(ScopedDetailView):
    model = Pairing
    select_related = ("east_region", "west_region", "east_org", "west_org", "parent")
    template_name = "regions/pairing_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["children"] = self.visible(self.object.children.all()).select_related(
            "east_region", "west_region", "east_org", "west_org"
        )
        return context

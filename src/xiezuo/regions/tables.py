import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from xiezuo.regions.models import Pairing, Region


class RegionTable(tables.Table):
    code = tables.Column(linkify=True)
    full_name = tables.Column(linkify=True)

    class Meta:
        model = Region
        fields = ("code", "full_name", "level", "kind", "role")


class PairingTable(tables.Table):
    id = tables.Column(linkify=True, verbose_name="#")
    east = tables.Column(accessor="east_region__full_name", verbose_name=_("Eastern side"))
    east_org = tables.Column(verbose_name=_("Eastern organisation"))
    west = tables.Column(accessor="west_region__full_name", verbose_name=_("Western side"))
    west_org = tables.Column(verbose_name=_("Western organisation"))

    class Meta:
        model = Pairing
        fields = ("id", "level", "east", "east_org", "west", "west_org", "start", "end")

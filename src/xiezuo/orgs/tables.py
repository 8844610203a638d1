import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from xiezuo.orgs.models import Organisation


class OrganisationTable(tables.Table):
    name = tables.Column(linkify=True)
    region = tables.Column(accessor="region__full_name", verbose_name=_("Region"))

    class Meta:
        model = Organisation
        fields = ("name", "kind", "region", "hospital_grade", "school_stage")

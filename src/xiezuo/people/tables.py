import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from xiezuo.people.models import Person


class PersonTable(tables.Table):
    name = tables.Column(linkify=True)
    organisation = tables.Column(linkify=True)
    specialty = tables.Column(
        empty_values=(), verbose_name=_("Specialty"), order_by=("specialty__name", "specialty_text")
    )

    class Meta:
        model = Person
        fields = (
            "name",
            "gender",
            "organisation",
            "domain",
            "specialty",
            "title",
            "title_level",
            "position",
        )

    def render_specialty(self, record):
        return record.specialty_label

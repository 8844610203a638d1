import django_filters
from django.utils.translation import gettext_lazy as _

from xiezuo.core.models import ImportBatch, ImportStatus


class ImportBatchFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ImportStatus.choices, label=_("Status"))

    class Meta:
        model = ImportBatch
        fields = ["status"]

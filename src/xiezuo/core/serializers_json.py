"""JSON serialisation for backups that keeps full precision.

Django's JSON encoder cuts datetimes to milliseconds; a backup must restore every value
exactly, so this format (`xzjson`) writes them with microseconds.
"""

import datetime
from typing import Any

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

__all__ = ["Deserializer", "Serializer"]


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self) -> None:
        self.options["cls"] = ExactEncoder
        super()._init_options()  # type: ignore[misc]  # not in django-stubs

from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "xiezuo.needs"
    label = "needs"
    verbose_name = _("Needs and matching")

    def ready(self) -> None:
        # Queue the background job of a large round once it is committed (services cannot
        # import the tasks, which call services). The tasks import models: loaded now.
        import_module(f"{self.name}.tasks").connect()

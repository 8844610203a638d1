from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "xiezuo.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Listen to core's events (core imports no app; see xiezuo.core.events). The handlers
        # import models, so they are loaded once the apps are.
        import_module(f"{self.name}.handlers").connect()

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and its loader, `xiezuo demo` (no models): wiring above every app."""

    name = "xiezuo.demo"
    label = "demo"

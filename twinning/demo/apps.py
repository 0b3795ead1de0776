from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for development and presentations: `manage.py seed_demo`."""

    name = "twinning.demo"
    label = "demo"
    verbose_name = "Demo data"

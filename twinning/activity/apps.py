from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "twinning.activity"
    label = "activity"
    verbose_name = _("Activity")

    def ready(self) -> None:
        from twinning.activity import signals

        signals.connect()

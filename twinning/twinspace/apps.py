from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwinspaceConfig(AppConfig):
    name = "twinning.twinspace"
    verbose_name = _("TwinSpaces")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from . import signals  # noqa: F401

        autodiscover_modules("exports")  # every app's exporters (portal/exports.py)

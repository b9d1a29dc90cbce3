from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.utils.module_loading import autodiscover_modules

        from . import signals  # noqa: F401
        from .i18n import register_sqlite_collations
        from .params import install_api_number_guard, install_model_choice_guard

        install_model_choice_guard()
        install_api_number_guard()

        connection_created.connect(register_sqlite_collations, dispatch_uid="portal-sqlite-collations")
        autodiscover_modules("exports")  # every app's exporters (portal/exports.py)

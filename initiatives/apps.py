from django.apps import AppConfig
from django.db.models.signals import post_migrate


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "AI governance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Cached pages, fragments, charts and the alias index are keyed on versions that saves and
        # deletes bump: connect those signals in every process (web, worker, management commands).
        from . import signals  # noqa: PLC0415
        from .roles import sync_roles  # noqa: PLC0415
        from .search import signals as search_signals  # noqa: PLC0415

        signals.connect()
        search_signals.connect()
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="initiatives.sync_roles")

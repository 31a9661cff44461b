from django.apps import AppConfig
from django.db.models.signals import post_migrate


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "AI governance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Chart data is cached under a version that saves and deletes bump; connect those signals
        # in every process (web, worker, management commands), not only where the views are imported.
        from . import charts  # noqa: F401, PLC0415
        from .ingest import alias_index  # noqa: F401, PLC0415  (alias index version bumped on Alias/Actor/... saves)
        from .roles import sync_roles  # noqa: PLC0415

        post_migrate.connect(sync_roles, sender=self, dispatch_uid="initiatives.sync_roles")

from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "AI governance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Chart data is cached under a version that saves and deletes bump; connect those signals
        # in every process (web, worker, management commands), not only where the views are imported.
        from . import charts  # noqa: F401, PLC0415

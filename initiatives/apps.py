from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "AI governance"
    default_auto_field = "django.db.models.BigAutoField"

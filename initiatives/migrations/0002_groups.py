"""The two roles: curators edit every record, analysts read them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATOR_ACTIONS = ("add", "change", "delete", "view")
ANALYST_ACTIONS = ("view",)
MODELS = (
    "actor", "membership", "alias", "framework", "summit", "stance", "stancesource",
    "article", "feed", "mention", "story",
)


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations run; make them now so the groups get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, actions in (("curator", CURATOR_ACTIONS), ("analyst", ANALYST_ACTIONS)):
        group, _ = Group.objects.get_or_create(name=group_name)
        codenames = [f"{action}_{model}" for model in MODELS for action in actions]
        codenames += [f"{action}_historical{model}" for model in MODELS for action in ("view",)]
        group.permissions.add(*Permission.objects.filter(content_type__app_label="initiatives", codename__in=codenames))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["curator", "analyst"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

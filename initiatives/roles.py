"""The two roles, as groups: curators edit every record, analysts read them.

Kept in step after every migrate (post_migrate), so a new model's permissions reach the groups
and a flushed database (as transactional tests leave it) gets them back.
"""

from django.contrib.auth.models import Group, Permission

CURATOR = "curator"
ANALYST = "analyst"
ROLE_ACTIONS = {CURATOR: ("add", "change", "delete", "view"), ANALYST: ("view",)}
RECORDS = (
    "actor", "membership", "alias", "framework", "summit", "stance", "stancesource",
    "article", "feed", "mention", "story", "vote", "publisher", "participation",
)  # fmt: skip


def role_codenames(role: str) -> list[str]:
    codenames = [f"{action}_{model}" for model in RECORDS for action in ROLE_ACTIONS[role]]
    codenames += [f"view_historical{model}" for model in RECORDS]  # both roles read the change history
    return codenames


def sync_roles(**kwargs) -> None:
    for role in ROLE_ACTIONS:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = Permission.objects.filter(
            content_type__app_label="initiatives", codename__in=role_codenames(role)
        )
        group.permissions.add(*wanted)

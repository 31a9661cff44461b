"""The admin is the curators' tool: curators edit, analysts read, everyone else is kept out."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from initiatives.choices import Position
from initiatives.models import Actor, Alias, Article, Feed, Framework, Membership, Mention, Stance, Summit
from tests.factories import (
    make_actor,
    make_framework,
    make_organisation,
    make_stance,
    make_summit,
)

pytestmark = pytest.mark.django_db

MODELS = [Actor, Membership, Alias, Framework, Summit, Stance, Article, Feed, Mention]


def make_user(username, group=None):
    user = User.objects.create_user(username, password="pw", is_staff=group is not None)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def records():
    chn = make_actor(code="CHN", name="China")
    apec = make_organisation(code="APEC", members=[chn])
    waico = make_framework(slug="waico", name="World AI Cooperation Organization")
    Alias.objects.create(text="WAICO", framework=waico)
    stance = make_stance(actor=chn, framework=waico, position=Position.PROPOSES)
    summit = make_summit(slug="apec-aelm-2025")
    return {
        "actor": chn,
        "org": apec,
        "framework": waico,
        "stance": stance,
        "summit": summit,
        "article": stance.source,
    }


@pytest.fixture
def curator(client):
    client.force_login(make_user("cora", "curator"))
    return client


@pytest.fixture
def analyst(client):
    client.force_login(make_user("ana", "analyst"))
    return client


def changelist(model):
    return reverse(f"admin:initiatives_{model._meta.model_name}_changelist")


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_lists_every_record_type_for_a_curator(curator, records, model):
    assert curator.get(changelist(model)).status_code == 200


@pytest.mark.parametrize("key", ["actor", "org", "framework", "stance", "summit", "article"])
def test_a_curator_can_open_every_change_form_and_its_history(curator, records, key):
    obj = records[key]
    name = obj._meta.model_name
    assert curator.get(reverse(f"admin:initiatives_{name}_change", args=[obj.pk])).status_code == 200
    assert curator.get(reverse(f"admin:initiatives_{name}_history", args=[obj.pk])).status_code == 200


def test_a_curator_edit_is_recorded_with_who_made_it(curator, records):
    actor = records["actor"]
    url = reverse("admin:initiatives_actor_change", args=[actor.pk])
    form = curator.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"name": "People's Republic of China", "code": "CHN", "kind": "country"})
    # The inline formsets carry their existing rows; send them unchanged.
    response = curator.get(url)
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data[f"{formset.formset.prefix}-TOTAL_FORMS"] = management.initial["TOTAL_FORMS"]
        data[f"{formset.formset.prefix}-INITIAL_FORMS"] = management.initial["INITIAL_FORMS"]
        for i, inline_form in enumerate(formset.formset.forms):
            data[f"{formset.formset.prefix}-{i}-id"] = inline_form.instance.pk
            for field, value in inline_form.initial.items():
                if value is not None:
                    data[f"{formset.formset.prefix}-{i}-{field}"] = getattr(value, "pk", value)
    response = curator.post(url, data)
    assert response.status_code == 302, [f.formset.errors for f in response.context["inline_admin_formsets"]]
    actor.refresh_from_db()
    assert actor.name == "People's Republic of China"
    latest = actor.history.first()
    assert latest.history_user.username == "cora"
    assert latest.prev_record.name == "China"


def test_a_curator_can_find_frameworks_by_alias_in_autocomplete(curator, records):
    url = (
        reverse("admin:autocomplete")
        + "?app_label=initiatives&model_name=stance&field_name=framework&term=WAICO"
    )
    response = curator.get(url)
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(records["framework"].pk)]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_an_analyst_reads_every_list(analyst, records, model):
    assert analyst.get(changelist(model)).status_code == 200


def test_an_analyst_sees_a_read_only_form_and_cannot_change_anything(analyst, records):
    actor = records["actor"]
    url = reverse("admin:initiatives_actor_change", args=[actor.pk])
    response = analyst.get(url)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert analyst.post(url, {"code": "CHN", "name": "Changed", "kind": "country"}).status_code == 403
    actor.refresh_from_db()
    assert actor.name == "China"
    assert analyst.get(reverse("admin:initiatives_actor_add")).status_code == 403
    assert analyst.get(reverse("admin:initiatives_actor_delete", args=[actor.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, records):
    response = client.get(changelist(Stance))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_logged_in_user_outside_both_groups_gets_no_admin(client, records):
    client.force_login(make_user("outsider"))
    assert client.get(changelist(Stance)).status_code == 302


def test_roles_come_back_after_a_flush_with_their_permissions():
    # What a transactional test's flush or a hand-deleted group leaves; the next migrate restores them.
    Group.objects.filter(name__in=["curator", "analyst"]).delete()
    call_command("migrate", verbosity=0)
    curator = Group.objects.get(name="curator").permissions.values_list("codename", flat=True)
    analyst = Group.objects.get(name="analyst").permissions.values_list("codename", flat=True)
    assert {"change_stance", "add_framework", "view_historicalstance"} <= set(curator)
    assert "view_stance" in analyst and "change_stance" not in analyst
    call_command("migrate", verbosity=0)  # idempotent
    assert Group.objects.filter(name="curator").count() == 1

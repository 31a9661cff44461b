"""The subscribe form and the reading of what is to be followed."""

from __future__ import annotations

from django import forms
from django.http import Http404

from ..models import Actor, Framework
from ..params import FilterError
from .lists import parse_list
from .models import Frequency
from .subscriptions import Target

TARGET_PARAMETERS = ("framework", "actor", "list")


def read_target(params) -> Target:
    """framework=SLUG, actor=CODE or list=URL (exactly one); FilterError (a 400) or Http404."""
    given = [name for name in TARGET_PARAMETERS if params.get(name, "").strip()]
    if len(given) != 1:
        raise FilterError(
            {"framework": ["Say what to follow: one of framework=SLUG, actor=CODE or list=URL of a list."]}
        )
    name = given[0]
    value = params.get(name).strip()
    if "\x00" in value:
        raise Http404
    if name == "framework":
        framework = Framework.objects.filter(slug=value[:200]).first()
        if framework is None:
            raise Http404("No such framework.")
        return Target(framework=framework)
    if name == "actor":
        actor = Actor.objects.filter(code__iexact=value[:20]).first()
        if actor is None:
            raise Http404("No such actor.")
        return Target(actor=actor)
    path, query = parse_list(value[:2000])
    return Target(list_path=path, list_query=query)


class FollowForm(forms.Form):
    email = forms.EmailField(max_length=254, label="Your e-mail address")
    frequency = forms.ChoiceField(
        choices=Frequency.choices, initial=Frequency.DAILY, widget=forms.RadioSelect, label="E-mail me"
    )
    # A field people never see (hidden by CSS, labelled for screen readers): bots fill it in.
    website = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated and user.email:
            self.fields["email"].required = False
            self.fields["email"].disabled = True
            self.fields["email"].initial = user.email


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(choices=Frequency.choices, widget=forms.RadioSelect, label="E-mail me")

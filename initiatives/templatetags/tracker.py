"""Template helpers for the dashboard: position badges, links that keep the as_of date, query strings."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html

from .. import caching
from ..as_of import AsOf
from ..choices import ACT_POSITION, POSITION_DIRECTION, Act, Position

register = template.Library()


@register.tag("fragment")
def do_fragment(parser, token):
    """{% fragment name part ... %}…{% endfragment %}: the enclosed HTML rendered once per data
    version and parts (caching.cached), so a page's long tables are read from the database only
    when the data changed. Parts must name everything the fragment shows (the record, the day)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            "fragment needs a name, e.g. {% fragment framework-record framework.pk %}"
        )
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(bits[1], [parser.compile_filter(bit) for bit in bits[2:]], nodelist)


class FragmentNode(template.Node):
    def __init__(self, name, parts, nodelist):
        self.name, self.parts, self.nodelist = name, parts, nodelist

    def render(self, context):
        parts = [part.resolve(context) for part in self.parts]
        # The records the page is about (the view's cache_subjects): the fragment lasts until one changes.
        subjects = context.get("cache_subjects") or ()
        return caching.cached(
            f"fragment-{self.name}", *parts, build=lambda: self.nodelist.render(context), subjects=subjects
        )


# Query parameters that belong to a page, not to the rows it lists: dropped from export links.
PAGE_ONLY_PARAMS = {"page", "set", "sort"}


@register.simple_tag
def position_badge(position, detail=""):
    """A position in words on its chart colour (the colour is never the only signal)."""
    try:
        value = Position(position)
    except ValueError:
        return ""
    direction = {1: "for", 0: "neutral", -1: "against"}[POSITION_DIRECTION[value]]
    label = value.label + (f" ({detail})" if detail else "")
    return format_html('<span class="badge pos-{} dir-{}">{}</span>', value.value, direction, label)


@register.simple_tag
def act_badge(act, detail=""):
    """The act in words ("Voted against", "Ratified (approval)") on its position's colour."""
    try:
        value = Act(act)
    except ValueError:
        return ""
    position = ACT_POSITION[value]
    direction = {1: "for", 0: "neutral", -1: "against"}[POSITION_DIRECTION[position]]
    label = value.label + (f" ({detail})" if detail else "")
    return format_html('<span class="badge pos-{} dir-{}">{}</span>', position.value, direction, label)


@register.inclusion_tag("initiatives/_source.html")
def source_link(article, kind=""):
    """A source as readers cite it: publisher and title (never a bare address), what kind of source it
    is, and whether the state controls the outlet."""
    return {"article": article, "kind": kind or (article.source_kind if article and article.pk else "")}


@register.simple_tag(takes_context=True)
def link(context, viewname, *args):
    """reverse() that carries the page's as_of date, so browsing stays on the chosen day."""
    url = reverse(viewname, args=args)
    as_of = context.get("as_of")
    return f"{url}?{urlencode({'as_of': as_of.isoformat()})}" if as_of else url


def _params(request):
    """The request's parameters as links carry them on: as_of only when it is not today (asking for
    today is asking for nothing, and both must lead to the same pages)."""
    params = request.GET.copy()
    if "as_of" in params and not AsOf.from_request(request):
        params.pop("as_of")
    return params


@register.simple_tag(takes_context=True)
def query(context, **changes):
    """The current query string with some parameters changed (None or '' removes one)."""
    params = _params(context["request"])
    for name, value in changes.items():
        params.pop(name, None)
        if value not in (None, ""):
            params[name] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def export_url(context, kind, **extra):
    """/export/<kind>.csv with the list's current filters (and as_of), without page-only parameters."""
    params = _params(context["request"])
    for name in PAGE_ONLY_PARAMS:
        params.pop(name, None)
    for name in [key for key, values in params.lists() if not any(v.strip() for v in values)]:
        params.pop(name)
    for name, value in extra.items():
        params[name] = value
    encoded = params.urlencode()
    url = reverse("export-csv", args=[kind])
    return f"{url}?{encoded}" if encoded else url


@register.filter
def percent(value):
    return f"{value:.0%}" if value is not None else ""

"""The read-only JSON API: /api/v1/..., with /api/... redirecting to the current version.

/api/schema/ is the OpenAPI 3 schema and /api/docs/ its Swagger UI, served from
drf-spectacular-sidecar's local copy (no CDN; its start-up script is a separate file for the CSP).
"""

from django.http import HttpResponseRedirect
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import changes, views
from .search import SearchView

CURRENT_VERSION = "v1"
AUTH = views.AUTHENTICATION_CLASSES

router = DefaultRouter()
router.register("actors", views.ActorViewSet, basename="actor")
router.register("frameworks", views.FrameworkViewSet, basename="framework")
router.register("summits", views.SummitViewSet, basename="summit")
router.register("stances", views.StanceViewSet, basename="stance")
router.register("votes", views.VoteViewSet, basename="vote")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("changes", changes.ChangeViewSet, basename="change")


def current_version(request, rest=""):
    """/api/<rest> -> /api/v1/<rest>, query string kept: clients that omit the version get the current one."""
    query = request.META.get("QUERY_STRING", "")
    target = f"/api/{CURRENT_VERSION}/{rest}" + (f"?{query}" if query else "")
    response = HttpResponseRedirect(target)
    response.status_code = 307  # keep the method: a client following it asks again, unchanged
    return response


urlpatterns = [
    path(f"{CURRENT_VERSION}/", include((router.urls, "api"), namespace="api")),
    path(f"{CURRENT_VERSION}/search/", SearchView.as_view(), name="api-search"),
    path("schema/", SpectacularAPIView.as_view(authentication_classes=AUTH), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", authentication_classes=AUTH),
        name="api-docs",
    ),
    re_path(r"^(?!v\d+/|schema/|docs/)(?P<rest>.*)$", current_version, name="api-current"),
]

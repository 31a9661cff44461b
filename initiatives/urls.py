from django.urls import include, path

from . import views
from .views import changes as changes_views
from .views import search as search_views
from .views.chart_data import chart_csv
from .views.methodology import methodology

app_name = "initiatives"

urlpatterns = [
    path("", views.home, name="home"),
    path("frameworks/", views.framework_list, name="framework-list"),
    path("frameworks/<slug:slug>/", views.framework_detail, name="framework-detail"),
    path("actors/", views.actor_list, name="actor-list"),
    path("actors/<str:code>/", views.actor_detail, name="actor-detail"),
    path("summits/", views.summit_list, name="summit-list"),
    path("summits/<slug:slug>/", views.summit_detail, name="summit-detail"),
    path("articles/", views.article_list, name="article-list"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("compare/", views.compare, name="compare"),
    path("charts/<slug:name>.json", views.chart_data, name="chart-data"),
    path("follow/", include("initiatives.follow.urls")),
    path("charts/<slug:name>.csv", chart_csv, name="chart-csv"),
    path("methodology/", methodology, name="methodology"),
    path("search/", search_views.search, name="search"),
    path("changes/", changes_views.changes, name="changes"),
    path("changes.csv", changes_views.changes_csv, name="changes-csv"),
]

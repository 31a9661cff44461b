"""CSV exports, Atom feeds, the data dictionary and the bulk download.

Names are global (no namespace) so that templates write {% url 'export-csv' 'stances' %}.
"""

from django.urls import path

from . import syndication
from .exports import views

urlpatterns = [
    path("export/<slug:kind>.csv", views.export_csv, name="export-csv"),
    path("data/dictionary/", views.data_dictionary, name="data-dictionary"),
    path("data/dictionary.csv", views.data_dictionary_file, {"fmt": "csv"}, name="data-dictionary-csv"),
    path("data/dictionary.md", views.data_dictionary_file, {"fmt": "md"}, name="data-dictionary-md"),
    path("data/download.zip", views.bulk_download, name="bulk-download"),
    path("feeds/changes.atom", syndication.ChangesFeed(), name="feed-changes"),
    path("feeds/frameworks/<slug:slug>.atom", syndication.FrameworkFeed(), name="feed-framework"),
    path("feeds/actors/<str:code>.atom", syndication.ActorFeed(), name="feed-actor"),
]

"""CSV exports, Atom feeds, the data dictionary and the bulk download (filled by the exports work)."""

urlpatterns = []

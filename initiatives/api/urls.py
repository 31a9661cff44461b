"""The read-only JSON API (filled by the exports and API work)."""

urlpatterns = []

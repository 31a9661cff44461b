from django.contrib import admin
from django.urls import include, path

from .health import healthz

admin.site.site_header = "AI Governance Tracker — curation"
admin.site.site_title = "AI Governance Tracker"
admin.site.index_title = "Records"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("initiatives.api.urls")),
    path("", include("initiatives.data_urls")),
    path("", include("initiatives.urls")),
]

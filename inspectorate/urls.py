"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

urlpatterns = [
    # First: every other pattern is tried before a pattern further down matches, and the API's
    # requests are the most numerous. No other pattern takes an address under api/v1/
    # (tests/inspectorate/test_urls.py), so the order changes nothing else.
    path("api/v1/", include("inspectorate.api.urls")),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon),
    path("", views.home, name="home"),
    path("", include("inspectorate.urls_app")),
    path("inspections/", include("inspections.urls")),
    path("", include("complaints.urls")),
    path("reports/", include("reporting.urls")),
    path("transparansi/", include("reporting.urls_public")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("audit/", include("audit.urls")),
    path("notifications/", include("notifications.urls")),
    path("field/", include("field.urls")),
    path("deadlines/", include("deadlines.urls")),
    path("checklists/", include("checklists.urls")),
    path("bpjs/", include("socialsecurity.urls")),
    path("accidents/", include("accidents.urls")),
    path("targeting/", include("targeting.urls")),
    # Before manage/: its <slug:kind>/ pages would take "history".
    path("manage/history/", include("history_import.urls")),
    path("manage/", include("inspectorate.urls_manage")),
    path("admin/", admin.site.urls),
    path("", include("ops.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
]

# A database that is down or restarting answers 503 "try again" (templates/503.html), not 500.
handler500 = "ops.views.server_error"

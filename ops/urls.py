"""The probes' URLs. ops.middleware.ProbeMiddleware answers them first; these names let the rest of
the project (and its URL matrix) know them."""

from django.urls import path

from . import views

app_name = "ops"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.metrics, name="metrics"),
]

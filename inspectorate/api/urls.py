"""/api/v1/: every app registers its endpoints on this one router."""

from django.urls import include, path
from django.utils.module_loading import import_string
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("districts", views.DistrictViewSet, basename="district")
router.register("offices", views.OfficeViewSet, basename="office")
router.register("staff", views.StaffViewSet, basename="staff")
router.register("companies", views.CompanyViewSet, basename="company")
router.register("reports", import_string("reporting.api.views.ReportViewSet"), basename="report")

app_name = "api"
urlpatterns = [path("", include(router.urls))]

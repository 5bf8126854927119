from django.urls import path

from . import dashboard_views, views

app_name = "reporting"

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("request/", views.report_request, name="report_request"),
    path("<int:pk>/status/", views.report_status, name="report_status"),
    path("<int:pk>/download/", views.report_download, name="report_download"),
    path("<int:pk>/download/xlsx/", views.report_download_xlsx, name="report_download_xlsx"),
    path("<int:pk>/history/", views.report_history, name="report_history"),
    path("builds/<int:pk>/<slug:fmt>/", views.build_download, name="build_download"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/export/<slug:table>.<slug:fmt>", dashboard_views.dashboard_export, name="dashboard_export"),
]

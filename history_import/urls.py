from django.urls import path

from . import views

app_name = "history_import"

urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("template/<slug:kind>.<slug:fmt>", views.import_template, name="import_template"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/rollback/", views.import_rollback, name="import_rollback"),
]

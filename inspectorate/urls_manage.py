from django.urls import path

from . import views_manage as views

app_name = "manage"

urlpatterns = [
    path("", views.manage_index, name="index"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:pk>/", views.staff_update, name="staff_update"),
    path("staff/<int:pk>/deactivate/", views.staff_deactivate, name="staff_deactivate"),
    path("staff/<int:pk>/activate/", views.staff_activate, name="staff_activate"),
    path("staff/<int:pk>/password-reset/", views.staff_password_reset, name="staff_password_reset"),
    path("staff/<int:pk>/unlock/", views.staff_unlock, name="staff_unlock"),
    path("companies/import/", views.company_import_create, name="company_import_create"),
    path("companies/import/<int:pk>/", views.company_import_detail, name="company_import_detail"),
    path("workforce-estimates/import/", views.workforce_import, name="workforce_import"),
    path("<slug:kind>/", views.reference_list, name="reference_list"),
    path("<slug:kind>/new/", views.reference_edit, name="reference_create"),
    path("<slug:kind>/<int:pk>/", views.reference_edit, name="reference_update"),
]

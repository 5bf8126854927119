from django.urls import path

from . import views

app_name = "inspectorate"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("companies/search/", views.company_search, name="company_search"),
    path("companies/", views.company_list, name="company_list"),
    path("companies/<int:pk>/", views.company_detail, name="company_detail"),
]

from django.urls import path

from . import public_views

app_name = "transparency"

urlpatterns = [
    path("", public_views.transparency, name="page"),
    path("data.csv", public_views.transparency_csv, name="csv"),
]

from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.auditentry_list, name="auditentry_list"),
]

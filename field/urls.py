from django.urls import path

from . import views

app_name = "field"

urlpatterns = [
    path("", views.field_home, name="home"),
    path("visits/<int:pk>/", views.visit, name="visit"),
    path("conflicts/", views.conflict_list, name="conflict_list"),
    path("conflicts/<int:pk>/", views.conflict_detail, name="conflict_detail"),
    path("conflicts/<int:pk>/resolve/", views.conflict_resolve, name="conflict_resolve"),
    path("session/", views.session_state, name="session"),
    path("offline/", views.offline, name="offline"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
]

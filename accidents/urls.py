from django.urls import path

from . import views

app_name = "accidents"

urlpatterns = [
    path("", views.accident_list, name="accident_list"),
    path("new/", views.accident_create, name="accident_create"),
    path("<int:pk>/", views.accident_detail, name="accident_detail"),
    path("<int:pk>/visit/", views.accident_open_visit, name="accident_open_visit"),
    path("<int:pk>/link-visit/", views.accident_link_visit, name="accident_link_visit"),
    path("<int:pk>/injured/<int:person_pk>/outcome/", views.accident_injured_outcome, name="accident_injured_outcome"),
    path("<int:pk>/employer-report/", views.accident_employer_report, name="accident_employer_report"),
    path("<int:pk>/late-finding/", views.accident_late_finding, name="accident_late_finding"),
    path("diseases/", views.disease_list, name="disease_list"),
    path("diseases/new/", views.disease_create, name="disease_create"),
    path("diseases/<int:pk>/", views.disease_detail, name="disease_detail"),
    path("hours/", views.hours_edit, name="hours_edit"),
    path("rates/", views.rates, name="rates"),
]

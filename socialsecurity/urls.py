from django.urls import path

from . import views

app_name = "socialsecurity"

urlpatterns = [
    path("", views.targeting, name="targeting"),
    path("companies/<int:pk>/plan/", views.plan_joint, name="plan_joint"),
    path("companies/<int:pk>/warn/", views.sanction_start, name="sanction_start"),
    path("sanctions/<int:pk>/", views.sanction_detail, name="sanction_detail"),
    path("sanctions/<int:pk>/document/", views.sanction_document, name="sanction_document"),
    path("sanctions/<int:pk>/pdf/", views.sanction_pdf, name="sanction_pdf"),
    path("sanctions/<int:pk>/issue/", views.sanction_issue, name="sanction_issue"),
    path("sanctions/<int:pk>/comply/", views.sanction_comply, name="sanction_comply"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("coverage/", views.coverage, name="coverage"),
]

from django.urls import path

from . import views

app_name = "checklists"

urlpatterns = [
    path("visit/<int:pk>/", views.visit_checklist, name="visit_checklist"),
    path("visit/<int:pk>/start/", views.checklist_start, name="checklist_start"),
    path("visit/<int:pk>/answers/", views.answers_save, name="answers_save"),
    path("visit/<int:pk>/photo/", views.answer_photo, name="answer_photo"),
    path("visit/<int:pk>/pdf/", views.checklist_pdf, name="checklist_pdf"),
    path("visit/<int:pk>/drafts/", views.draft_decide, name="draft_decide"),
]

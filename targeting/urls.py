from django.urls import path

from . import views

app_name = "targeting"

urlpatterns = [
    path("", views.score_list, name="score_list"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/generate/", views.plan_generate, name="plan_generate"),
    path("plans/setting/", views.plan_setting, name="plan_setting"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/confirm/", views.plan_confirm, name="plan_confirm"),
    path("entries/<int:pk>/", views.entry_change, name="entry_change"),
    path("entries/<int:pk>/remove/", views.entry_remove, name="entry_remove"),
    path("team/", views.team, name="team"),
    path("team/leave/", views.leave_add, name="leave_add"),
    path("team/leave/<int:pk>/remove/", views.leave_remove, name="leave_remove"),
    path("team/assignments/", views.assignment_add, name="assignment_add"),
    path("team/assignments/<int:pk>/remove/", views.assignment_remove, name="assignment_remove"),
    path("weights/", views.weight_list, name="weight_list"),
    path("weights/<slug:factor>/", views.weight_change, name="weight_change"),
    path("evaluation/", views.evaluation, name="evaluation"),
]

from django.urls import path

from . import views

app_name = "deadlines"

urlpatterns = [
    path("", views.deadline_list, name="deadline_list"),
    path("notices/<int:pk>/", views.notice_deadlines, name="notice_deadlines"),
    path("notices/<int:pk>/delivery/", views.notice_delivery, name="notice_delivery"),
    path("drafts/<int:pk>/", views.draft_detail, name="draft_detail"),
    path("drafts/<int:pk>/discard/", views.draft_discard, name="draft_discard"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("reports/<int:pk>/decide/", views.report_decide, name="report_decide"),
    path("clocks/<int:pk>/recompute/", views.clock_recompute, name="clock_recompute"),
    path("feed/", views.feed_settings, name="feed_settings"),
    path("feed/renew/", views.feed_renew, name="feed_renew"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]

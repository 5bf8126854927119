from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.inspection_list, name="inspection_list"),
    path("today/", views.inspection_today, name="inspection_today"),
    path("new/", views.inspection_create, name="inspection_create"),
    path("<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("<int:pk>/start/", views.inspection_start, name="inspection_start"),
    path("<int:pk>/record/", views.inspection_update, name="inspection_update"),
    path("<int:pk>/notes/", views.fieldnote_create, name="fieldnote_create"),
    path("<int:pk>/files/", views.attachment_create, name="attachment_create"),
    path("<int:pk>/findings/", views.finding_create, name="finding_create"),
    path("<int:pk>/report/", views.inspection_report, name="inspection_report"),
    path("<int:pk>/cancel/", views.inspection_cancel, name="inspection_cancel"),
    path("<int:pk>/close/", views.inspection_close, name="inspection_close"),
    path("<int:pk>/addenda/", views.inspection_addendum_create, name="inspection_addendum_create"),
    path("<int:pk>/resolve-complaint/", views.inspection_resolve_complaint, name="inspection_resolve_complaint"),
    path("<int:pk>/notices/new/", views.notice_create, name="notice_create"),
    path("files/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("calendar/", views.inspection_calendar, name="inspection_calendar"),
    path("awaiting-nota/", views.inspection_awaiting_notice, name="inspection_awaiting_notice"),
    path("findings/overdue/", views.finding_overdue_list, name="finding_overdue_list"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/document/", views.notice_document, name="notice_document"),
    path("notices/<int:pk>/pdf/", views.notice_pdf, name="notice_pdf"),
    path("notices/<int:pk>/compliance/", views.notice_compliance, name="notice_compliance"),
    path("notices/<int:pk>/status/", views.notice_mark, name="notice_mark"),
    path("notices/<int:pk>/second/", views.notice_second_create, name="notice_second_create"),
    path("notices/<int:pk>/escalate/", views.notice_escalate, name="notice_escalate"),
    path("notices/<int:pk>/addenda/", views.notice_addendum_create, name="notice_addendum_create"),
    path("investigations/<int:pk>/", views.investigation_detail, name="investigation_detail"),
    path("investigations/<int:pk>/steps/", views.investigation_step_create, name="investigation_step_create"),
    path("investigations/<int:pk>/close/", views.investigation_close, name="investigation_close"),
]

"""Staff pages under /complaints/, public pages (no login) under /lapor/."""

from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("lapor/", views.public_complaint_create, name="public_complaint_create"),
    path("lapor/tanda-terima/", views.public_receipt, name="public_receipt"),
    path("lapor/tanda-terima/pdf/", views.public_receipt_pdf, name="public_receipt_pdf"),
    path("lapor/lacak/", views.public_track, name="public_track"),
    path("lapor/lacak/pesan/", views.public_track_message, name="public_track_message"),
    path("lapor/berhenti/<str:token>/", views.public_updates_off, name="public_updates_off"),
    path("lapor/perusahaan/", views.public_company_search, name="public_company_search"),
    path("complaints/", views.complaint_list, name="complaint_list"),
    path("complaints/mine/", views.my_complaints, name="my_complaints"),
    path("complaints/export.csv", views.complaint_export, name="complaint_export"),
    path("complaints/mine/export.csv", views.my_complaint_export, name="my_complaint_export"),
    path("complaints/triage/", views.complaint_triage, name="complaint_triage"),
    path("complaints/new/", views.complaint_create, name="complaint_create"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path(
        "complaints/<int:pk>/attachments/<int:attachment_pk>/",
        views.complaint_attachment,
        name="complaint_attachment",
    ),
    path("complaints/<int:pk>/attach/", views.complaint_attach, name="complaint_attach"),
    path("complaints/<int:pk>/screen/", views.complaint_screen, name="complaint_screen"),
    path("complaints/<int:pk>/assign/", views.complaint_assign, name="complaint_assign"),
    path("complaints/<int:pk>/start/", views.complaint_start, name="complaint_start"),
    path("complaints/<int:pk>/resolve/", views.complaint_resolve, name="complaint_resolve"),
    path("complaints/<int:pk>/close/", views.complaint_close, name="complaint_close"),
    path("complaints/<int:pk>/reject/", views.complaint_reject, name="complaint_reject"),
    path("complaints/<int:pk>/refer/", views.complaint_refer, name="complaint_refer"),
    path("complaints/<int:pk>/reopen/", views.complaint_reopen, name="complaint_reopen"),
    path("complaints/<int:pk>/duplicate/", views.complaint_mark_duplicate, name="complaint_mark_duplicate"),
    path("complaints/<int:pk>/note/", views.complaint_add_note, name="complaint_add_note"),
    path("complaints/<int:pk>/message/", views.complaint_message, name="complaint_message"),
    path(
        "complaints/<int:pk>/messages/files/<int:attachment_pk>/",
        views.complaint_message_attachment,
        name="complaint_message_attachment",
    ),
]

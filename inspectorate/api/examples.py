"""One example per schema component, so every operation of /api/schema/ shows one.

:data:`EXAMPLES` holds an example for each response and request body, keyed by the component
name drf-spectacular gives it. :func:`add_examples` (a ``POSTPROCESSING_HOOKS`` entry) puts
each on its component, derives the request variants (``XRequest``, ``PatchedXRequest``: the
example of ``X`` without its read-only fields) and the paginated lists (``PaginatedXList``: one
page of one ``X``), and gives documents (HTML, PDF) an example on their operation.
``tests/architecture/test_api_examples.py`` fails when an operation has none.

The data is one office's story: Kalimantan Selatan (region 63), Kota Banjarmasin (6371),
UPTD Wilayah I in Asia/Makassar, its inspector Siti and its head Budi.
"""

AT = "2026-03-02T01:30:00Z"  # 09:30 WITA

REGION = {"id": 3, "code": "63", "name": "Kalimantan Selatan"}
DISTRICT = {"id": 12, "code": "6371", "name": "Kota Banjarmasin", "region": 3, "office": 5}
OFFICE = {
    "id": 5,
    "code": "KS-1",
    "name": "UPTD Pengawasan Ketenagakerjaan Wilayah I Kalimantan Selatan",
    "region": 3,
    "time_zone": "Asia/Makassar",
    "monthly_quota": 5,
    "complaint_due_days": 30,
    "address": "Jl. Ahmad Yani Km 6, Banjarmasin",
    "districts": [12, 13],
}
STAFF = {
    "id": 41,
    "username": "siti.rahma",
    "first_name": "Siti",
    "last_name": "Rahmawati",
    "email": "siti.rahma@disnaker.example.go.id",
    "role": "inspector",
    "office": 5,
    "region": None,
    "is_investigator": False,
    "nip": "198703152010012004",
    "is_active": True,
}
COMPANY = {
    "id": 230,
    "name": "PT Borneo Sawit Lestari",
    "nib": "9120001234567",
    "kbli": "01262",
    "address": "Jl. Lingkar Selatan No. 8, Banjarmasin",
    "district": 12,
    "office": 5,
    "workers_total": 240,
    "workers_female": 95,
    "workers_foreign": 2,
    "bpjs_registered": True,
    "bpjs_participants": 180,
}
COMPLAINT = {
    "id": 77,
    "reference": "ADU-63-2026-00017",
    "channel": "online",
    "received_at": AT,
    "status": "assigned",
    "status_changed_at": "2026-03-03T02:00:00Z",
    "office": 5,
    "company": 230,
    "company_name": "PT Borneo Sawit Lestari",
    "reported_company_address": "",
    "reported_district": 12,
    "categories": ["wages"],
    "description": "Upah bulan Januari dan Februari belum dibayar untuk 40 pekerja harian lepas.",
    "workers_affected": 40,
    "amount_claimed": "120000000",
    "assigned_to": 41,
    "outcome": "",
    "amount_recovered": None,
    "due_date": "2026-04-01",
    "overdue": False,
    "resolved_at": None,
    "duplicate_of": None,
    "is_anonymous": False,
    "complainant_name": "(shown only to those who may see it)",
    "complainant_contact": "",
    "complainant_phone": "",
    "complainant_email": "",
    "complainant_id_number": "",
}
EVENT = {
    "id": 310,
    "kind": "assignment",
    "actor": 40,
    "at": "2026-03-03T02:00:00Z",
    "from_status": "screened",
    "to_status": "assigned",
    "assignee": 41,
    "note": "Segera dijadwalkan pemeriksaan.",
}
INSPECTION = {
    "id": 501,
    "reference": "PMR-KS-1-2026-00042",
    "office": 5,
    "company": 230,
    "lead_inspector": 41,
    "team": [44],
    "kind": "complaint",
    "status": "reported",
    "planned_date": "2026-03-10",
    "visited_at": "2026-03-10T01:00:00Z",
    "workers_present": 38,
    "summary": "Upah dua bulan belum dibayar; 60 pekerja belum didaftarkan BPJS Ketenagakerjaan.",
    "reported_at": "2026-03-10T08:15:00Z",
}
FINDING = {
    "id": 902,
    "inspection": 501,
    "category": "social_security",
    "provision": 14,
    "description": "60 pekerja belum didaftarkan sebagai peserta BPJS Ketenagakerjaan.",
    "severity": "high",
    "corrective_action": "Daftarkan seluruh pekerja dan bayar iuran yang tertunggak.",
    "deadline": "2026-04-10",
    "status": "open",
    "corrected_at": None,
    "version": 1,
}
NOTICE = {
    "id": 88,
    "number": "NP-I/KS-1/2026/0007",
    "level": "I",
    "inspection": 501,
    "company": 230,
    "issued_on": "2026-03-11",
    "compliance_deadline": "2026-04-10",
    "findings": [902],
    "previous": None,
    "status": "issued",
}
STEP = {
    "id": 7,
    "on": "2026-05-20",
    "description": "Pemanggilan pengusaha untuk dimintai keterangan.",
    "author": 45,
    "created_at": "2026-05-20T03:00:00Z",
}
INVESTIGATION = {
    "id": 3,
    "notice": 95,
    "office": 5,
    "investigator": 45,
    "opened_on": "2026-05-18",
    "status": "open",
    "outcome": "",
    "closed_on": None,
    "steps": [STEP],
}
PROVISION = {
    "id": 14,
    "act": "UU 24/2011",
    "article": "ps. 15",
    "title": "Kewajiban mendaftarkan pekerja sebagai peserta BPJS",
    "category": "social_security",
    "is_active": True,
}
CHECKLIST_QUESTION = {
    "id": 77,
    "code": "JS-1",
    "text_id": "Perusahaan dan seluruh pekerjanya terdaftar sebagai peserta BPJS?",
    "text_en": "Are the company and all its workers registered with BPJS?",
    "provision": "UU 24/2011 ps. 15",
    "category": "social_security",
    "answer_type": "yes_no",
    "options": [],
    "noncompliant_answers": ["no"],
    "note_required": False,
    "photo_required": True,
}
CHECKLIST_SECTION = {
    "id": 31,
    "position": 6,
    "title_id": "Jaminan sosial",
    "title_en": "Social security",
    "questions": [CHECKLIST_QUESTION],
}
REPORT = {
    "id": 12,
    "kind": "resolution",
    "level": "office",
    "scope_key": "office:5",
    "scope_name": "UPTD Pengawasan Ketenagakerjaan Wilayah I Kalimantan Selatan",
    "office": 5,
    "region": None,
    "month": "2026-02-01",
    "language": "id",
    "status": "done",
    "error": "",
    "requested_at": "2026-03-01T00:05:00Z",
    "started_at": "2026-03-01T00:05:02Z",
    "finished_at": "2026-03-01T00:05:09Z",
    "attempts": 1,
    "builds": 1,
    "download_url": "/api/v1/reports/12/download/",
    "spreadsheet_url": None,
}

EXAMPLES: dict[str, dict] = {
    # --- organisation and reference data
    "Region": REGION,
    "District": DISTRICT,
    "Office": OFFICE,
    "OfficeWrite": OFFICE,
    "Staff": STAFF,
    "StaffWrite": STAFF,
    # A documentation example of the request body, not a credential of any account.
    "StaffWriteRequest": {**{k: v for k, v in STAFF.items() if k != "id"}, "password": "ganti-Sandi-2026!"},  # nosec B105
    "StaffAction": {"done": "Login lock of siti.rahma lifted."},
    "Company": COMPANY,
    "Provision": PROVISION,
    "Category": {"id": 1, "code": "wages", "label": "Wages", "position": 0},
    # --- complaints
    "Complaint": COMPLAINT,
    "ComplaintEvent": EVENT,
    "TransitionRequest": {"to": "assigned", "note": "Mohon ditangani minggu ini.", "assignee": 41},
    "TriageRequest": {"complaints": [77, 78], "assignee": 41, "note": "Prioritas: upah"},
    "TriageResult": {"assigned": ["ADU-63-2026-00017", "ADU-63-2026-00018"], "screened": ["ADU-63-2026-00018"]},
    "NoteRequest": {"note": "Pelapor dihubungi ulang; bukti slip gaji menyusul."},
    "DuplicateRequest": {"original": 70, "note": "Laporan yang sama dari pekerja lain."},
    "ComplaintAttachmentUploadRequest": {"attachments": ["(binary: slip-gaji.pdf)"]},
    "Attached": {"attached": 2},
    "PublicComplaintRequest": {
        "company": None,
        "company_name": "CV Sinar Harapan",
        "company_address": "Jl. Veteran No. 12, Banjarmasin",
        "district": 12,
        "categories": ["wages", "social_security"],
        "description": "Upah di bawah UMP dan pekerja tidak didaftarkan BPJS Ketenagakerjaan.",
        "workers_affected": 15,
        "amount_claimed": "45000000",
        "is_anonymous": True,
        "complainant_name": "",
        "complainant_contact": "",
        "complainant_id_number": "",
        "submission_token": "5b0e7a7e-3f65-4c53-9d1e-2c0d3a8f1b21",  # nosec B105 (an example idempotency key)
    },
    "PublicReceipt": {"reference": "ADU-63-2026-00019", "tracking_code": "K7PM-Q2XD-9TRA"},
    "StaffComplaintRequest": {
        "channel": "letter",
        "received_at": "2026-11-27T10:00",
        "company": 230,
        "district": 12,
        "categories": ["termination"],
        "description": "Surat pekerja: pesangon tidak dibayar setelah PHK sepihak pada bulan Oktober.",
        "workers_affected": 3,
        "amount_claimed": "36000000",
        "is_anonymous": False,
        "complainant_name": "Rudi Hartono",
        "complainant_phone": "+6281234567890",
        "complainant_email": "rudi.hartono@example.com",
    },
    "StaffReceipt": {
        "id": 79,
        "reference": "ADU-63-2026-00020",
        "office": 5,
        "received_at": "2026-11-27T02:00:00Z",
        "tracking_code": "Z4QW-8MHN-2KXE",
    },
    # --- history imports (an office joining mid-year)
    "HistoryUploadRequest": {"office": 5, "file": "(binary: riwayat-2026.xlsx)", "check_only": True},
    "HistoryCheck": {
        "complaints_created": 10,
        "visits_created": 24,
        "unchanged": 0,
        "errors": [["complaints", 7, "The resolution time is before the receipt."]],
    },
    "HistoryImport": {
        "id": 4,
        "office": 5,
        "original_name": "riwayat-2026.xlsx",
        "imported_by": 40,
        "imported_at": "2026-10-05T03:12:00Z",
        "status": "done",
        "rows_read": 35,
        "complaints_created": 10,
        "visits_created": 24,
        "unchanged": 0,
        "errors": [["complaints", 7, "The resolution time is before the receipt."]],
        "rolled_back_at": None,
        "rolled_back_by": None,
    },
    "TrackRequest": {"code": "K7PM-Q2XD-9TRA"},
    "TrackResult": {"status": "assigned", "text": "An inspector is handling your complaint.", "changed_at": AT},
    # --- visits
    "Inspection": INSPECTION,
    "InspectionCreate": {
        "company": 230,
        "kind": "routine",
        "lead_inspector": 41,
        "team": [44],
        "planned_date": "2026-03-10",
    },
    "InspectionCreateRequest": {"complaint": 77, "lead_inspector": 41, "team": [44], "planned_date": "2026-03-10"},
    "InspectionUpdate": {"visited_at": "2026-03-10T01:00:00Z", "workers_present": 38, "summary": INSPECTION["summary"]},
    "ReasonRequest": {"reason": "Perusahaan tutup permanen sejak Februari."},
    "TextRequest": {"text": "Ralat: jumlah pekerja hadir 38, bukan 36."},
    "FieldNote": {"id": 61, "inspection": 501, "author": 41, "at": AT, "text": "Tiba di lokasi, diterima HRD."},
    "AttachmentUploadRequest": {"file": "(binary: papan-k3.jpg)", "caption": "Papan K3 di pintu gudang"},
    "Attachment": {
        "id": 33,
        "inspection": 501,
        "kind": "photo",
        "original_name": "papan-k3.jpg",
        "content_type": "image/jpeg",
        "size": 183204,
        "caption": "Papan K3 di pintu gudang",
        "uploaded_at": AT,
    },
    "Addendum": {"id": 9, "inspection": 501, "notice": None, "author": 41, "at": AT, "text": "Ralat jumlah pekerja."},
    "Finding": FINDING,
    "FindingWrite": {k: v for k, v in FINDING.items() if k not in ("id", "status", "corrected_at", "version")},
    "FindingUpdate": {"severity": "critical", "deadline": "2026-04-03"},
    # --- notices and investigations
    "Notice": NOTICE,
    "NoticeCreate": {"inspection": 501, "findings": [902], "compliance_deadline": "2026-04-10"},
    "ComplianceRequest": {"corrected": [902]},
    "NoticeMarkRequest": {"status": "not_complied"},
    "SecondNoticeRequest": {"findings": [902], "compliance_deadline": "2026-05-10"},
    "EscalateRequest": {"investigator": 45},
    "Investigation": INVESTIGATION,
    "InvestigationStep": STEP,
    "InvestigationStepCreateRequest": {"on": "2026-05-20", "description": STEP["description"]},
    "InvestigationCloseRequest": {"outcome": "case_file_complete"},
    # --- reports and notifications
    "Report": REPORT,
    "ReportRequestRequest": {"kind": "resolution", "month": "2026-02-01", "office": 5, "language": "id"},
    "Notification": {
        "id": 1201,
        "event": "complaint.assigned",
        "title": "Complaint ADU-63-2026-00017 assigned to you",
        "body": "Budi assigned complaint ADU-63-2026-00017 to you; due 1 April 2026.",
        "url": "/complaints/77/",
        "created_at": "2026-03-03T02:00:01Z",
        "read": False,
        "read_at": None,
    },
    "Marked": {"marked": 1},
    "UnreadCount": {"unread": 3},
    # --- deadlines and field work (offline visits)
    "Clock": {
        "id": 55,
        "subject": "notice_first",
        "office": 5,
        "notice": 88,
        "complaint": None,
        "reference": "NP-I/KS-1/2026/0007",
        "responsible": 40,
        "duration": 30,
        "unit": "calendar_days",
        "calendar": "statutory",
        "starts_on": "2026-03-11",
        "due_on": "2026-04-10",
        "due_at": "2026-04-10T15:59:59Z",
        "state": "running",
        "expired_at": None,
    },
    "FieldVisit": {
        "id": 501,
        "reference": "PMR-KS-1-2026-00042",
        "company_name": "PT Borneo Sawit Lestari",
        "status": "in_progress",
        "planned_date": "2026-03-10",
        "url": "/field/visits/501/",
    },
    "SyncRequestRequest": {
        "key": "0f8c2a44-6a1e-4f0e-9d55-3f0b7b9d2c11",
        "kind": "note",
        "inspection": 501,
        "at": "2026-03-10T01:42:00Z",
        "text": "Gudang B tidak memiliki APAR.",
    },
    "SyncResult": {
        "key": "0f8c2a44-6a1e-4f0e-9d55-3f0b7b9d2c11",
        "status": "applied",
        "replayed": False,
        "object_id": 62,
        "version": None,
        "conflict_url": None,
    },
    "Preference": {"email_mode": "digest", "language": "id"},
    # --- messages with the complainant
    "MessageSendRequest": {"body": "Mohon kirimkan salinan slip gaji bulan Januari agar kami dapat memeriksanya."},
    "ComplaintMessage": {
        "id": 930,
        "direction": "to_complainant",
        "created_at": AT,
        "email_state": "pending",
        "body": "Mohon kirimkan salinan slip gaji bulan Januari agar kami dapat memeriksanya.",
    },
    "PublicMessageRequest": {
        "reference": "ADU-63-2026-00017",
        "code": "K7QX-2MPL-9HRT",
        "body": "Slip gaji sudah saya kirim lewat kantor pos kemarin.",
    },
    "PublicMessageReceipt": {"created_at": AT, "detail": "Pesan Anda telah dikirim kepada pengawas."},
    # --- the enforcement ladder's deadlines
    "ClockRecomputeRequest": {"note": "Aturan tenggat kantor diubah per 1 Maret."},
    "DeliveryRequest": {
        "method": "hand",
        "received_on": "2026-03-12",
        "recipient_name": "Rudi Hartono",
        "receipt": None,
    },
    "DeliveryResult": {
        "id": 19,
        "notice": 88,
        "method": "hand",
        "received_on": "2026-03-12",
        "recipient_name": "Rudi Hartono",
        "recorded_by": 41,
        "recorded_at": "2026-03-12T06:15:00Z",
    },
    "NoticeDraft": {
        "id": 12,
        "office": 5,
        "previous": 88,
        "findings": [901, 902],
        "period_days": 14,
        "status": "draft",
        "issued": None,
        "created_at": "2026-03-27T16:05:00Z",
    },
    "NoticeDraftIssueRequest": {"period_days": 14, "findings": [901, 902]},
    "NonComplianceReport": {
        "id": 7,
        "office": 5,
        "notice": 89,
        "number": "LK/KS-1/2026/0003",
        "status": "issued",
        "created_at": "2026-04-14T16:05:00Z",
        "issued_on": "2026-04-15",
        "decision": "sanction",
        "sanction": "written_warning",
        "note": "Perusahaan tidak memenuhi Nota II.",
        "decided_by": 40,
    },
    "ReportDecisionRequest": {"decision": "sanction", "sanction": "written_warning", "note": ""},
    "FeedRenewRequest": {"revoke": False},
    "Feed": {"url": "https://pengawasan.example.go.id/deadlines/feed/3f9c0a6e5b.ics"},
    # --- offline conflicts
    "ConflictResolveRequest": {"resolution": "mine", "seen_version": 2},
    "Conflict": {
        "id": 14,
        "inspection": 501,
        "finding": 901,
        "answer": None,
        "reason": "changed",
        "raised_by": 41,
        "raised_at": "2026-03-10T03:12:00Z",
        "offered": {"description": "Dua pekerja belum terdaftar BPJS Ketenagakerjaan."},
        "server": {"description": "Pekerja belum terdaftar BPJS."},
        "status": "resolved",
        "resolution": "mine",
        "resolved_by": 41,
        "resolved_at": "2026-03-10T04:00:00Z",
    },
    # --- checklists
    "Question": CHECKLIST_QUESTION,
    "Section": CHECKLIST_SECTION,
    "TemplateVersion": {
        "id": 7,
        "template_code": "norma-100",
        "template_name": "Norma 100 (pemeriksaan rutin)",
        "number": 2,
        "status": "published",
        "published_at": AT,
        "sections": [CHECKLIST_SECTION],
    },
    "Answer": {
        "id": 3001,
        "checklist": 140,
        "inspection": 501,
        "question": 77,
        "question_code": "JS-1",
        "value": "no",
        "note": "12 pekerja belum terdaftar",
        "photo": 33,
        "compliant": False,
        "answered_at": AT,
        "version": 2,
        "draft_finding_status": "confirmed",
    },
    "AnswerWriteRequest": {"checklist": 140, "question": 77, "value": "no", "note": "12 pekerja belum terdaftar"},
    "AnswerPhotoRequest": {"checklist": 140, "question": 77, "photo": "(a JPEG or PNG file)"},
    "VisitChecklist": {
        "id": 140,
        "inspection": 501,
        "version": 7,
        "template": "Norma 100 (pemeriksaan rutin)",
        "version_number": 2,
        "started_by": 41,
        "started_at": AT,
    },
    "ChecklistStartRequest": {"inspection": 501, "version": 7},
    "DraftFinding": {
        "id": 88,
        "answer": 3001,
        "inspection": 501,
        "question_code": "JS-1",
        "category": "social_security",
        "provision": "UU 24/2011 ps. 15",
        "description": "Tidak patuh: JS-1 Semua pekerja terdaftar BPJS?",
        "status": "confirmed",
        "reason": "",
        "finding": 902,
        "decided_by": 41,
        "decided_at": AT,
    },
    "DraftConfirmRequest": {"severity": "high", "corrective_action": "Daftarkan 12 pekerja ke BPJS Ketenagakerjaan."},
    "DraftDismissRequest": {"reason": "Pekerja yang dimaksud adalah peserta magang yang sudah terdaftar."},
    "ChecklistScore": {
        "checklist_id": 140,
        "inspection_id": 501,
        "reference": "PMR-KS-1-2026-00042",
        "template": "Norma 100 (pemeriksaan rutin)",
        "version": 2,
        "visited_at": AT,
        "applicable": 24,
        "compliant": 17,
        "score": "70.8",
        "band": "medium",
    },
    # --- risk targeting and the monthly visit plan
    "BreakdownLine": {
        "factor": "findings",
        "label": "Findings in the last 24 months",
        "points": 12,
        "reason": "2 findings in the last 24 months (1 low, 1 critical); 1 not corrected within its deadline",
        "available": True,
    },
    "RiskScore": {
        "id": 310,
        "company": 77,
        "company_name": "PT Borneo Lestari",
        "score": 46,
        "lines": [
            {
                "factor": "findings",
                "label": "Findings in the last 24 months",
                "points": 12,
                "reason": "2 findings in the last 24 months (1 low, 1 critical); 1 not corrected within its deadline",
                "available": True,
            },
            {
                "factor": "accidents",
                "label": "Accidents and occupational disease",
                "points": 0,
                "reason": "no accident data recorded",
                "available": False,
            },
        ],
        "computed_at": "2026-03-01T17:00:00Z",
    },
    "Plan": {
        "id": 4,
        "office": 5,
        "month": "2026-04-01",
        "status": "draft",
        "random_percent": 10,
        "seed": 912733,
        "capacity": 45,
        "confirmed_at": None,
    },
    "PlanGenerateRequest": {"month": "2026-04-01"},
    "PlanSetting": {"random_percent": 10},
    "PlanEntry": {
        "id": 120,
        "plan": 4,
        "company": 77,
        "inspector": 41,
        "planned_date": "2026-04-07",
        "selection": "override",
        "score": 46,
        "reason": "Laporan kecelakaan kerja minggu lalu.",
        "inspection": None,
    },
    "EntryChangeRequest": {
        "reason": "Laporan kecelakaan kerja minggu lalu.",
        "company": 77,
        "inspector": 41,
        "planned_date": "2026-04-07",
    },
    "EntryRemoveRequest": {"reason": "Perusahaan sudah tutup sejak Februari."},
    "Weight": {"factor": "size", "label": "Size", "points": 2, "available": True},
    "WeightChangeRequest": {"points": 3, "reason": "Perusahaan besar lebih sering melanggar (evaluasi 2026)."},
}

# Documents answered as they are, by media type.
DOCUMENT_EXAMPLES = {
    "text/html": '<!doctype html><html lang="id"><head><title>Nota Pemeriksaan I NP-I/KS-1/2026/0007</title>…',
    "application/pdf": "(binary: %PDF-1.7 … NP-I-KS-1-2026-0007.pdf)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "(binary: annual-region-3-2025.xlsx)",
}


def _component_example(name: str, components: dict):
    if name in EXAMPLES:
        return EXAMPLES[name]
    if name.startswith("Paginated") and name.endswith("List"):
        item = _component_example(name[len("Paginated") : -len("List")], components)
        return None if item is None else {"count": 1, "next": None, "previous": None, "results": [item]}
    body = name.removeprefix("Patched")
    if not body.endswith("Request"):
        return None
    source = EXAMPLES.get(body) or EXAMPLES.get(body.removesuffix("Request"))
    if source is None:
        return None
    fields = components[name].get("properties", {})
    return {key: value for key, value in source.items() if key in fields}


def add_examples(result: dict, generator, request, public) -> dict:
    """drf-spectacular post-processing hook: attach the examples to the schema."""
    components = result.get("components", {}).get("schemas", {})
    for name, component in components.items():
        if "properties" not in component:
            continue
        example = _component_example(name, components)
        if example is not None:
            component["example"] = example
    for item in result.get("paths", {}).values():
        for operation in item.values():
            for response in operation.get("responses", {}).values():
                for media_type, content in response.get("content", {}).items():
                    if media_type in DOCUMENT_EXAMPLES:
                        content["example"] = DOCUMENT_EXAMPLES[media_type]
    return result

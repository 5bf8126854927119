"""Canary: a complaint with known identity values, a known tracking code and a message thread
with known texts goes through the pages and the API; afterwards neither the audit trail (every
column, JSON included) nor anything logged during the test (every logger, DEBUG and up)
contains any of them."""

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from complaints.models import Category, Complaint

from .world import (
    CANARY_EMAIL,
    CANARY_NAME,
    CANARY_NIK,
    CANARY_PHONE,
    CANARY_PHONE_STORED,
    MESSAGE_ANSWER,
    MESSAGE_QUESTION,
    ensure_categories,
)

pytestmark = pytest.mark.django_db


def _logged_text(records: list[logging.LogRecord]) -> str:
    parts = []
    for rec in records:
        parts.append(rec.getMessage())
        parts.append(repr(rec.args))
        parts.append(repr({k: v for k, v in vars(rec).items() if k not in ("args", "msg")}))
        if rec.exc_info:
            parts.append(logging.Formatter().formatException(rec.exc_info))
    return "\n".join(parts)


def test_it_keeps_identity_and_tracking_code_out_of_the_trail_and_the_logs(
    caplog, district_a, company_a, alice, bob, dave, api_for, settings
):
    settings.LANGUAGE_CODE = "en"
    ensure_categories()
    caplog.set_level(logging.DEBUG)  # the root logger: every logger propagates to it
    for name in logging.root.manager.loggerDict:
        logging.getLogger(name).setLevel(logging.DEBUG)
    public, head, inspector, outsider = Client(), Client(), Client(), Client()
    head.force_login(bob)
    inspector.force_login(alice)
    outsider.force_login(dave)

    response = public.post(
        "/lapor/",
        follow=True,
        data={
            "submission_token": "tok-" + "c" * 30,
            "district": str(district_a.pk),
            "company": str(company_a.pk),
            "categories": [str(Category.objects.get(code="wages").pk)],
            "description": "Upah dua bulan belum dibayar, lembur juga tidak dihitung sama sekali.",
            "workers_affected": "4",
            "complainant_name": CANARY_NAME,
            "complainant_phone": CANARY_PHONE,
            "complainant_email": CANARY_EMAIL,
            "complainant_id_number": CANARY_NIK,
        },
    )
    code = response.context["tracking_code"]
    complaint = Complaint.objects.get()
    assert complaint.complainant_name == CANARY_NAME and len(code) == 12
    detail = reverse("complaints:complaint_detail", args=[complaint.pk])

    def step(client, name, **data):
        url = reverse(f"complaints:complaint_{name}", args=[complaint.pk])
        assert client.post(url, data).status_code == 302

    assert CANARY_NAME.encode() in head.get(detail).content  # the head is shown the identity (a sealed read)
    step(head, "screen")
    step(head, "assign", assignee=alice.pk)
    step(inspector, "start")
    step(inspector, "add_note", note="Kunjungan ke pabrik dijadwalkan")
    shown = inspector.get(detail).content
    assert CANARY_PHONE_STORED.encode() in shown and CANARY_EMAIL.encode() in shown
    assert outsider.get(detail).status_code == 404  # logged by django.request
    api = api_for(alice)
    assert api.get(f"/api/v1/complaints/{complaint.pk}/").json()["complainant_id_number"] == CANARY_NIK
    assert api.get(f"/api/v1/complaints/{complaint.pk}/events/").status_code == 200
    assert api.get("/api/v1/complaints/").status_code == 200
    export = inspector.get(reverse("complaints:complaint_export"))
    assert export.status_code == 200 and CANARY_NAME.encode() not in export.content
    response = api.post(
        f"/api/v1/complaints/{complaint.pk}/transition/", {"to": "resolved", "outcome": "settled"}, format="json"
    )
    assert response.status_code == 200
    assert public.post("/lapor/lacak/", {"reference": complaint.reference, "code": code}).status_code == 200
    assert api_for().post("/api/v1/public/track/", {"code": code}, format="json").status_code == 200
    assert api_for().post("/api/v1/public/track/", {"code": code + "x"}, format="json").status_code == 404
    # The thread: a question from the page, the complainant's answer on the tracking page.
    step(inspector, "message", body=MESSAGE_QUESTION)
    assert MESSAGE_QUESTION.encode() in public.get("/lapor/lacak/").content
    assert public.post("/lapor/lacak/pesan/", {"body": MESSAGE_ANSWER}).status_code == 302
    assert MESSAGE_ANSWER.encode() in head.get(detail).content
    assert MESSAGE_ANSWER.encode() not in outsider.get(detail).content
    step(head, "close")
    assert inspector.get(reverse("complaints:complaint_detail", args=[complaint.pk + 999])).status_code == 404

    entries = list(AuditEntry.objects.values())
    actions = {e["action"] for e in entries}
    assert {"create", "transition", "update", "sealed_read", "export"} <= actions
    assert any(e["changed_fields"] == ["messages"] for e in entries if e["action"] == "sealed_read")
    trail = json.dumps(entries, default=str)
    logged = _logged_text(caplog.records)
    assert caplog.records, "the test must have captured log records, or it proves nothing"
    secrets = (
        CANARY_NAME,
        CANARY_PHONE,
        CANARY_PHONE_STORED,
        CANARY_EMAIL,
        CANARY_NIK,
        code,
        complaint.tracking_code_hash,
        MESSAGE_QUESTION,
        MESSAGE_ANSWER,
    )
    for secret in secrets:
        assert secret not in trail, secret
        assert secret not in logged, secret

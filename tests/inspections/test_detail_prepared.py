"""The visit page reads the visit and everything it holds by queries built once
(inspections.selectors.inspection_detail, inspectorate.prepared.keep_prefetched): the same objects,
in the same order, as prefetch_related read them, each knowing its visit; nothing for the ORM to
compile after the page's first request."""

import datetime as dt

import pytest
from django.db.models import Prefetch
from django.urls import reverse

from inspections import selectors, services
from inspections.models import ChangeRecord, Finding, Inspection, Notice

from ..conftest import compiling_nothing
from .factories import InspectionFactory
from .helpers import add_finding, started

pytestmark = pytest.mark.django_db

RELATIONS = ("team", "findings", "notices", "field_notes", "attachments", "addenda", "change_records")


@pytest.fixture
def visit(company_a, alice, alice2, bob):
    """A reported visit with a team, three findings, a notice, notes, an addendum and its history."""
    made = InspectionFactory(company=company_a, lead_inspector=alice, team=[alice2, bob])
    started(made, alice)
    services.field_note_add(inspection=made, actor=alice, text="catatan pertama")
    findings = [add_finding(made, alice, description=f"Temuan nomor {i + 1}") for i in range(3)]
    services.field_note_add(inspection=made, actor=alice2, text="catatan kedua")
    services.inspection_update(inspection=made, actor=alice, summary="Pemeriksaan selesai")
    services.inspection_report(inspection=made, actor=alice)
    services.notice_issue_first(
        inspection=made, actor=bob, findings=findings[:2], compliance_deadline=dt.date.today() + dt.timedelta(days=5)
    )
    services.addendum_add(actor=alice, text="Tambahan: nama saksi", inspection=made)
    return made


def _prefetched(pk: int) -> Inspection:
    """What the page read before: Django's prefetch_related."""
    return (
        selectors.inspection_detail_queryset()
        .prefetch_related(
            "team",
            Prefetch("findings", queryset=Finding.objects.select_related("provision")),
            Prefetch("notices", queryset=Notice.objects.select_related("previous").order_by("issued_on", "id")),
            "field_notes__author",
            "attachments",
            "addenda__author",
            Prefetch("change_records", queryset=ChangeRecord.objects.select_related("actor")),
        )
        .get(pk=pk)
    )


def test_it_reads_what_prefetch_related_read_in_its_order_and_nothing_again(visit, bob, django_assert_num_queries):
    before = _prefetched(visit.pk)
    with django_assert_num_queries(1 + len(RELATIONS)):
        shown = selectors.inspection_detail(user=bob, pk=visit.pk)
    with django_assert_num_queries(0):
        for name in RELATIONS:
            assert [o.pk for o in getattr(shown, name).all()] == [o.pk for o in getattr(before, name).all()], name
        assert all(f.inspection is shown for f in shown.findings.all())  # each knows its visit
        assert [n.author.username for n in shown.field_notes.all()] == ["alice", "alice2"]
        assert [str(f.provision) for f in shown.findings.all()] == [str(f.provision) for f in before.findings.all()]
    assert len(shown.findings.all()) == 3 and len(shown.notices.all()) == 1 and len(shown.change_records.all()) > 0


def test_the_page_compiles_nothing_after_its_first_request(client_for, visit, alice, orm_compiles):
    page = compiling_nothing(client_for(alice), reverse("inspections:inspection_detail", args=[visit.pk]), orm_compiles)
    html = page.content.decode()
    assert "catatan pertama" in html and "Tambahan: nama saksi" in html and html.count('data-testid="finding"') == 3


def test_another_office_s_visit_is_not_found(client_for, visit, charlie):
    assert client_for(charlie).get(reverse("inspections:inspection_detail", args=[visit.pk])).status_code == 404

"""Issue 13 B: the right law on a Nota. The finding form names each provision by its subject,
groups the provisions by norm category for the filter, and a Nota states one deadline."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections import documents, services
from inspections.forms import FindingForm
from inspections.models import LegalProvision

from .factories import InspectionFactory
from .helpers import add_finding, provision, started

pytestmark = pytest.mark.django_db


def test_it_labels_each_provision_with_its_subject(alice):
    html = str(FindingForm()["provision"])
    assert "PP 35/2021 ps. 15 — Uang kompensasi pada berakhirnya PKWT" in html


def test_it_tags_each_provision_with_its_category_for_the_filter(alice):
    html = str(FindingForm()["provision"])
    compensation = LegalProvision.objects.get(act="PP 35/2021", article="ps. 15")
    option = re.search(rf'<option value="{compensation.pk}"[^>]*>', html).group(0)
    assert 'data-category="employment_relationship"' in option
    # Without JavaScript the list is grouped by category, so a fire extinguisher finding's
    # inspector looks under K3, not among contract rules.
    assert re.search(r'<optgroup label="[^"]*K3[^"]*">', html)


def test_the_visit_page_offers_the_picker_and_its_script(client_for, alice, company_a):
    visit = InspectionFactory(company=company_a, lead_inspector=alice)
    started(visit, alice)
    page = client_for(alice).get(reverse("inspections:inspection_detail", args=[visit.pk]))
    content = page.content.decode()
    assert "data-provision-picker" in content
    assert "/static/js/provisions.js" in content
    assert "Uang kompensasi pada berakhirnya PKWT" in content


def test_the_finding_card_shows_the_provision_subject(client_for, alice, company_a):
    visit = InspectionFactory(company=company_a, lead_inspector=alice)
    started(visit, alice)
    add_finding(visit, alice)
    page = client_for(alice).get(reverse("inspections:inspection_detail", args=[visit.pk]))
    assert provision().title in page.content.decode()


def _notice_with_two_finding_deadlines(alice, bob, company_a):
    visit = InspectionFactory(company=company_a, lead_inspector=alice)
    started(visit, alice)
    today = timezone.localdate()
    first = add_finding(visit, alice, description="APAR kedaluwarsa", deadline=today + dt.timedelta(days=7))
    second = add_finding(visit, alice, description="BPJS belum didaftarkan", deadline=today + dt.timedelta(days=30))
    services.inspection_update(inspection=visit, actor=alice, summary="Selesai")
    services.inspection_report(inspection=visit, actor=alice)
    deadline = today + dt.timedelta(days=14)
    notice = services.notice_issue_first(
        inspection=visit, actor=bob, findings=[first, second], compliance_deadline=deadline
    )
    return notice, [first, second], deadline


def test_a_notice_states_one_deadline(alice, bob, company_a):
    from django.utils.dateformat import format as date_format

    notice, _, deadline = _notice_with_two_finding_deadlines(alice, bob, company_a)
    html = documents.render_notice_html(documents.notice_document_context(notice))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))

    today = timezone.localdate()
    assert text.count(date_format(deadline, "j F Y")) == 1
    assert date_format(today + dt.timedelta(days=7), "j F Y") not in text
    assert date_format(today + dt.timedelta(days=30), "j F Y") not in text


def test_issuing_a_notice_gives_its_findings_its_deadline(alice, bob, company_a):
    notice, findings, deadline = _notice_with_two_finding_deadlines(alice, bob, company_a)
    for finding in findings:
        finding.refresh_from_db()
        assert finding.deadline == deadline

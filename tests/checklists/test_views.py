import pytest

from checklists import services
from checklists.choices import DraftStatus
from checklists.models import Answer, DraftFinding, Question
from inspections import services as inspection_services
from inspections.models import Finding

from .conftest import photo

URL = "/checklists/visit/{}/"


def _q(version, code):
    return Question.objects.get(section__version=version, code=code)


@pytest.fixture
def started(visit_a, alice, version):
    inspection_services.inspection_start(inspection=visit_a, actor=alice)
    return visit_a


def test_it_offers_the_published_checklists_and_starts_one(client_for, alice, started, version):
    client = client_for(alice)
    page = client.get(URL.format(started.pk))
    assert page.status_code == 200 and "Daftar uji" in page.text
    response = client.post(URL.format(started.pk) + "start/", {"version": version.pk})
    assert response.status_code == 302
    assert started.checklists.get().version == version
    page = client.get(URL.format(started.pk) + "?section=1")
    assert "All workers registered with BPJS?" in page.text and "UU 24/2011 ps. 15" in page.text


def test_it_saves_a_section_and_walks_to_the_next(client_for, alice, started, version):
    services.checklist_start(inspection=started, actor=alice, version=version)
    client = client_for(alice)
    q = _q(version, "U1")
    response = client.post(URL.format(started.pk) + "answers/", {"section": 0, f"q{q.pk}": "no", "next": "1"})
    assert response["Location"].endswith("?section=1")
    answer = Answer.objects.get(question=q)
    assert answer.value == "no" and answer.draft_finding.status == DraftStatus.DRAFT
    response = client.post(
        URL.format(started.pk) + "answers/", {"section": 0, f"q{q.pk}": "no", f"note{q.pk}": "Rp 2 juta", "next": "1"}
    )
    answer.refresh_from_db()
    assert answer.note == "Rp 2 juta"


def test_a_bad_answer_is_refused_and_the_others_are_kept(client_for, alice, started, version):
    services.checklist_start(inspection=started, actor=alice, version=version)
    k1, k2 = _q(version, "K1"), _q(version, "K2")
    response = client_for(alice).post(
        URL.format(started.pk) + "answers/", {"section": 2, f"q{k1.pk}": "banyak", f"q{k2.pk}": "rusak", "next": "1"}
    )
    assert response["Location"].endswith("?section=2")
    assert list(Answer.objects.values_list("question__code", "value")) == [("K2", "rusak")]
    page = client_for(alice).get(response["Location"])
    assert "K1: Enter a number." in page.text


def test_photo_and_decisions_through_the_page(client_for, alice, started, version):
    checklist = services.checklist_start(inspection=started, actor=alice, version=version)
    b1 = _q(version, "B1")
    services.answer_save(checklist=checklist, question=b1, actor=alice, value="no")
    client = client_for(alice)
    assert 'data-testid="photo-form-B1"' in client.get(URL.format(started.pk) + "?section=1").text
    client.post(URL.format(started.pk) + "photo/", {"question": b1.pk, "section": 1, "photo": photo()})
    assert Answer.objects.get(question=b1).photo.kind == "photo"
    draft = DraftFinding.objects.get()
    client.post(URL.format(started.pk) + "drafts/", {"draft": draft.pk, "decision": "dismiss", "severity": "low"})
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT  # no reason, nothing changed
    client.post(
        URL.format(started.pk) + "drafts/",
        {"draft": draft.pk, "decision": "confirm", "severity": "high", "description": "BPJS belum didaftarkan"},
    )
    finding = Finding.objects.get()
    assert finding.provision == b1.provision and finding.severity == "high"


def test_outsiders_get_404_and_officials_only_read(client_for, charlie, erin, grace, started, version, alice):
    services.checklist_start(inspection=started, actor=alice, version=version)
    assert client_for(charlie).get(URL.format(started.pk)).status_code == 404
    assert client_for(charlie).post(URL.format(started.pk) + "answers/", {"section": 0}).status_code == 404
    page = client_for(grace).get(URL.format(started.pk))
    assert page.status_code == 200 and 'data-testid="save-section"' not in page.text
    assert client_for(grace).post(URL.format(started.pk) + "answers/", {"section": 0}).status_code == 404


def test_wrong_method_and_anonymous(client, started):
    assert client.get(URL.format(started.pk)).status_code == 302
    assert client.post(URL.format(started.pk) + "answers/").status_code == 302


def test_wrong_method(client_for, alice, started):
    assert client_for(alice).get(URL.format(started.pk) + "answers/").status_code == 405


def test_the_page_queries_do_not_grow_with_answers(client_for, alice, started, version, django_assert_max_num_queries):
    checklist = services.checklist_start(inspection=started, actor=alice, version=version)
    client = client_for(alice)
    client.get(URL.format(started.pk))
    with django_assert_max_num_queries(14) as few:
        client.get(URL.format(started.pk) + "?section=2")
    for code, value in (("U1", "no"), ("B1", "no"), ("K1", "2"), ("K2", "rusak")):
        services.answer_save(checklist=checklist, question=_q(version, code), actor=alice, value=value)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL.format(started.pk) + "?section=2")


def test_the_pdf_lists_the_answers_at_the_office_time(client_for, alice, charlie, started, version):
    import datetime as dt
    import io
    import re

    from pypdf import PdfReader

    started.visited_at = dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC)  # 09:30 WIB
    started.save(update_fields=["visited_at"])
    checklist = services.checklist_start(inspection=started, actor=alice, version=version)
    services.answer_save(checklist=checklist, question=_q(version, "U1"), actor=alice, value="no", note="Rp 2 juta")
    services.answer_save(checklist=checklist, question=_q(version, "K1"), actor=alice, value="3")
    response = client_for(alice).get(URL.format(started.pk) + "pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
    assert "U1" in text and "Rp 2 juta" in text and "Not compliant" in text and "K1" in text
    assert "UU 13/2003 jo. UU 6/2023 ps. 88E" in text and "09:30 WIB" in text
    assert client_for(charlie).get(URL.format(started.pk) + "pdf/").status_code == 404

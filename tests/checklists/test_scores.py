from decimal import Decimal

import pytest

from checklists import services
from checklists.models import Question
from inspections import services as inspection_services
from reporting.figures.checklists import band_of, company_scores, score_of
from tests.inspections.factories import InspectionFactory


@pytest.mark.parametrize(
    ("compliant", "applicable", "score", "band"),
    [
        (7, 10, Decimal("70.0"), "low"),  # the boundary is low
        (701, 1000, Decimal("70.1"), "medium"),
        (9, 10, Decimal("90.0"), "medium"),
        (91, 100, Decimal("91.0"), "high"),
        (10, 10, Decimal("100.0"), "high"),
        (0, 3, Decimal("0.0"), "low"),
        (2, 3, Decimal("66.7"), "low"),
    ],
)
def test_score_and_band(compliant, applicable, score, band):
    assert score_of(compliant, applicable) == score
    assert band_of(Decimal(100) * compliant / applicable) == band


def test_nothing_applicable_has_no_score():
    assert score_of(0, 0) is None and band_of(None) is None


def test_company_scores_over_time_count_only_applicable_answers(
    alice, charlie, company_a, visit_a, version, client_for, django_assert_max_num_queries
):
    def answer(visit, values):
        inspection_services.inspection_start(inspection=visit, actor=alice)
        checklist = services.checklist_start(inspection=visit, actor=alice, version=version)
        for code, value in values.items():
            question = Question.objects.get(section__version=version, code=code)
            services.answer_save(checklist=checklist, question=question, actor=alice, value=value)

    # U1 yes, B1 not applicable, K1 a number (evidence), K2 a non-compliant choice: 1 of 2.
    answer(visit_a, {"U1": "yes", "B1": "na", "K1": "4", "K2": "rusak"})
    second = InspectionFactory(company=company_a, lead_inspector=alice)
    answer(second, {"U1": "yes", "B1": "yes", "K2": "baik"})
    rows = company_scores(user=alice, company=company_a)
    assert [(r.reference, r.compliant, r.applicable, r.score, r.band) for r in rows] == [
        (visit_a.reference, 1, 2, Decimal("50.0"), "low"),
        (second.reference, 3, 3, Decimal("100.0"), "high"),
    ]
    assert company_scores(user=charlie, company=company_a) == []
    page = client_for(alice).get(f"/companies/{company_a.pk}/")
    assert page.status_code == 200 and "50.0%" in page.text and "100.0%" in page.text
    with django_assert_max_num_queries(40) as counted:
        client_for(alice).get(f"/companies/{company_a.pk}/")
    third = InspectionFactory(company=company_a, lead_inspector=alice)
    answer(third, {"U1": "no"})
    with django_assert_max_num_queries(len(counted.captured_queries)):
        client_for(alice).get(f"/companies/{company_a.pk}/")

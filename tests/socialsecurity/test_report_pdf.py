import datetime as dt

import pytest

from reporting.choices import ReportKind
from reporting.pdf import render_report_pdf
from socialsecurity.models import WorkforceEstimate
from tests.factories import CompanyFactory, DistrictFactory, RegionFactory
from tests.reporting.factories import ReportFactory
from tests.reporting.pdfutil import pdf_text, squeeze

from .conftest import csv_of

pytestmark = pytest.mark.django_db


def test_the_office_quota_pdf_carries_the_bpjs_coverage(run_import, bob, office_a):
    region = RegionFactory(code="64", name="Kalimantan Timur")
    office_a.region = region
    office_a.save()
    kukar = DistrictFactory(code="6403", name="Kutai Kartanegara", office=office_a, region=region)
    CompanyFactory(nib="6403000000000", district=kukar, workers_total=120000, workers_female=0)
    run_import(bob, office_a, csv_of("6403000000000,NPP-A,,104769,JKK;JKM;JHT;JP;JKP,,,", ",,,57466,,,BPU,6403"),
               as_of=dt.date(2025, 12, 31))  # fmt: skip
    WorkforceEstimate.objects.create(
        district=kukar, year=2025, formal_workers=136100, informal_workers=119971, source="BPS Sakernas 2025"
    )
    report = ReportFactory(kind=ReportKind.QUOTA, office=office_a, month=dt.date(2025, 12, 1), language="en")
    text = squeeze(pdf_text(render_report_pdf(report)))
    assert squeeze("BPJS Ketenagakerjaan coverage 2025") in text
    assert squeeze("Kutai Kartanegara 104,769 136,100 77.0 57,466 119,971 47.9") in text

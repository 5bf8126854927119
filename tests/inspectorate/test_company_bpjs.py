"""The company page shows the company's BPJS flags and participation snapshots and its accidents."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from socialsecurity import services as bpjs_services
from socialsecurity.models import Flag, Participation
from tests.accidents.helpers import ensure_codes, make_accident

pytestmark = pytest.mark.django_db

HEADER = "nib,npp,registered_on,participants,programmes,wage_base,segment,district\n"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"  # stored sentences (flags) are in the site's language


@pytest.fixture
def snapshots(bob, office_a, company_a):
    """``snapshots(n)``: n imports for company_a, one a month, the participants growing by one each."""
    company_a.nib = "3200000000001"
    company_a.workers_total = 50
    company_a.save()

    def make(n, start=0):
        for i in range(start, start + n):
            line = f"{company_a.nib},NPP-1,2020-01-01,{10 + i},JKK;JKM;JHT;JP;JKP,,,\n"
            upload = SimpleUploadedFile(f"bpjs{i}.csv", (HEADER + line).encode())
            imp, _ = bpjs_services.import_create(
                actor=bob, office=office_a, upload=upload, as_of=dt.date(2024, 1, 1) + dt.timedelta(days=31 * i),
                source=f"BPJS file {i}",
            )  # fmt: skip
            bpjs_services.import_run(import_id=imp.pk)

    return make


def test_it_shows_the_flags_and_the_snapshots_newest_first(client_for, bob, company_a, snapshots):
    snapshots(12)
    assert Participation.objects.filter(company=company_a).count() == 12
    html = client_for(bob).get(f"/companies/{company_a.pk}/").content.decode()
    assert 'data-testid="company-bpjs-flag"' in html  # 21 of 50 workers covered: a partial flag
    flags = list(Flag.objects.filter(company=company_a))
    assert flags and all(escape(f.reason) in html for f in flags)  # each flag with its sentence
    rows = html.split('data-testid="company-bpjs-snapshot"')[1:]
    assert len(rows) == 10  # a page of ten, the older ones behind a link
    assert "BPJS file 11" in rows[0] and "BPJS file 2" in rows[-1]
    assert 'data-testid="company-bpjs-older"' in html
    older = client_for(bob).get(f"/companies/{company_a.pk}/?bpjs_page=2").content.decode()
    assert older.count('data-testid="company-bpjs-snapshot"') == 2 and "BPJS file 0" in older


def test_without_data_it_says_so(client_for, bob, company_a):
    html = client_for(bob).get(f"/companies/{company_a.pk}/").content.decode()
    assert "No BPJS flag." in html and "No participation snapshot imported yet." in html
    assert "0 accidents recorded" in html and "?company=" not in html


def test_the_page_takes_the_same_queries_however_many_snapshots(
    client_for, bob, company_a, snapshots, django_assert_max_num_queries, django_assert_num_queries
):
    snapshots(1)
    client = client_for(bob)
    url = f"/companies/{company_a.pk}/"
    client.get(url)  # the session's first request
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    snapshots(14, start=1)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_it_counts_the_companys_accidents_and_links_to_them(client_for, alice, bob, dave, company_a, company_b):
    ensure_codes()
    make_accident(alice, company_a)
    make_accident(alice, company_a, place="Lantai produksi")
    make_accident(dave, company_b)
    client = client_for(bob)
    html = client.get(f"/companies/{company_a.pk}/").content.decode()
    assert "2 accidents recorded" in html
    link = f"/accidents/?company={company_a.pk}"
    assert link in html
    listed = client.get(link).content.decode()
    assert listed.count('data-testid="accident-row"') == 2
    assert 'data-testid="company-filter"' in listed
    # Another office's company through the same filter: nothing, as the list is scoped.
    other = client.get(f"/accidents/?company={company_b.pk}").content.decode()
    assert "0 accidents" in other and 'data-testid="accident-row"' not in other

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from socialsecurity.choices import ImportState
from socialsecurity.models import BpjsImport, InformalParticipation, Participation
from tests.factories import CompanyFactory

from .conftest import csv_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def companies(district_a):
    return [
        CompanyFactory(nib=f"912000000000{i}", district=district_a, workers_total=10, workers_female=0,
                       bpjs_registered=False, bpjs_participants=0)
        for i in range(3)
    ]  # fmt: skip


def test_it_imports_good_rows_and_keeps_the_company_figure_current(run_import, bob, office_a, companies):
    imp, created = run_import(
        bob, office_a,
        csv_of("9120000000000,NPP-1,2020-01-02,10,JKK;JKM;JHT,5000000,,", "9120000000001,NPP-2,,4,JKK;JKM,,,"),
    )  # fmt: skip
    assert created and imp.state == ImportState.DONE
    assert imp.rows_imported == 2 and imp.errors == []
    snap = Participation.objects.get(company=companies[0])
    assert (snap.npp, snap.participants, snap.programmes) == ("NPP-1", 10, ["JKK", "JKM", "JHT"])
    assert snap.registered_on == dt.date(2020, 1, 2) and snap.wage_base == 5000000
    assert snap.as_of == dt.date(2026, 6, 30) and snap.source == "BPJS Ketenagakerjaan Kanwil"
    companies[1].refresh_from_db()
    assert companies[1].bpjs_registered and companies[1].bpjs_participants == 4
    companies[2].refresh_from_db()
    assert not companies[2].bpjs_registered  # not in the file: untouched


def test_it_names_each_bad_line(run_import, bob, office_a, companies, company_b):
    content = csv_of(
        "9120000000000,NPP-1,,10,JKK;JKM,,,",  # 2 good
        "9999999999999,NPP-9,,3,JKK,,,",  # 3 unknown NIB
        f"{company_b.nib},NPP-8,,3,JKK,,,",  # 4 another office's company: unknown here
        "9120000000001,NPP-1,,4,JKK,,,",  # 5 duplicate NPP in the file
        "9120000000002,NPP-3,,4,JKK;XYZ,,,",  # 6 bad programme code
    ).encode() + "9120000000002,NPP-3,,4,JKK,,,caf\xe9\n".encode("latin-1")  # 7 not UTF-8
    imp, _ = run_import(bob, office_a, content)
    lines = {e["line"]: e["message"] for e in imp.errors}
    assert set(lines) == {3, 4, 5, 6, 7}
    assert "Unknown NIB 9999999999999" in lines[3]
    assert "Unknown NIB" in lines[4]
    assert "Duplicate NPP NPP-1" in lines[5] and "line 2" in lines[5]
    assert "XYZ" in lines[6]
    assert "UTF-8" in lines[7]
    assert imp.rows_imported == 1 and Participation.objects.count() == 1


def test_an_npp_of_another_company_is_a_duplicate(run_import, bob, office_a, companies):
    run_import(bob, office_a, csv_of("9120000000000,NPP-1,,10,JKK;JKM,,,"))
    imp, _ = run_import(bob, office_a, csv_of("9120000000001,NPP-1,,10,JKK;JKM,,,"), as_of=dt.date(2026, 7, 31))
    assert "belongs to another company" in imp.errors[0]["message"]


def test_a_row_matched_by_npp_alone(run_import, bob, office_a, companies):
    run_import(bob, office_a, csv_of("9120000000000,NPP-1,,10,JKK;JKM,,,"))
    imp, _ = run_import(bob, office_a, csv_of(",NPP-1,,12,JKK;JKM,,,"), as_of=dt.date(2026, 7, 31))
    assert imp.errors == []
    assert Participation.objects.filter(company=companies[0]).count() == 2


def test_the_same_file_twice_changes_nothing(run_import, bob, office_a, companies):
    content = csv_of("9120000000000,NPP-1,,10,JKK;JKM,,,")
    first, created = run_import(bob, office_a, content)
    again, created_again = run_import(bob, office_a, content)
    assert created and not created_again and again.pk == first.pk
    assert BpjsImport.objects.count() == 1 and Participation.objects.count() == 1


def test_a_later_file_adds_a_snapshot_and_keeps_the_earlier(run_import, bob, office_a, companies):
    run_import(bob, office_a, csv_of("9120000000000,NPP-1,,6,JKK;JKM,,,"), as_of=dt.date(2026, 3, 31))
    run_import(bob, office_a, csv_of("9120000000000,NPP-1,,9,JKK;JKM,,,"), as_of=dt.date(2026, 6, 30))
    history = list(Participation.objects.filter(company=companies[0]).values_list("as_of", "participants"))
    assert history == [(dt.date(2026, 6, 30), 9), (dt.date(2026, 3, 31), 6)]
    companies[0].refresh_from_db()
    assert companies[0].bpjs_participants == 9
    # An older file imported afterwards is history: the current figure stays the latest one.
    run_import(bob, office_a, csv_of("9120000000000,NPP-1,,2,JKK;JKM,,,"), as_of=dt.date(2026, 1, 31))
    companies[0].refresh_from_db()
    assert companies[0].bpjs_participants == 9 and Participation.objects.filter(company=companies[0]).count() == 3


def test_an_xlsx_file_with_informal_participants(run_import, bob, office_a, district_a, companies):
    book = Workbook()
    sheet = book.active
    sheet.append(["nib", "npp", "registered_on", "participants", "programmes", "wage_base", "segment", "district"])
    sheet.append(["9120000000000", "NPP-1", dt.date(2021, 5, 1), 10, "JKK;JKM", 4500000, "PU", None])
    sheet.append([None, None, None, 57466, None, None, "BPU", district_a.code])
    out = io.BytesIO()
    book.save(out)
    imp, _ = run_import(bob, office_a, out.getvalue(), name="bpjs.xlsx")
    assert imp.errors == [] and imp.rows_imported == 2
    assert Participation.objects.get().registered_on == dt.date(2021, 5, 1)
    assert InformalParticipation.objects.get().participants == 57466


def test_an_inspector_or_another_office_may_not_import(run_import, alice, dave, office_a, companies):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    with pytest.raises(PermissionDenied):
        run_import(alice, office_a, csv_of("9120000000000,NPP-1,,10,JKK,,,"))
    with pytest.raises(Http404):
        run_import(dave, office_a, csv_of("9120000000000,NPP-1,,10,JKK,,,"))
    assert BpjsImport.objects.count() == 0

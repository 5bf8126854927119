"""manage.py import_companies: upsert by NIB, every bad line named, idempotent."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from inspectorate.imports import company_import
from inspectorate.models import Company

from ..factories import CompanyFactory

pytestmark = pytest.mark.django_db

HEADER = (
    b"nib,name,kbli,address,district_code,workers_total,workers_female,workers_foreign,"
    b"bpjs_registered,bpjs_participants\n"
)


def good_and_bad_csv() -> bytes:
    return (
        HEADER
        + b"1111111111111,PT Satu,13112,Jl. Satu,3275,100,40,0,ya,90\n"  # line 2: good
        + b"2222222222222,PT Dua,14111,Jl. Dua,3275,50,10,1,no,0\n"  # line 3: good
        + b"1111111111111,PT Satu Lagi,13112,Jl. Satu,3275,10,1,0,ya,5\n"  # line 4: duplicate NIB
        + b"3333333333333,,13112,Jl. Tiga,3275,10,1,0,ya,5\n"  # line 5: missing name
        + b"4444444444444,PT Empat,13112,Jl. Empat,9999,10,1,0,ya,5\n"  # line 6: bad district code
        + "5555555555555,PT Lima Caf\u00e9,13112,Jl. Lima,3275,10,1,0,ya,5\n".encode("latin-1")  # line 7: not UTF-8
        + b",CV Tanpa NIB,47111,Jl. Enam,3275,8,2,0,tidak,0\n"  # line 8: good, no NIB
    )


def run(tmp_path, content: bytes, language: str = "en"):
    path = tmp_path / "companies.csv"
    path.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    with translation.override(language):
        call_command("import_companies", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_good_rows_and_names_each_bad_line(tmp_path, district_a):
    out, err = run(tmp_path, good_and_bad_csv())

    assert set(Company.objects.values_list("name", flat=True)) == {"PT Satu", "PT Dua", "CV Tanpa NIB"}
    assert "line 4: NIB 1111111111111 already appears on line 2" in err
    assert "line 5: the company name is missing" in err
    assert "line 6: unknown district code “9999”" in err
    assert "line 7: the line is not valid UTF-8 text" in err
    assert len(err.strip().splitlines()) == 4
    assert "3 created, 0 updated, 0 unchanged, 4 bad lines" in out
    satu = Company.objects.get(nib="1111111111111")
    assert (satu.workers_total, satu.workers_female, satu.bpjs_registered, satu.bpjs_participants) == (
        100,
        40,
        True,
        90,
    )
    assert satu.district == district_a


def test_it_speaks_indonesian_by_default(tmp_path, district_a):
    out, err = run(tmp_path, good_and_bad_csv(), language="id")
    assert "baris 5: nama perusahaan kosong" in err
    assert "3 dibuat, 0 diperbarui, 0 tidak berubah, 4 baris salah" in out


def test_it_changes_nothing_on_a_second_run(tmp_path, district_a):
    run(tmp_path, good_and_bad_csv())
    before = list(Company.objects.order_by("pk").values())
    out, _ = run(tmp_path, good_and_bad_csv())
    assert "0 created, 0 updated, 3 unchanged" in out
    assert list(Company.objects.order_by("pk").values()) == before


def test_it_updates_an_existing_company_by_nib(tmp_path, district_a):
    company = CompanyFactory(
        nib="1111111111111",
        name="PT Lama",
        district=district_a,
        workers_total=5,
        workers_female=1,
        bpjs_registered=False,
        bpjs_participants=0,
    )
    out, _ = run(tmp_path, HEADER + b"1111111111111,PT Satu,13112,Jl. Satu,3275,100,40,0,ya,90\n")
    company.refresh_from_db()
    assert "0 created, 1 updated" in out
    assert (company.name, company.workers_total, company.pk) == ("PT Satu", 100, company.pk)
    assert Company.objects.count() == 1


@pytest.mark.parametrize(
    "row,reason",
    [
        (b"123,PT X,13112,,3275,1,0,0,ya,1", "nib: An NIB has 13 digits."),
        (b"1111111111111,PT X,13112,,3275,banyak,0,0,ya,1", "workers_total must be a whole number"),
        (b"1111111111111,PT X,13112,,3275,10,20,0,ya,1", "female or foreign workers exceed the total"),
        (b"1111111111111,PT X,13112,,3275,10,2,0,mungkin,1", "bpjs_registered must be yes or no"),
        (
            b"1111111111111,PT X,13112,,3275,10,2,0,tidak,5",
            "BPJS participants given for a company that is not registered",
        ),
        (b"1111111111111,PT X,ABC,,3275,10,2,0,ya,5", "kbli: A KBLI code has 2 to 5 digits."),
    ],
)
def test_it_rejects_bad_values_with_a_reason(district_a, row, reason):
    with translation.override("en"):
        result = company_import(HEADER + row + b"\n")
    assert result.created == 0
    assert len(result.errors) == 1
    assert result.errors[0][0] == 2
    assert reason in result.errors[0][1]
    assert not Company.objects.exists()


def test_it_refuses_a_file_without_the_required_columns(tmp_path, district_a):
    path = tmp_path / "x.csv"
    path.write_bytes(b"foo,bar\n1,2\n")
    err = io.StringIO()
    with pytest.raises(CommandError), translation.override("en"):
        call_command("import_companies", str(path), stdout=io.StringIO(), stderr=err)
    assert "missing columns: district_code, name" in err.getvalue()


def test_it_imports_a_registry_of_18812_rows_in_bulk(district_a, django_assert_max_num_queries):
    lines = [HEADER]
    for n in range(18_812):
        lines.append(f"{10**12 + n},PT Nomor {n},13112,Jl. {n},3275,{n % 500 + 1},0,0,ya,{n % 500 + 1}\n".encode())
    progress = []
    # Bulk writes: batches, not a query per row (SQLite's batches are smaller than PostgreSQL's).
    with django_assert_max_num_queries(300):
        result = company_import(b"".join(lines), progress=lambda done, total: progress.append(done))
    assert result.created == 18_812
    assert not result.errors
    assert progress[:2] == [1000, 2000]
    assert Company.objects.count() == 18_812

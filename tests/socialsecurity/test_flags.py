"""Each flag: the smallest company that raises it, and one that does not."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections import services as inspection_services
from inspections.choices import Kind
from socialsecurity.choices import FlagKind
from socialsecurity.definitions import Facts, company_flags
from socialsecurity.models import Flag, MinimumWage
from tests.factories import CompanyFactory

from .conftest import csv_of

AS_OF = dt.date(2026, 6, 30)
ALL = ("JKK", "JKM", "JHT", "JP", "JKP")


def kinds(facts: Facts) -> set[str]:
    return {f.kind for f in company_flags(facts)}


def snap(**kw) -> Facts:
    values = {"company_id": 1, "workers_registry": 1, "npp": "N1", "snapshot_as_of": AS_OF, "participants": 1,
              "programmes": ("JKK", "JKM")}  # fmt: skip
    values.update(kw)
    return Facts(**values)


def test_not_registered():
    assert kinds(Facts(company_id=1, workers_registry=1)) == {FlagKind.NOT_REGISTERED}
    assert kinds(snap(npp="", participants=0)) == {FlagKind.NOT_REGISTERED}
    assert kinds(Facts(company_id=1, workers_registry=0)) == set()  # employs nobody
    assert kinds(snap()) == set()
    flag = company_flags(Facts(company_id=1, workers_registry=7))[0]
    assert flag.gap == 7 and "7 workers" in flag.reason and "NPP" in flag.reason


def test_partial_workers_from_the_registry_and_from_a_visit():
    flag = company_flags(snap(workers_registry=2, participants=1))[0]
    assert flag.kind == FlagKind.PARTIAL_WORKERS and flag.gap == 1 and "registry" in flag.reason
    assert kinds(snap(workers_registry=1, participants=1)) == set()
    found = company_flags(snap(workers_registry=1, participants=1, workers_visit=2, visit_reference="PMR-1"))
    assert [f.kind for f in found] == [FlagKind.PARTIAL_WORKERS] and "PMR-1" in found[0].reason and found[0].gap == 1


def test_partial_wages_below_the_minimum_wage():
    below = snap(wage_base=Decimal("4999999"), umk=Decimal("5000000"), umk_decree="Kepgub 1/2025")
    flag = company_flags(below)[0]
    assert flag.kind == FlagKind.PARTIAL_WAGES and "Kepgub 1/2025" in flag.reason
    assert kinds(snap(wage_base=Decimal("5000000"), umk=Decimal("5000000"))) == set()
    assert kinds(snap(wage_base=Decimal("1"), umk=None)) == set()  # no UMK known: no claim


def test_partial_wages_below_the_wage_found_on_a_visit():
    # Above the district's UMK; the payroll seen on the visit pays one rupiah more than the reported base.
    above_umk = {"wage_base": Decimal("5000000"), "umk": Decimal("4500000"), "umk_decree": "Kepgub 1/2025"}
    flag = company_flags(snap(**above_umk, wage_found=5000001, wage_visit_reference="PMR-KS-1-2026-00042"))[0]
    assert flag.kind == FlagKind.PARTIAL_WAGES and flag.gap == 0
    assert flag.reason == (
        "Reported wage base Rp 5,000,000 is below the wage of Rp 5,000,001 found on visit PMR-KS-1-2026-00042."
    )
    assert (flag.evidence["wage_found"], flag.evidence["wage_visit"]) == (5000001, "PMR-KS-1-2026-00042")
    assert (flag.evidence["wage_base"], flag.evidence["umk"]) == ("5000000", "4500000")
    assert kinds(snap(**above_umk, wage_found=5000000, wage_visit_reference="PMR-1")) == set()  # equal: no claim
    assert kinds(snap(**above_umk)) == set()  # no wage found on any visit
    # No UMK known for the year: the wage found still counts.
    assert kinds(snap(wage_base=Decimal("1"), wage_found=2, wage_visit_reference="PMR-1")) == {FlagKind.PARTIAL_WAGES}
    assert kinds(snap(wage_base=None, wage_found=2, wage_visit_reference="PMR-1")) == set()  # no base reported
    # Below both: one flag, and its sentence names both.
    both = company_flags(snap(**{**above_umk, "wage_base": Decimal("4000000")}, wage_found=5000001,
                              wage_visit_reference="PMR-1"))  # fmt: skip
    assert [f.kind for f in both] == [FlagKind.PARTIAL_WAGES]
    assert both[0].reason == (
        "Reported wage base Rp 4,000,000 is below the minimum wage Rp 4,500,000 (Kepgub 1/2025) "
        "and below the wage of Rp 5,000,001 found on visit PMR-1."
    )


def test_partial_programmes_by_size_class():
    assert kinds(snap(programmes=("JKK",))) == {FlagKind.PARTIAL_PROGRAMMES}  # micro: JKK and JKM
    assert kinds(snap(workers_registry=5, participants=5)) == {FlagKind.PARTIAL_PROGRAMMES}  # small: JHT too
    assert kinds(snap(workers_registry=5, participants=5, programmes=("JKK", "JKM", "JHT"))) == set()
    big = company_flags(snap(workers_registry=20, participants=20, programmes=("JKK", "JKM", "JHT")))[0]
    assert big.evidence["missing"] == ["JP", "JKP"]
    assert kinds(snap(workers_registry=20, participants=20, programmes=ALL)) == set()


@pytest.mark.django_db
def test_flags_are_stored_on_import_and_recomputed_on_a_visit_report(run_import, bob, alice, office_a, district_a):
    MinimumWage.objects.create(district=district_a, year=2026, amount=5000000, decree="Kepgub Jabar 2025")
    fine = CompanyFactory(nib="9120000000001", district=district_a, workers_total=3, workers_female=0)
    low = CompanyFactory(nib="9120000000002", district=district_a, workers_total=3, workers_female=0)
    absent = CompanyFactory(nib="9120000000003", district=district_a, workers_total=4, workers_female=0,
                            bpjs_registered=False, bpjs_participants=0)  # fmt: skip
    run_import(bob, office_a, csv_of("9120000000001,N1,,3,JKK;JKM,5000000,,", "9120000000002,N2,,3,JKK;JKM,4000000,,"))
    assert set(Flag.objects.values_list("company_id", "kind")) == {
        (low.pk, FlagKind.PARTIAL_WAGES), (absent.pk, FlagKind.NOT_REGISTERED),
    }  # fmt: skip
    # A visit finds 8 workers at the "fine" company: reported, its flags are recomputed.
    visit = inspection_services.inspection_plan(
        actor=bob, company=fine, kind=Kind.BPJS_JOINT, lead=alice, planned_date=timezone.localdate()
    )
    inspection_services.inspection_start(inspection=visit, actor=alice)
    inspection_services.inspection_update(inspection=visit, actor=alice, workers_present=8, summary="Joint visit")
    inspection_services.inspection_report(inspection=visit, actor=alice)
    flags = {f.kind: f for f in Flag.objects.filter(company=fine)}
    assert set(flags) == {FlagKind.PARTIAL_WORKERS, FlagKind.PARTIAL_PROGRAMMES}
    assert flags[FlagKind.PARTIAL_WORKERS].gap == 5 and visit.reference in flags[FlagKind.PARTIAL_WORKERS].reason


def _visit_with_wage(client, *, bob, alice, company, wage: str):
    """Plan, start, record the wage found through the visit page, and report: the visit."""
    visit = inspection_services.inspection_plan(
        actor=bob, company=company, kind=Kind.BPJS_JOINT, lead=alice, planned_date=timezone.localdate()
    )
    inspection_services.inspection_start(inspection=visit, actor=alice)
    visit.refresh_from_db()
    visited = timezone.localtime(visit.visited_at, visit.office.zone).strftime("%Y-%m-%dT%H:%M")
    record = {"visited_at": visited, "workers_present": "3", "wage_found": wage, "summary": "Pemeriksaan bersama"}
    assert client.post(reverse("inspections:inspection_update", args=[visit.pk]), record).status_code == 302
    assert client.post(reverse("inspections:inspection_report", args=[visit.pk]), {"confirm": "on"}).status_code == 302
    visit.refresh_from_db()
    assert (visit.status, visit.wage_found) == ("reported", int(wage))
    return visit


@pytest.mark.django_db
def test_a_wage_found_on_a_reported_visit_raises_the_flag_shown_in_indonesian(
    settings, run_import, client_for, bob, alice, office_a, district_a
):
    settings.LANGUAGE_CODE = "id"  # the site's language: the stored sentences and the pages
    MinimumWage.objects.create(district=district_a, year=2026, amount=4500000, decree="Kepgub Jabar 2025")
    below = CompanyFactory(nib="9120000000011", district=district_a, workers_total=3, workers_female=0)
    equal = CompanyFactory(nib="9120000000012", district=district_a, workers_total=3, workers_female=0)
    lines = ("9120000000011,N11,,3,JKK;JKM,5000000,,", "9120000000012,N12,,3,JKK;JKM,5000000,,")
    run_import(bob, office_a, csv_of(*lines))
    assert not Flag.objects.filter(company__in=[below, equal]).exists()  # above the UMK: nothing to say yet

    client = client_for(alice)
    found = _visit_with_wage(client, bob=bob, alice=alice, company=below, wage="5000001")
    _visit_with_wage(client, bob=bob, alice=alice, company=equal, wage="5000000")

    flag = Flag.objects.get(company=below)
    sentence = (
        "Upah yang dilaporkan Rp 5.000.000 di bawah upah Rp 5.000.001 yang ditemukan pada pemeriksaan "
        f"{found.reference}."
    )
    assert (flag.kind, flag.reason) == (FlagKind.PARTIAL_WAGES, sentence)
    assert (flag.evidence["wage_found"], flag.evidence["wage_visit"]) == (5000001, found.reference)
    assert not Flag.objects.filter(company=equal).exists()

    # The visit page shows the figure; the company page and the targeting list show the sentence, in Indonesian.
    visit_page = client.get(reverse("inspections:inspection_detail", args=[found.pk])).content.decode()
    assert "Upah bulanan per pekerja yang ditemukan" in visit_page and "Rp 5.000.001" in visit_page
    company_page = client_for(bob).get(reverse("inspectorate:company_detail", args=[below.pk])).content.decode()
    assert sentence in company_page and "Sebagian: upah" in company_page and "Partial: wages" not in company_page
    targeting = client_for(bob).get(reverse("socialsecurity:targeting")).content.decode()
    assert sentence in targeting and equal.name not in targeting

    # A reported visit is a record: its wage is not edited (an addendum corrects it), and the flag stays.
    with pytest.raises(inspection_services.Locked):
        inspection_services.inspection_update(inspection=found, actor=alice, wage_found=4000000)
    found.refresh_from_db()
    assert found.wage_found == 5000001 and Flag.objects.get(company=below).reason == sentence

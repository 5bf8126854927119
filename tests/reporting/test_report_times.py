"""The report list and a report's builds print their times in a named zone, never in UTC.

An office's report: the office's zone. A region's or the national report: the viewer's office
zone, else the region's first office's zone, else the site's zone (Asia/Jakarta, WIB).
"""

import datetime as dt

import pytest

from reporting.choices import ReportKind
from reporting.models import ReportBuild

from ..factories import OfficeFactory
from .factories import ReportFactory

pytestmark = pytest.mark.django_db

INSTANT = dt.datetime(2026, 11, 30, 9, 3, tzinfo=dt.UTC)  # 17:03 WITA, 16:03 WIB, 18:03 WIT


def _report(**scope):
    report = ReportFactory(kind=ReportKind.ANNUAL, month=dt.date(2026, 1, 1), requested_at=INSTANT, **scope)
    ReportBuild.objects.create(report=report, built_at=INSTANT, language="id", file="reports/x.pdf")
    return report


def _times(client, report):
    history = client.get(f"/reports/{report.pk}/history/").content.decode()
    listed = client.get("/reports/").content.decode()
    return history, listed


def test_a_region_report_shows_its_times_in_the_regions_first_office_zone(client_for, frank, office_b, region_b):
    OfficeFactory(code="ZZ-9", region=region_b, time_zone="Asia/Jayapura")  # not the first by code
    report = _report(office=None, region=region_b)
    history, listed = _times(client_for(frank), report)
    assert "17:03 WITA" in history and "17:03 WITA" in listed
    assert "09:03" not in history and "09:03" not in listed


def test_an_office_report_shows_its_times_in_the_office_zone(client_for, root, dave, office_b):
    report = _report(office=office_b)
    for user in (root, dave):
        history, listed = _times(client_for(user), report)
        assert "17:03 WITA" in history and "17:03 WITA" in listed


def test_the_viewers_office_zone_wins_for_a_region_report(client_for, root, office_a, region_b, office_b):
    root.office = office_a  # an administrator attached to an office in Asia/Jakarta
    root.save()
    report = _report(office=None, region=region_b)
    history, listed = _times(client_for(root), report)
    assert "16:03 WIB" in history and "16:03 WIB" in listed and "WITA" not in history


def test_the_national_report_shows_the_sites_zone(client_for, grace, office_b):
    report = _report(office=None, region=None)
    history, listed = _times(client_for(grace), report)
    assert "16:03 WIB" in history and "16:03 WIB" in listed and "09:03" not in history

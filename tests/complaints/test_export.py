"""The CSV export of the work queue carries exactly the rows of the list it is downloaded from.

Each case opens a filtered list the way a person does, follows its "Download CSV" link and
compares the references; the audit entry names the filters that were applied.
"""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from complaints import services
from complaints.models import Category, Complaint
from inspectorate.choices import Role
from tests.factories import StaffFactory

from .factories import make_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def ayu(office_a):
    """A second inspector of office A."""
    return StaffFactory(username="ayu", first_name="Ayu", role=Role.INSPECTOR, office=office_a)


@pytest.fixture
def queue(company_a, district_a, bob, alice, ayu):
    """Complaints of office A in several states, assignees, categories, companies and due dates."""

    def assigned(to, **kwargs):
        c = make_complaint(**kwargs).complaint
        services.complaint_screen(complaint=c, actor=bob)
        services.complaint_assign(complaint=c, actor=bob, assignee=to)
        return c

    made = {
        "new_wages": make_complaint(company=company_a, categories=("wages",)).complaint,
        "new_osh_named": make_complaint(district=district_a, name="Toko Sinar Jaya", categories=("osh",)).complaint,
        "alice_wages": assigned(alice, company=company_a, categories=("wages",)),
        "alice_osh": assigned(alice, company=company_a, categories=("osh", "wages")),
        "ayu_wages": assigned(ayu, district=district_a, name="Toko Sinar Jaya", categories=("wages",)),
        "ayu_osh": assigned(ayu, company=company_a, categories=("osh",)),
    }
    # Two of them are past their due date.
    Complaint.objects.filter(pk__in=[made["alice_osh"].pk, made["ayu_wages"].pk]).update(
        due_date=timezone.localdate() - timedelta(days=3)
    )
    return made


def _list_and_export(client, list_url, params):
    page = client.get(list_url, params)
    assert page.status_code == 200
    listed = {c.reference for c in page.context["page"].object_list}
    assert page.context["page"].paginator.count == len(listed)  # one page: every row is compared
    link = re.search(r'href="([^"]*export\.csv[^"]*)"', page.content.decode())
    assert link, "the list has no Download CSV link"
    href = link.group(1).replace("&amp;", "&")
    export = client.get(href)
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode())))[1:]  # the header is in the reader's language
    return listed, {row[0] for row in rows}


def _ref(queue, *names):
    return {queue[n].reference for n in names}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, ["new_wages", "new_osh_named", "alice_wages", "alice_osh", "ayu_wages", "ayu_osh"]),
        ({"status": "received"}, ["new_wages", "new_osh_named"]),
        ({"inspector": "ayu"}, ["ayu_wages", "ayu_osh"]),
        ({"category": "osh"}, ["new_osh_named", "alice_osh", "ayu_osh"]),
        ({"overdue": "true"}, ["alice_osh", "ayu_wages"]),
        ({"company": "sinar"}, ["new_osh_named", "ayu_wages"]),
        ({"inspector": "alice", "category": "osh"}, ["alice_osh"]),
        ({"category": "wages", "overdue": "false", "status": "assigned"}, ["alice_wages"]),
    ],
)
def test_the_export_has_exactly_the_rows_of_the_filtered_list(client_for, bob, alice, ayu, queue, params, expected):
    ids = {"ayu": str(ayu.pk), "alice": str(alice.pk)}
    categories = dict(Category.objects.values_list("code", "pk"))
    query = {
        key: ids.get(value, value) if key == "inspector" else (str(categories[value]) if key == "category" else value)
        for key, value in params.items()
    }
    listed, exported = _list_and_export(client_for(bob), reverse("complaints:complaint_list"), query)
    assert listed == _ref(queue, *expected)
    assert exported == listed


def test_my_complaints_exports_only_mine(client_for, alice, queue):
    listed, exported = _list_and_export(client_for(alice), reverse("complaints:my_complaints"), {})
    assert listed == _ref(queue, "alice_wages", "alice_osh")
    assert exported == listed
    entry = AuditEntry.objects.filter(action="export", actor=alice).get()
    assert entry.extra == {"format": "csv", "rows": 2, "list": "mine", "filters": {}}

    listed, exported = _list_and_export(client_for(alice), reverse("complaints:my_complaints"), {"overdue": "true"})
    assert exported == listed == _ref(queue, "alice_osh")


def test_the_audit_entry_records_the_filters_applied(client_for, bob, ayu, queue):
    client = client_for(bob)
    _list_and_export(
        client,
        reverse("complaints:complaint_list"),
        {"inspector": ayu.pk, "overdue": "true", "company": "sinar", "status": "", "page": "1"},
    )
    entry = AuditEntry.objects.filter(action="export", actor=bob).get()
    assert entry.extra == {
        "format": "csv",
        "rows": 1,
        "list": "all",
        "filters": {"inspector": str(ayu.pk), "overdue": "true", "company": "sinar"},
    }


def test_a_filter_the_list_rejects_is_neither_applied_nor_recorded(client_for, bob, charlie, queue):
    # charlie is an inspector of office B: not one the head of office A can filter by.
    client = client_for(bob)
    listed, exported = _list_and_export(client, reverse("complaints:complaint_list"), {"inspector": charlie.pk})
    assert exported == listed
    entry = AuditEntry.objects.filter(action="export", actor=bob).get()
    assert entry.extra["filters"] == {} and entry.extra["rows"] == len(listed)


def test_the_export_of_my_complaints_is_for_logged_in_staff_and_only_get(client, client_for, alice):
    url = reverse("complaints:my_complaint_export")
    assert client.get(url).status_code == 302
    assert client_for(alice).post(url).status_code == 405

"""The team page: the office head records leave and district or sector assignments that the next plan uses."""

import datetime as dt

import pytest

from audit.models import AuditEntry
from inspectorate.choices import Role
from targeting import services
from targeting.models import Assignment, Leave
from tests.factories import DistrictFactory, StaffFactory

pytestmark = pytest.mark.django_db

MONTH = dt.date(2027, 3, 1)
QUERIES = 8  # the same for a team of 2 or of 8: the team itself is three queries


@pytest.fixture
def team(office_a, alice):
    second = StaffFactory(username="sari", first_name="Sari", role=Role.INSPECTOR, office=office_a)
    return alice, second


def test_the_head_records_leave_and_the_next_plan_counts_it(client_for, bob, team, office_a):
    alice, sari = team
    client = client_for(bob)
    response = client.post("/targeting/team/leave/", {"inspector": alice.pk, "start": "2027-03-01", "end": "2027-03-31",
                                                      "note": "Cuti tahunan"})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/targeting/team/"
    leave = Leave.objects.get(inspector=alice)
    assert (leave.start, leave.end, leave.note) == (MONTH, dt.date(2027, 3, 31), "Cuti tahunan")
    assert AuditEntry.objects.filter(action="create", object_type="targeting.leave", actor=bob).exists()
    body = client.get("/targeting/team/").content.decode()
    assert "Cuti tahunan" in body and "1 Mar 2027" in body and "Sari" in body
    plan = services.plan_generate(actor=bob, office=office_a, month=MONTH, seed=1)
    per = {i: plan.entries.filter(inspector=i).count() for i in (alice, sari)}
    assert per[alice] == 0 and plan.capacity == office_a.monthly_quota


def test_overlapping_or_reversed_leave_is_refused_and_nothing_changes(client_for, bob, team):
    alice, _sari = team
    client = client_for(bob)
    client.post("/targeting/team/leave/", {"inspector": alice.pk, "start": "2027-03-01", "end": "2027-03-05"})
    response = client.post(
        "/targeting/team/leave/", {"inspector": alice.pk, "start": "2027-03-05", "end": "2027-03-09"}, follow=True
    )
    assert "already has leave from 01-03-2027 to 05-03-2027" in response.content.decode()
    response = client.post(
        "/targeting/team/leave/", {"inspector": alice.pk, "start": "2027-04-09", "end": "2027-04-01"}, follow=True
    )
    assert "The last day cannot be before the first day." in response.content.decode()
    assert Leave.objects.filter(inspector=alice).count() == 1


def test_another_office_s_inspector_or_district_is_refused(client_for, bob, team, charlie, district_b):
    client = client_for(bob)
    response = client.post(
        "/targeting/team/leave/", {"inspector": charlie.pk, "start": "2027-03-01", "end": "2027-03-02"}, follow=True
    )
    assert "Choose an active inspector of this office." in response.content.decode()
    alice, _sari = team
    response = client.post(
        "/targeting/team/assignments/", {"inspector": alice.pk, "district": district_b.pk}, follow=True
    )
    assert "Choose a district this office serves." in response.content.decode()
    assert not Leave.objects.exists() and not Assignment.objects.exists()


def test_the_head_assigns_a_district_or_a_sector_and_removes_it(client_for, bob, team, office_a, district_a):
    alice, sari = team
    client = client_for(bob)
    client.post("/targeting/team/assignments/", {"inspector": alice.pk, "district": district_a.pk})
    client.post("/targeting/team/assignments/", {"inspector": sari.pk, "kbli_group": "10"})
    response = client.post("/targeting/team/assignments/", {"inspector": sari.pk, "kbli_group": "1a"}, follow=True)
    assert "A KBLI group is two digits." in response.content.decode()
    response = client.post("/targeting/team/assignments/", {"inspector": sari.pk, "district": district_a.pk,
                                                            "kbli_group": "10"}, follow=True)  # fmt: skip
    assert "Choose a district or enter a KBLI group, not both." in response.content.decode()
    assert set(Assignment.objects.values_list("inspector", "district", "kbli_group")) == {
        (alice.pk, district_a.pk, ""),
        (sari.pk, None, "10"),
    }
    body = client.get("/targeting/team/").content.decode()
    assert district_a.name in body and "KBLI 10" in body
    gone = Assignment.objects.get(inspector=sari)
    assert client.post(f"/targeting/team/assignments/{gone.pk}/remove/").status_code == 302
    assert not Assignment.objects.filter(pk=gone.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_type="targeting.assignment").exists()


def test_inspectors_officials_and_other_heads_cannot_change_the_team(client_for, alice, dave, grace, team):
    leave = Leave.objects.create(inspector=alice, start=MONTH, end=MONTH)
    assert client_for(alice).get("/targeting/team/").status_code == 403
    assert client_for(alice).post(f"/targeting/team/leave/{leave.pk}/remove/").status_code == 403
    assert client_for(dave).post(f"/targeting/team/leave/{leave.pk}/remove/").status_code == 404
    assert client_for(grace).get("/targeting/team/").status_code == 404
    assert Leave.objects.filter(pk=leave.pk).exists()


def test_an_administrator_chooses_the_office(client_for, root, bob, team, office_a, office_b):
    client = client_for(root)
    body = client.get("/targeting/team/").content.decode()
    assert office_a.name in body and office_b.name in body and 'data-testid="office-choice"' in body
    alice, _sari = team
    response = client.post("/targeting/team/leave/", {"office": office_a.pk, "inspector": alice.pk,
                                                      "start": "2027-03-01", "end": "2027-03-01"})  # fmt: skip
    assert response["Location"] == f"/targeting/team/?office={office_a.pk}"
    assert Leave.objects.filter(inspector=alice).count() == 1
    # With an office shown, the choice stays above its team, that office selected, to switch to another.
    body = client.get(response["Location"]).content.decode()
    assert 'data-testid="office-choice"' in body and 'data-testid="leave-form"' in body
    assert f'<option value="{office_a.pk}" selected>' in body and f'<option value="{office_b.pk}">' in body
    # An office head has no choice: their own office only.
    body = client_for(bob).get("/targeting/team/").content.decode()
    assert 'data-testid="office-choice"' not in body and 'data-testid="leave-form"' in body


def test_the_api_goes_through_the_same_rules(api_for, bob, dave, team, district_a):
    alice, _sari = team
    api = api_for(bob)
    response = api.post("/api/v1/inspector-leave/", {"inspector": alice.pk, "start": "2027-03-01", "end": "2027-03-03"},
                        format="json")  # fmt: skip
    assert response.status_code == 201, response.content
    leave_id = response.json()["id"]
    response = api.post("/api/v1/inspector-leave/", {"inspector": alice.pk, "start": "2027-03-02", "end": "2027-03-02"},
                        format="json")  # fmt: skip
    assert response.status_code == 400 and "already has leave" in str(response.json())
    assert api_for(dave).get("/api/v1/inspector-leave/").json()["results"] == []
    assert api_for(dave).post(f"/api/v1/inspector-leave/{leave_id}/remove/").status_code == 404
    assert api_for(alice).post("/api/v1/inspector-assignments/", {"inspector": alice.pk, "district": district_a.pk},
                               format="json").status_code == 403  # fmt: skip
    response = api.post("/api/v1/inspector-assignments/", {"inspector": alice.pk, "district": district_a.pk},
                        format="json")  # fmt: skip
    assert response.status_code == 201
    response = api.post(f"/api/v1/inspector-leave/{leave_id}/remove/")
    assert response.status_code == 200 and response.json()["start"] == "2027-03-01"
    assert not Leave.objects.exists() and Assignment.objects.count() == 1


def test_the_page_s_queries_do_not_grow_with_the_team(client_for, bob, office_a, district_a, django_assert_num_queries):
    client = client_for(bob)
    client.get("/targeting/team/")
    for i in range(6):
        person = StaffFactory(username=f"insp{i}", role=Role.INSPECTOR, office=office_a)
        Leave.objects.create(inspector=person, start=MONTH, end=MONTH)
        Assignment.objects.create(inspector=person, district=DistrictFactory(office=office_a))
    with django_assert_num_queries(QUERIES):
        assert client.get("/targeting/team/").status_code == 200


def test_the_page_speaks_indonesian(client_for, bob, team):
    client = client_for(bob)
    client.cookies["django_language"] = "id"
    body = client.get("/targeting/team/").content.decode()
    assert "Catat cuti" in body and "Tim" in body

"""The complainant's identity: shown only to the assigned inspector, the office head and admins; every view logged."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from complaints.confidentiality import can_see_identity

pytestmark = pytest.mark.django_db


def sealed_reads():
    return AuditEntry.objects.filter(action="sealed_read")


CANARIES = ("Canary-Name-7731", "canary-contact-0812999", "3275019901019999")


def _has_canary(body: str) -> bool:
    return any(canary in body for canary in CANARIES)


def _has_all_canaries(body: str) -> bool:
    return all(canary in body for canary in CANARIES)


def _bodies(client, api, complaint):
    """Every page and API answer that could carry the complaint's identity."""
    urls = [
        reverse("complaints:complaint_detail", args=[complaint.pk]),
        reverse("complaints:complaint_list"),
        reverse("complaints:my_complaints"),
        reverse("complaints:complaint_export"),
        f"/api/v1/complaints/{complaint.pk}/",
        "/api/v1/complaints/",
        f"/api/v1/complaints/{complaint.pk}/events/",
    ]
    out = {}
    for url in urls:
        response = (api if url.startswith("/api/") else client).get(url)
        out[url] = (response.status_code, response.content.decode())
    return out


@pytest.mark.parametrize("who", ["alice2", "erin", "grace"])
def test_it_hides_the_identity_from_in_scope_users_who_may_not_see_it(request, client_for, api_for, assigned, who):
    user = request.getfixturevalue(who)
    assert not can_see_identity(user, assigned)
    for url, (status, body) in _bodies(client_for(user), api_for(user), assigned).items():
        assert status == 200, url
        assert not _has_canary(body), url
    detail = client_for(user).get(reverse("complaints:complaint_detail", args=[assigned.pk])).content.decode()
    assert "(rahasia)" in detail or "(confidential)" in detail
    api = api_for(user).get(f"/api/v1/complaints/{assigned.pk}/").json()
    assert api["complainant_name"] in ("(rahasia)", "(confidential)")
    assert sealed_reads().count() == 0


@pytest.mark.parametrize("who", ["charlie", "dave", "frank"])
def test_it_answers_404_to_other_offices_and_regions(request, client_for, api_for, assigned, who):
    user = request.getfixturevalue(who)
    bodies = _bodies(client_for(user), api_for(user), assigned)
    for url in (reverse("complaints:complaint_detail", args=[assigned.pk]), f"/api/v1/complaints/{assigned.pk}/"):
        assert bodies[url][0] == 404
    for _url, (_status, body) in bodies.items():
        assert not _has_canary(body)
    assert sealed_reads().count() == 0


@pytest.mark.parametrize("who", ["alice", "bob", "root"])
def test_it_shows_the_identity_to_the_three_roles_and_logs_each_view_once(request, client_for, api_for, assigned, who):
    user = request.getfixturevalue(who)
    assert can_see_identity(user, assigned)
    client = client_for(user)
    page = client.get(reverse("complaints:complaint_detail", args=[assigned.pk]))
    assert _has_all_canaries(page.content.decode())
    assert sealed_reads().count() == 1
    read = sealed_reads().get()
    assert (read.actor, read.object_type, read.object_id) == (user, "complaints.complaint", str(assigned.pk))
    assert read.extra["via"] == "page" and read.extra["reference"] == assigned.reference
    assert read.extra["path"] == reverse("complaints:complaint_detail", args=[assigned.pk])
    assert set(read.changed_fields) == {
        "complainant_name", "complainant_contact", "complainant_phone", "complainant_email", "complainant_id_number"
    }  # fmt: skip

    api = api_for(user).get(f"/api/v1/complaints/{assigned.pk}/")
    assert api.json()["complainant_name"] == "Canary-Name-7731"
    assert sealed_reads().count() == 2
    listing = api_for(user).get("/api/v1/complaints/")
    assert _has_all_canaries(listing.content.decode())
    assert sealed_reads().count() == 3
    # Lists and the export never carry the identity, so they leave no row.
    assert not _has_canary(client.get(reverse("complaints:complaint_list")).content.decode())
    export = client.get(reverse("complaints:complaint_export")).content.decode()
    assert assigned.reference in export and not _has_canary(export)
    assert sealed_reads().count() == 3


def test_it_stops_showing_the_identity_to_an_inspector_once_reassigned(client_for, assigned, bob, alice, alice2):
    from complaints import services

    services.complaint_assign(complaint=assigned, actor=bob, assignee=alice2)
    body = client_for(alice).get(reverse("complaints:complaint_detail", args=[assigned.pk])).content.decode()
    assert not _has_canary(body)
    assert _has_all_canaries(
        client_for(alice2).get(reverse("complaints:complaint_detail", args=[assigned.pk])).content.decode()
    )


def test_it_logs_nothing_for_an_anonymous_complaint(client_for, company_a, bob):
    from .factories import make_complaint

    c = make_complaint(company=company_a, anonymous=True).complaint
    body = client_for(bob).get(reverse("complaints:complaint_detail", args=[c.pk])).content.decode()
    assert "Anonim" in body or "Anonymous" in body
    assert sealed_reads().count() == 0

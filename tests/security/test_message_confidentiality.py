"""Complainant messages are sealed like the identity (DESIGN.md §5): their text and files appear
only to the assigned inspector, the office head and admins, never in exports, never in the API
for anyone, never in a Nota (page or PDF), whoever asks."""

import io

import pytest
from pypdf import PdfReader

from .world import MESSAGE_ANSWER, MESSAGE_QUESTION

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice2(office_a):
    """An inspector of office A who is not assigned to the complaint."""
    from inspectorate.choices import Role
    from tests.factories import StaffFactory

    return StaffFactory(username="alice2", first_name="Alicia", role=Role.INSPECTOR, office=office_a)


SECRETS = (MESSAGE_QUESTION, MESSAGE_ANSWER)


def _company_facing(world) -> list[str]:
    """Everything a company may receive or an export may carry."""
    return [
        f"/inspections/notices/{world.notice.pk}/document/",
        f"/inspections/notices/{world.notice2.pk}/document/",
        "/complaints/export.csv",
        "/complaints/mine/export.csv",
    ]


def _api(world) -> list[str]:
    pk = world.complaint.pk
    return [f"/api/v1/complaints/{pk}/", f"/api/v1/complaints/{pk}/events/", "/api/v1/complaints/"]


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("who", ["alice", "bob", "root", "alice2", "erin", "grace"])
def test_message_texts_never_reach_exports_the_api_or_a_nota(request, client_for, api_for, world, who):
    user = request.getfixturevalue(who)
    client = client_for(user)
    for url in _company_facing(world):
        response = client.get(url)
        if response.status_code == 200:
            body = _text(response)
            assert not any(s in body for s in SECRETS), (who, url)
            assert world.message_attachment.name not in body, (who, url)
    pdf = client.get(f"/inspections/notices/{world.notice.pk}/pdf/")
    if pdf.status_code == 200:
        assert not any(s in _text(pdf) for s in SECRETS)
    api = api_for(user)
    for url in _api(world):
        body = api.get(url).content.decode()
        assert not any(s in body for s in SECRETS), (who, url)
        assert world.message_attachment.name not in body, (who, url)


@pytest.mark.parametrize("who", ["alice2", "erin", "grace"])
def test_in_scope_readers_who_may_not_see_the_identity_see_no_message(request, client_for, world, who):
    user = request.getfixturevalue(who)
    page = client_for(user).get(f"/complaints/{world.complaint.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert not any(s in body for s in SECRETS) and world.message_attachment.name not in body
    # The history says a message was exchanged, never what it said.
    assert 'data-testid="thread"' not in body


@pytest.mark.parametrize("who", ["alice", "bob", "root"])
def test_the_three_roles_read_the_thread_and_its_file(request, client_for, world, who):
    client = client_for(request.getfixturevalue(who))
    body = client.get(f"/complaints/{world.complaint.pk}/").content.decode()
    assert all(s in body for s in SECRETS) and world.message_attachment.name in body
    url = f"/complaints/{world.complaint.pk}/messages/files/{world.message_attachment.pk}/"
    assert client.get(url).status_code == 200

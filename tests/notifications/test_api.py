"""The notification centre over the API: one's own notifications only, admins included; preferences."""

import pytest

from notifications.models import Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def _notify(user, key):
    return Notification.objects.create(recipient=user, key=key, event="security.password_changed", url="/")


def test_it_lists_and_marks_only_ones_own(api_for, alice, bob, root):
    mine = [_notify(alice, "a1"), _notify(alice, "a2")]
    theirs = _notify(bob, "b1")
    listed = api_for(alice).get("/api/v1/notifications/").json()
    assert sorted(r["id"] for r in listed["results"]) == sorted(n.pk for n in mine)
    assert listed["results"][0]["title"]
    assert api_for(root).get("/api/v1/notifications/").json()["count"] == 0
    assert api_for(root).get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404

    assert api_for(alice).post(f"/api/v1/notifications/{mine[0].pk}/read/").json() == {"marked": 1}
    assert api_for(alice).post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert api_for(alice).get("/api/v1/notifications/?unread=true").json()["count"] == 1
    assert api_for(alice).post("/api/v1/notifications/read-all/").json() == {"marked": 1}


def test_it_reads_and_saves_the_preferences(api_for, alice):
    api = api_for(alice)
    assert set(api.get("/api/v1/notifications/preferences/").json()) == {"email_mode", "language"}
    saved = api.put("/api/v1/notifications/preferences/", {"email_mode": "digest", "language": "en"}, format="json")
    assert saved.status_code == 200 and saved.json() == {"email_mode": "digest", "language": "en"}
    assert NotificationPreference.objects.get(staff=alice).email_mode == "digest"
    bad = api.put("/api/v1/notifications/preferences/", {"email_mode": "often", "language": "fr"}, format="json")
    assert bad.status_code == 400 and set(bad.json()) == {"email_mode", "language"}

"""The iCalendar feed: parses with the icalendar parser, holds the user's scope only, revocable."""

import pytest
from icalendar import Calendar

from deadlines.models import Clock, FeedToken

pytestmark = pytest.mark.django_db


def test_the_feed_validates_and_holds_only_the_users_scope(client, client_for, alice, nota_a, nota_b):
    client_for(alice).post("/deadlines/feed/renew/")
    token = FeedToken.objects.get(user=alice).token
    client.logout()
    response = client.get(f"/deadlines/feed/{token}.ics")  # a phone's calendar: no session
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = cal.walk("VEVENT")
    summaries = " ".join(str(e["SUMMARY"]) for e in events)
    expected = Clock.objects.filter(office=nota_a.office, due_on__isnull=False).exclude(state__in=["met", "closed"])
    assert len(events) == expected.count() >= 1
    assert nota_a.number in summaries and nota_b.number not in summaries
    assert all(str(e["UID"]).startswith("clock-") for e in events)
    nota_a.refresh_from_db()  # its deadline moved to receipt + 14 days
    assert {e.decoded("DTSTART") for e in events} >= {nota_a.compliance_deadline}


def test_a_renewed_or_revoked_address_stops_working(client, client_for, alice, nota_a):
    c = client_for(alice)
    c.post("/deadlines/feed/renew/")
    old = FeedToken.objects.get(user=alice).token
    c.post("/deadlines/feed/renew/")
    new = FeedToken.objects.get(user=alice).token
    assert old != new
    assert c.get(f"/deadlines/feed/{old}.ics").status_code == 404
    assert c.get(f"/deadlines/feed/{new}.ics").status_code == 200
    c.post("/deadlines/feed/renew/", {"revoke": "1"})
    assert not FeedToken.objects.filter(user=alice).exists()
    assert c.get(f"/deadlines/feed/{new}.ics").status_code == 404


def test_an_inactive_users_feed_is_gone(client, client_for, alice, nota_a):
    client_for(alice).post("/deadlines/feed/renew/")
    token = FeedToken.objects.get(user=alice).token
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert client.get(f"/deadlines/feed/{token}.ics").status_code == 404

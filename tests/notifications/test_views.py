"""The notification centre, the bell and the notifications API: own rows only, fixed query counts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification

pytestmark = pytest.mark.django_db

CENTRE = reverse("notifications:notification_list")
BELL = reverse("notifications:notification_bell")


def _many(user, count, *, start=0, read=False):
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            event="report.ready",
            key=f"k{start + i}",
            params={"report": f"Laporan {start + i}"},
            url="/reports/",
            read_at=timezone.now() if read else None,
        )
        for i in range(count)
    )


# --- the centre and the bell ------------------------------------------------------------------


def test_it_lists_only_my_notifications_with_an_empty_state(client_for, alice, bob):
    _many(bob, 2)
    page = client_for(alice).get(CENTRE).content.decode()
    assert 'data-testid="empty"' in page and "Laporan" not in page
    _many(alice, 1, start=10)
    page = client_for(alice).get(CENTRE).content.decode()
    assert "Laporan 10" in page and "Laporan 0" not in page


def test_the_centre_shows_unread_only_and_pages_by_25(client_for, alice):
    _many(alice, 30)
    _many(alice, 2, start=100, read=True)
    client = client_for(alice)
    assert client.get(CENTRE).content.decode().count('data-testid="notification"') == 25
    assert client.get(CENTRE + "?page=2").content.decode().count('data-testid="notification"') == 7
    unread = client.get(CENTRE + "?unread=1&page=2").content.decode()
    assert unread.count('data-testid="notification"') == 5 and "Laporan 100" not in unread


def test_it_marks_one_and_all_read_and_never_someone_elses(client_for, alice, bob):
    _many(alice, 3)
    _many(bob, 1, start=50)
    mine = list(Notification.objects.filter(recipient=alice).values_list("pk", flat=True))
    theirs = Notification.objects.get(recipient=bob).pk
    client = client_for(alice)
    response = client.post(reverse("notifications:notification_mark_read"), {"id": [mine[0], theirs]})
    assert response.status_code == 302
    assert Notification.objects.filter(read_at__isnull=False).get().pk == mine[0]
    client.post(reverse("notifications:notification_mark_all_read"))
    assert Notification.objects.filter(recipient=alice, read_at__isnull=True).count() == 0
    assert Notification.objects.get(pk=theirs).read_at is None
    assert client.get(reverse("notifications:notification_mark_all_read")).status_code == 405


def test_opening_someone_elses_notification_is_a_404(client_for, alice, bob):
    _many(bob, 1)
    other = Notification.objects.get(recipient=bob)
    assert client_for(alice).post(reverse("notifications:notification_open", args=[other.pk])).status_code == 404
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_the_bell_counts_my_unread_ones(client_for, client, alice, bob):
    _many(alice, 4)
    _many(alice, 2, start=10, read=True)
    _many(bob, 3, start=20)
    response = client_for(alice).get(BELL)
    assert response.json() == {"unread": 4} and response["Cache-Control"] == "no-store"
    client.logout()
    assert client.get(BELL).status_code == 302


def _queries(django_assert_num_queries, client, url, expected):
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# Whatever the number of rows: the session and user, the session policy's and two-factor checks,
# then the page's rows, their count and the unread count (the bell: the count alone).
CENTRE_QUERIES = 6
BELL_QUERIES = 4


@pytest.mark.parametrize("count", [3, 40])
def test_the_centre_pins_its_queries_whatever_the_number_of_rows(client_for, alice, count, django_assert_num_queries):
    _many(alice, count)
    _queries(django_assert_num_queries, client_for(alice), CENTRE, CENTRE_QUERIES)


@pytest.mark.parametrize("count", [0, 40])
def test_the_bell_pins_its_queries(client_for, alice, count, django_assert_num_queries):
    _many(alice, count)
    _queries(django_assert_num_queries, client_for(alice), BELL, BELL_QUERIES)


# --- the API ------------------------------------------------------------------------------------


def test_the_api_lists_my_notifications_in_my_language(api_for, alice, bob):
    _many(alice, 3)
    _many(bob, 2, start=10)
    api = api_for(alice)
    api.cookies["django_language"] = "en"  # the language switch; Accept-Language is not consulted
    body = api.get("/api/v1/notifications/").json()
    assert body["count"] == 3
    first = body["results"][0]
    assert set(first) == {"id", "event", "title", "body", "url", "created_at", "read", "read_at"}
    assert first["title"].startswith("Report ready: Laporan") and first["read"] is False
    indonesian = api_for(alice).get("/api/v1/notifications/").json()
    assert indonesian["results"][0]["title"].startswith("Laporan siap: Laporan")


def test_the_api_marks_read_counts_and_hides_others_rows(api_for, alice, bob):
    _many(alice, 3)
    _many(bob, 1, start=10)
    api = api_for(alice)
    theirs = Notification.objects.get(recipient=bob).pk
    mine = Notification.objects.filter(recipient=alice).first().pk
    assert api.get("/api/v1/notifications/unread-count/").json() == {"unread": 3}
    assert api.get(f"/api/v1/notifications/{theirs}/").status_code == 404
    assert api.post(f"/api/v1/notifications/{theirs}/read/").status_code == 404
    assert api.post(f"/api/v1/notifications/{mine}/read/").json() == {"marked": 1}
    assert api.post(f"/api/v1/notifications/{mine}/read/").json() == {"marked": 0}
    assert api.get("/api/v1/notifications/?unread=true").json()["count"] == 2
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 2}
    assert api.get("/api/v1/notifications/unread-count/").json() == {"unread": 0}
    assert Notification.objects.get(pk=theirs).read_at is None
    assert api_for().get("/api/v1/notifications/").status_code == 401


@pytest.mark.parametrize("count", [2, 40])
def test_the_api_list_pins_its_queries(api_for, alice, count, django_assert_num_queries):
    _many(alice, count)
    api = api_for(alice)
    with django_assert_num_queries(3):  # the token and its user, the page's count, its rows
        assert api.get("/api/v1/notifications/").status_code == 200


@pytest.mark.parametrize("query", ["", "?page=2", "?unread=1", "?unread=1&page=2", "?page=9", "?page=x"])
def test_the_centre_s_pages_are_for_user_s_and_compile_nothing_after_the_first_request(
    client_for, alice, bob, query, orm_compiles
):
    """Counted and paged by prepared queries (notifications.selectors.OwnNotifications): the same
    notifications, in the same order, as ``for_user`` gives, all or unread only."""
    from notifications import selectors

    _many(alice, 20, read=True)
    _many(alice, 20, start=100)
    _many(bob, 3, start=500)
    client = client_for(alice)
    client.get(CENTRE + query)
    orm_compiles.clear()
    page = client.get(CENTRE + query).context["page"]
    assert orm_compiles == []
    expected = selectors.for_user(alice)
    if "unread" in query:
        expected = expected.filter(read_at__isnull=True)
    expected = list(expected)
    assert page.paginator.count == len(expected)
    shown = expected[(page.number - 1) * 25 : page.number * 25]
    assert [n.pk for n in page.object_list] == [n.pk for n in shown]
    assert all(n.recipient_id == alice.pk for n in page.object_list)


def test_a_deactivated_user_s_centre_counts_and_shows_none(alice):
    from notifications import selectors

    _many(alice, 3)
    alice.is_active = False
    rows = selectors.OwnNotifications(alice)
    assert rows.count() == 0 and rows[0:25] == []


@pytest.mark.parametrize("who, shown", [("charlie", "09:30 WITA"), ("alice", "08:30 WIB"), ("grace", "01:30 UTC")])
def test_the_centre_prints_when_in_the_reader_s_office_zone(client_for, request, who, shown):
    """30 Nov 2026 01:30 UTC: 09:30 in a Kalimantan Selatan office, 08:30 in a Jawa Barat one, UTC for
    a reader without an office; never the UTC time under an office's zone."""
    import datetime as dt

    user = request.getfixturevalue(who)
    _many(user, 1)
    Notification.objects.filter(recipient=user).update(created_at=dt.datetime(2026, 11, 30, 1, 30, tzinfo=dt.UTC))
    page = client_for(user).get(CENTRE).content.decode()
    assert f"30/11/2026 {shown}" in page
    assert who == "grace" or "01:30" not in page

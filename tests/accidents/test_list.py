"""The accidents list's empty state says whether nothing was recorded or nothing matches the filter."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_empty_list_tells_an_empty_register_from_an_empty_filter(client_for, bob):
    client = client_for(bob)
    empty = client.get("/accidents/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Belum ada kecelakaan yang dicatat." in empty
    filtered = client.get("/accidents/?late=1", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Tidak ada kecelakaan yang sesuai dengan saringan ini." in filtered
    assert "Belum ada kecelakaan yang dicatat." not in filtered


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "erin", "grace", "root"])
def test_the_list_as_it_opens_is_the_scoped_querysets_and_compiles_nothing_after_its_first_request(
    request, client_for, alice, charlie, company_a, company_b, who, orm_compiles
):
    """Counted and paged by prepared queries (inspectorate.pagination.PreparedRows): the accidents the
    user's scope gives, newest first, with their injured and dead counted; a filter takes the usual way."""
    import datetime as dt

    from accidents import selectors
    from inspectorate import access

    from .helpers import make_accident, person

    for day in range(1, 4):
        make_accident(alice, company_a, occurred_at=dt.datetime(2026, 3, day, 1, 0, tzinfo=dt.UTC))
    make_accident(alice, company_a, injured=[person(), person("Sri Canary", fatal=True)])
    make_accident(charlie, company_b)
    user = request.getfixturevalue(who)
    client = client_for(user)
    assert client.get("/accidents/").status_code == 200
    orm_compiles.clear()
    page = client.get("/accidents/").context["page"]
    assert orm_compiles == []
    expected = list(access.restrict(selectors.list_rows(), user))
    assert page.paginator.count == len(expected)
    shown = [(a.pk, a.injured_count, a.fatal_count, a.office.name, a.company.name) for a in page.object_list]
    assert shown == [(a.pk, a.injured_count, a.fatal_count, a.office.name, a.company.name) for a in expected]
    if who in ("alice", "bob"):
        assert len(expected) == 4 and {a.fatal_count for a in expected} == {0, 1}
    from django.utils import timezone

    from accidents.definitions import late_q

    late = client.get("/accidents/?late=1").context["page"].paginator.count
    assert late == access.restrict(selectors.list_rows(), user).filter(late_q(timezone.now())).count()
    mine = client.get(f"/accidents/?company={company_a.pk}").context["page"].paginator.count
    assert mine == sum(1 for a in expected if a.company_id == company_a.pk)

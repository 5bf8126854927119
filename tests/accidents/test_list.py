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

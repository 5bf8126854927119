"""Fixtures of the dashboard tests: the real demo data, users by their demo names."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from inspectorate.models import Office, Staff


@pytest.fixture(scope="module")
def _demo_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """``seed_demo`` run once for a module, in a transaction rolled back when the module ends.

    Each test runs inside it in its own savepoint (``db``), so what a test writes is undone
    before the next one, as with a load per test, without paying the load again (15 s each).
    """
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media")),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_module, db):
    """The demo data of ``manage.py seed_demo`` (the real command), with nothing cached from an earlier test."""
    cache.clear()
    return {o.code: o for o in Office.objects.select_related("region")}


def demo_client(username: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(Staff.objects.get(username=username))
    return client


def by_testid(html: str, name: str) -> str:
    """The text of the element marked ``data-testid="name"``."""
    match = re.search(rf'data-testid="{name}"[^>]*>([^<]*)<', html)
    assert match, f"no {name} in the page"
    return match.group(1).strip()

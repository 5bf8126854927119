"""Fixtures of the dashboard tests: the real demo data, users by their demo names."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from inspectorate.models import Office, Staff


@pytest.fixture
def demo(db):
    """The demo data of ``manage.py seed_demo`` (the real command)."""
    call_command("seed_demo", stdout=io.StringIO())
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

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits live in the cache; every test starts without any."""
    cache.clear()
    yield
    cache.clear()


from .world import ppns_a, world  # noqa: E402,F401 (fixtures)

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits live in the cache; every test starts without any."""
    cache.clear()
    yield
    cache.clear()


from .world import canary, ppns_a, ppns_b, world, world_b  # noqa: E402,F401 (fixtures)

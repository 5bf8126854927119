from tests.security.world import ppns_a, world  # noqa: F401 (fixtures)

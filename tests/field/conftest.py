# The inspections tests' actors and autouse settings (English messages, the legal provisions).
from tests.inspections.conftest import _english, _provisions, alice2, visit_a  # noqa: F401

"""API fuzzing: schemathesis generates requests from /api/schema/ and sends them with a valid token.

Any 5xx, or a response that does not match the schema, fails the test. The data set is
small but covers every object kind, so detail, update and action endpoints reach real rows.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

from inspectorate.wsgi import application

MAX_EXAMPLES = 300


@pytest.fixture
def api_schema(db, root, company_a, company_b, alice):
    # The WSGI handler would close the test's database connection after each request, as
    # Django's test client avoids too: keep it open for the transaction the test runs in.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_it_answers_every_generated_request_within_the_schema(case, root):
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user=root)
    case.call_and_validate(
        headers={"Authorization": f"Token {token.key}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )

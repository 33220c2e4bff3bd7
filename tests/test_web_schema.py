"""schemathesis against the live server's OpenAPI schema (/openapi.json), on SQLite and
PostgreSQL: whatever it sends to any endpoint, the answer is never a server error, and its
status code, content type and body are those the schema names.

The operations are read from the running server's schema and each is fuzzed with Hypothesis
(schemathesis's own pytest plugin does not run under pytest 9).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from test_web_live import demo_url, live_server  # noqa: F401

pytestmark = [pytest.mark.web, pytest.mark.slow]
EXAMPLES = 40  # cases per operation
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def fuzz(operation: Any) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(checks=CHECKS)

    run()


def test_no_request_makes_a_server_error(live_server: str) -> None:  # noqa: F811
    schema = schemathesis.openapi.from_url(f"{live_server}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    failures = []
    for operation in operations:
        try:
            fuzz(operation)
        except Exception as exc:  # every operation is fuzzed; all failures are reported
            failures.append(f"{operation.label}: {exc}")
    assert failures == [], "\n\n".join(failures)

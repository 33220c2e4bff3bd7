"""schemathesis against the OpenAPI schema of ``planwatch serve``, authenticated as each role
(admin, 督导, reporter, viewer, with their API tokens), on SQLite and PostgreSQL: whatever it
sends to any operation, read or write, no answer is a server error or breaks the schema."""

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

from accounts_fixtures import Ledger, accounts_ledger, server
from helpers import BACKENDS

pytestmark = [pytest.mark.web, pytest.mark.slow]
__all__ = ["accounts_ledger", "server"]  # fixtures used by name
EXAMPLES = 20  # cases per operation and role
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
ROLES = {"admin": "管理员", "supervisor": "桂林督导", "reporter": "阳朔填报", "viewer": "桂林查看"}


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def fuzz(operation: Any, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


@pytest.mark.parametrize("role", list(ROLES))
def test_no_request_of_any_role_makes_a_server_error_or_breaks_the_schema(
    server: str, accounts_ledger: Ledger, role: str
) -> None:
    schema = schemathesis.openapi.from_url(f"{server}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    writes = [o for o in operations if o.method.upper() in ("POST", "PUT")]
    assert len(operations) >= 30 and len(writes) == 5
    headers = {"authorization": f"Bearer {accounts_ledger.tokens[ROLES[role]]}"}
    failures = []
    for operation in operations:
        try:
            fuzz(operation, headers)
        except Exception as exc:  # every operation is fuzzed; all failures are reported
            failures.append(f"{operation.label}: {exc}")
    assert failures == [], "\n\n".join(failures)

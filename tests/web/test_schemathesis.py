"""Schemathesis against the API's own OpenAPI schema: generated requests for every operation,
as a logged-in editor of an enterprise (the world of ``world.py``), never get a server error.

Driven with Hypothesis directly (one strategy per operation): Schemathesis's pytest plugin
does not run under this pytest version."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

CSRF = "parkesgschemathesiscsrftoken0001"  # any 32 letters: cookie and header must agree
EXAMPLES = 100  # per operation; derandomized so CI runs the same cases every time
STATEFUL_RUNS = 60  # sequences of up to 5 linked calls


@pytest.fixture
def connection_kept_open() -> Iterator[None]:
    """Schemathesis calls the bare WSGI application, whose request signals close the database
    connection after each request — on PostgreSQL that ends the test's transaction. Django's
    own test client unhooks the same handler for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("connection_kept_open")
def test_no_generated_request_gets_a_server_error(world) -> None:  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    login = Client()
    login.force_login(world.user("ent_a1", "editor"))
    cookies = {"sessionid": login.cookies["sessionid"].value, "csrftoken": CSRF}
    headers = {"X-CSRFToken": CSRF, "Referer": "http://testserver/"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10  # every operation of the API, not a few

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def check(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(cookies=cookies, headers=headers, checks=[not_a_server_error])

        check()


@pytest.mark.usefixtures("connection_kept_open")
def test_stateful_run_gets_no_server_error(world, capsys) -> None:  # type: ignore[no-untyped-def]
    """Schemathesis's stateful run: sequences of calls linked by what one answer gives the
    next (a created upload's id to its confirmation, an observation's id to its review …,
    links inferred from the schema), as the same editor; no call gets a 5xx."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    login = Client()
    login.force_login(world.user("ent_a1", "editor"))
    cookies = {"sessionid": login.cookies["sessionid"].value, "csrftoken": CSRF}
    headers = {"X-CSRFToken": CSRF, "Referer": "http://testserver/"}
    base = schema.as_state_machine()
    calls: list[int] = []

    class Machine(base):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case):  # type: ignore[no-untyped-def]
            return {"headers": headers, "cookies": cookies}

        def validate_response(self, response, case, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(response.status_code)
            assert response.status_code < 500, f"{case.method} {case.formatted_path}"

    Machine.run(settings=settings(max_examples=STATEFUL_RUNS, stateful_step_count=5, deadline=None,
                                  derandomize=True, suppress_health_check=list(HealthCheck)))  # fmt: skip
    with capsys.disabled():
        print(
            f"\nschemathesis stateful: {len(calls)} calls, "
            f"{sum(s >= 500 for s in calls)} server errors"
        )
    assert calls and all(s < 500 for s in calls)

"""Schemathesis against Raqib's own OpenAPI document: no 5xx, responses match the schema.

At least 2,000 generated cases in all (``RAQIB_FUZZ_EXAMPLES`` per operation, default 250, over
the API's operations; 2,005 when last counted with ``RAQIB_FUZZ_REPORT=1 pytest -s``), on SQLite
so the run stays bounded in time.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tests.conftest import make_app

EXAMPLES = int(os.environ.get("RAQIB_FUZZ_EXAMPLES", 250))
CASES: dict[str, int] = {}


@pytest.fixture
def fuzz_app(tmp_path):
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'fuzz.sqlite3'}", CAPTCHA=True)
    from service.auth import create_moderator

    with app.app_context():
        _, token = create_moderator("fuzzer", role="admin")
    app.config["FUZZ_TOKEN"] = token
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    client.put("/api/v1/articles/a1", json={"title": "Raqqa", "body": "ISIS"}, headers=headers)
    return app


def _operations():
    # Collected at import from a throwaway app: the test then runs each against a fresh one.
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(Path(tmp), f"sqlite:///{tmp}/ops.sqlite3")
        spec = app.test_client().get("/api/v1/openapi.json").get_json()
    methods = {"get", "put", "post", "delete", "patch"}
    return [(m.upper(), p) for p, item in spec["paths"].items() for m in item if m in methods]


@pytest.mark.slow
@pytest.mark.parametrize(("method", "path"), _operations())
def test_api_never_errors_and_matches_its_schema(fuzz_app, method, path):
    token = fuzz_app.config["FUZZ_TOKEN"]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzz_app)
    operation = schema[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case):
        CASES[f"{method} {path}"] = CASES.get(f"{method} {path}", 0) + 1
        case.call_and_validate(
            headers={"Authorization": f"Bearer {token}"},
            checks=[not_a_server_error, response_schema_conformance, status_code_conformance],
        )

    run()
    if os.environ.get("RAQIB_FUZZ_REPORT"):
        print(f"\nfuzz cases {method} {path}: {CASES[f'{method} {path}']}")

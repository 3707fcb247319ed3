"""The API keeps its OpenAPI contract: schemathesis (every check but the response time, at
least 500 generated cases per operation) against the site that pytest-django's
`live_server` serves with the demo content, in a pytest session of its own
(`make contract`), since its data is committed.

Speed is measured by the benchmarks (bench/), never asserted on this shared machine; the
slow answers that check once caught (queries of hundreds of words) are fixed and tested in
search/tests/test_api.py. Schemathesis runs its examples, coverage and fuzzing phases; the
stateful phase, which only chains operations through links, is left out (the API has none
to follow but `next`, which the harvest and search tests read to the end). Its hooks
(tests/contract/hooks.py) keep the search's two cross-parameter rules and make valid
harvest cursors.
"""

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from search.client import get_client
from search.index_admin import alias_targets, rebuild

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CASES_PER_OPERATION = 500
RUN_TIMEOUT_SECONDS = 1200
SCHEMATHESIS = [sys.executable, "-m", "schemathesis.cli"]
# Every check of the pinned schemathesis but `max_response_time`, which `--checks all` turns
# on (and `--exclude-checks` cannot turn off).
CHECKS = [
    "not_a_server_error", "status_code_conformance", "content_type_conformance",
    "response_headers_conformance", "response_schema_conformance", "negative_data_rejection",
    "positive_data_acceptance", "missing_required_header", "unsupported_method",
    "allow_header_conformance", "use_after_free", "ensure_resource_availability",
    "ignored_auth", "object_level_authorization",
]


@pytest.fixture
def demo_site(live_server, practice_index, settings):
    """The demo content, committed and indexed, behind a served site without a rate limit
    (schemathesis sends thousands of requests from one address; the 429 is tested in
    tests/abuse)."""
    settings.API_RATE_LIMIT = "1000000/m"
    call_command("load_demo_content", stdout=io.StringIO(), stderr=io.StringIO())
    rebuild()
    get_client().indices.refresh(index=alias_targets())
    return live_server.url


def test_the_api_keeps_its_openapi_contract(demo_site, tmp_path):
    command = [
        *SCHEMATHESIS, "run", f"{demo_site}/api/v1/schema/", "--checks", ",".join(CHECKS),
        "--max-examples", str(CASES_PER_OPERATION), "--phases", "examples,coverage,fuzzing",
        "--workers", "2", "--generation-database", "none", "--no-color",
        "--request-timeout", "30",
    ]  # fmt: skip
    environment = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.contract.hooks",
                   "PYTHONPATH": str(django_settings.BASE_DIR)}
    run = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True,
                         text=True, timeout=RUN_TIMEOUT_SECONDS, check=False)
    print(run.stdout[-4000:])
    assert run.returncode == 0, run.stdout[-30000:] + run.stderr[-5000:]
    assert "4 selected / 4 total" in run.stdout

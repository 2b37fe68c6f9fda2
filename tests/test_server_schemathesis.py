"""schemathesis against the OpenAPI description of a running central store: whatever it sends,
valid or not, the answer is never a 5xx."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode
from syncutil import PASSWORD, ServerThread


@pytest.mark.slow
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_error_for_any_request(tmp_path, mode):
    srv = ServerThread(tmp_path / "server")
    try:
        srv.add_user("zhang", "inspector", "华建监理")
        token = srv.service.login("zhang", PASSWORD)["token"]
        schema = schemathesis.openapi.from_url(f"{srv.url}/openapi.json")
        failures = []
        operations = [r.ok() for r in schema.get_all_operations()]
        assert len(operations) >= 7

        def check(op):
            @settings(
                max_examples=8,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=op.as_strategy(generation_mode=mode))
            def call(case):
                response = case.call(
                    base_url=srv.url, headers={"Authorization": f"Bearer {token}"}, timeout=30
                )
                if response.status_code >= 500:
                    failures.append((op.label, response.status_code, response.text[:200]))

            try:
                call()
            except Unsatisfiable:
                assert mode == GenerationMode.NEGATIVE  # no input to get wrong (health check)

        for op in operations:
            check(op)
        assert not failures, failures
        assert srv.thread.is_alive()
    finally:
        srv.stop()

"""``INGOT_MAX_QUERY_DEPTH`` and ``INGOT_MAX_QUERY_COST`` set the limits of ``/graphql``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import start_server
from tests.forge import Forge

# Four levels deep: repositories > nodes > owner > login.
DEEP = "{ repositories(first: 1) { nodes { owner { login } } } }"
# Up to 41 objects: one connection, twenty nodes of two fields each.
COSTLY = "{ repositories(first: 20) { nodes { name } } }"


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Forge]:
    """A server that allows three levels and ten objects (limits are not per backend)."""
    tmp = tmp_path_factory.mktemp("strict-limits")
    forge = start_server(
        tmp, None, extra_env={"INGOT_MAX_QUERY_DEPTH": "3", "INGOT_MAX_QUERY_COST": "10"}
    )
    try:
        yield forge
    finally:
        forge.stop()


def test_the_default_limits_accept_what_lower_ones_refuse(forge: Forge, strict: Forge) -> None:
    assert "nodes" in forge.gql(DEEP)["repositories"]
    assert "nodes" in forge.gql(COSTLY)["repositories"]
    deep = strict.gql_error(DEEP)
    assert deep.codes == ["BAD_USER_INPUT"]
    assert deep.errors[0]["message"] == "This query is 4 levels deep; the limit is 3."
    costly = strict.gql_error(COSTLY)
    assert costly.codes == ["BAD_USER_INPUT"]
    assert costly.errors[0]["message"].startswith("This query could return up to 41 objects")


def test_queries_within_lower_limits_still_run(strict: Forge) -> None:
    data = strict.gql("{ repositories(first: 2) { totalCount nodes { name } } }")
    assert data["repositories"]["totalCount"] >= 0


def test_rest_routes_run_their_own_operations_under_lower_limits(strict: Forge) -> None:
    # The REST dialects' documents are Ingot's own, checked against the defaults at start-up.
    response = strict.client.get(f"{strict.url}/api/v1/repos/search?limit=50")
    assert response.status_code == 200, response.text

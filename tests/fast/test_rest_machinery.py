"""The shared REST machinery without a server: operations, /api/v1 precedence, pure shapes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from starlette.requests import Request
from starlette.routing import Match, Route

from rest_compat import gogs
from rest_compat.dialect import Dialect, Page, rfc3339
from rest_compat.errors import ApiError
from rest_compat.gogs import shapes
from rest_compat.gogs.dialect import link_header
from rest_compat.mount import api_v1_routes
from rest_compat.operations import OperationError, load


def test_a_broken_operation_fails_at_load(tmp_path: Path) -> None:
    (tmp_path / "bad.graphql").write_text("query Broken { repository { nope } }")
    with pytest.raises(OperationError, match="Broken"):
        load(tmp_path)
    (tmp_path / "bad.graphql").write_text("query Broken {")
    with pytest.raises(OperationError):
        load(tmp_path)


def test_operations_carry_only_the_fragments_they_use(tmp_path: Path) -> None:
    (tmp_path / "ops.graphql").write_text(
        "fragment A on User { login ...B }\nfragment B on User { name }\n"
        "fragment C on User { email }\n"
        "query One { viewer { ...A } }\nquery Two { viewer { ...C } }\n"
    )
    ops = load(tmp_path)
    assert "fragment B" in ops["One"].text and "fragment C" not in ops["One"].text
    assert "fragment A" not in ops["Two"].text and not ops["Two"].is_mutation


def _scope(method: str, path: str) -> dict[str, Any]:
    return {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}


async def _ok(request: Request) -> Any:
    raise AssertionError("not called")


def _error(err: ApiError, request: Request) -> tuple[int, Any]:
    return err.status, {}


def test_only_the_owner_of_api_v1_answers_there() -> None:
    other = Dialect(name="other", error=_error, scopes="isurus")
    mine = Route("/user/repos", _ok, methods=["GET"], name="theirs")
    extra = Route("/only/theirs", _ok, methods=["GET"], name="extra")
    tables = {"gogs": (gogs.GOGS, gogs.ROUTES), "other": (other, [mine, extra])}

    def winner(routes: list[Any], path: str) -> str:
        for route in routes:
            match, _ = route.matches(_scope("GET", path))
            if match == Match.FULL:
                return str(route.name)
        return ""

    by_gogs = api_v1_routes("gogs", tables)
    assert winner(by_gogs, "/user/repos") == "listYourRepos"
    # Another dialect's route is not reached at /api/v1: the owner answers (404).
    assert winner(by_gogs, "/only/theirs") == "gogs-fallback"
    assert winner(by_gogs, "/nothing") == "gogs-fallback"
    by_other = api_v1_routes("other", tables)
    assert winner(by_other, "/user/repos") == "theirs"
    assert winner(by_other, "/repos/a/b") == "other-fallback"
    assert winner(by_other, "/nothing") == "other-fallback"


def test_link_header_names_next_last_first_prev() -> None:
    request = Request(
        _scope("GET", "/api/v1/user/repos")
        | {"query_string": b"page=2&limit=2", "server": ("h", 80), "scheme": "http"}
    )
    _, headers = link_header(request, [], Page(items=[1, 2], total=7, number=2, size=2))
    links = headers["Link"]
    assert 'page=3&limit=2>; rel="next"' in links and 'page=4&limit=2>; rel="last"' in links
    assert 'page=1&limit=2>; rel="first"' in links and 'page=1&limit=2>; rel="prev"' in links
    _, past = link_header(request, [], Page(items=[], total=7, number=9, size=2))
    assert 'rel="next"' not in past["Link"] and 'page=4&limit=2>; rel="prev"' in past["Link"]


def test_shapes_are_pure_and_follow_gogs() -> None:
    assert rfc3339("2026-06-27T14:09:00.123456+02:00") == "2026-06-27T12:09:00Z"
    owner = {"databaseId": 3, "login": "org", "name": "Org", "avatarUrl": ""}
    assert shapes.user(owner)["email"] == ""  # an organization owner still has the key
    assert shapes.issue_state("OPEN") == "open" and shapes.issue_state("CLOSED") == "closed"
    label = shapes.label({"databaseId": 4, "name": "bug", "color": "#EE0701"}, "http://h/r")
    assert label == {"id": 4, "name": "bug", "color": "EE0701", "url": "http://h/r/labels/4"}
    assert ApiError.from_graphql({"message": "m", "extensions": {"code": "CONFLICT"}}).status == 409


def test_a_rest_operation_is_parsed_once_and_then_served_from_the_cache(tmp_path: Path) -> None:
    import asyncio

    from strawberry.extensions.parser_cache import _get_parse_cache

    from app.config import Settings
    from app.services.actor import ANONYMOUS
    from app.services.runtime import Runtime
    from rest_compat.gogs.operations import OPS
    from schema import execute
    from schema.context import context_for

    settings = Settings(tmp_path, database_url="", secret_key="", base_url="", api_v1="gogs")
    runtime = Runtime.from_settings(settings)
    cache = _get_parse_cache(1024)  # the size schema/__init__.py gives ParserCache

    async def run() -> None:
        context = context_for(ANONYMOUS, "http://x", runtime=runtime)
        result = await execute(context, OPS["Viewer"].text, {}, "Viewer")
        assert result.errors is None and result.data == {"viewer": None}

    asyncio.run(run())
    before = cache.cache_info()
    for _ in range(3):
        asyncio.run(run())
    after = cache.cache_info()
    assert after.misses == before.misses and after.hits == before.hits + 3

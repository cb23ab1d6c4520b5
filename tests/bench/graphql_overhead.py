"""GraphQL overhead against direct Tortoise, and SQL queries per page of issues.

Run: ``.venv/bin/python tests/bench/graphql_overhead.py``. Prints ratios measured
in the same run (the machine is noisy, so no absolute target is asserted).
Targets (issue 2): schema/Tortoise <= 2.0 for ``repository(owner:, name:)``;
<= 5 SQL queries for a page of issues with authors and labels, for 10 and 100.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


async def _timed(fn: Callable[[], Awaitable[Any]], rounds: int) -> float:
    for _ in range(50):  # warm caches and the connection
        await fn()
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(rounds):
            await fn()
        samples.append((time.perf_counter() - start) / rounds)
    return statistics.median(samples)


class QueryCounter:
    """Counts statements sent through the default connection."""

    def __init__(self, client: Any) -> None:
        self.client, self.count = client, 0
        for name in ("execute_query", "execute_query_dict", "execute_insert"):
            original = getattr(client, name)
            setattr(client, name, self._wrap(original))

    def _wrap(self, original: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return await original(*args, **kwargs)

        return counted


async def main() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="ingot-bench-"))
    os.environ["INGOT_DATA_DIR"] = str(data_dir)
    from tortoise import Tortoise
    from tortoise.connection import get_connection

    import schema
    from app.config import load_settings, tortoise_config
    from app.models import Account, Repository
    from app.services import account as accounts
    from app.services import issue as issues
    from app.services import repository as repositories
    from app.services.actor import ANONYMOUS, Actor
    from app.services.runtime import Runtime
    from schema.context import context_for
    from server.cli import migrate

    settings = load_settings()
    await migrate(settings, quiet=True)
    runtime = Runtime.from_settings(settings)
    await Tortoise.init(config=tortoise_config(settings))
    user = await accounts.create_user(
        runtime.passwords, "bench", "bench@example.com", "bench-password"
    )
    actor = Actor(account=user)
    repo = await repositories.create_repository(runtime.storage, actor, user, "speed")
    labels = [await issues.create_label(actor, repo, f"l{i}", "#112233") for i in range(3)]
    for i in range(100):
        issue = await issues.create_issue(actor, repo, f"issue {i}", "body")
        await issues.set_labels(actor, repo, issue, [labels[i % 3].id])

    query = '{ repository(owner: "bench", name: "speed") { databaseId name isPrivate } }'

    async def through_schema() -> Any:
        result = await schema.execute(context_for(ANONYMOUS, "http://x", runtime=runtime), query)
        assert not result.errors, result.errors
        return result.data

    async def direct() -> Any:
        found = await Repository.get_or_none(owner__login_lower="bench", name_lower="speed")
        assert found is not None and not found.is_private
        return {"repository": {"databaseId": found.id, "name": found.name, "isPrivate": False}}

    graphql_time = await _timed(through_schema, 200)
    direct_time = await _timed(direct, 200)
    print(f"repository(owner:, name:) through the schema: {graphql_time * 1e6:8.1f} us")
    print(f"same lookup directly with Tortoise:          {direct_time * 1e6:8.1f} us")
    print(f"ratio schema / Tortoise: {graphql_time / direct_time:.2f}  (target <= 2.0)")

    counter = QueryCounter(get_connection("default"))
    for size in (10, 100):
        page = f"""{{ repository(owner: "bench", name: "speed") {{ issues(first: {size}) {{
          nodes {{ number title author {{ login }} labels {{ nodes {{ name color }} }} }} }} }} }}"""
        counter.count = 0
        result = await schema.execute(context_for(ANONYMOUS, "http://x", runtime=runtime), page)
        assert not result.errors, result.errors
        nodes = result.data["repository"]["issues"]["nodes"]  # type: ignore[index]
        assert len(nodes) == size and all(n["labels"] for n in nodes)
        print(
            f"SQL queries for {size:3d} issues with authors and labels: {counter.count}  (target <= 5)"
        )
    await Account.all().count()
    await Tortoise.close_connections()


if __name__ == "__main__":
    asyncio.run(main())

"""What ``bodyHTML`` costs on a list: 100 issues with and without it, and the SQL it adds.

Run: ``.venv/bin/python tests/bench/markdown.py``. Prints ratios measured in the same
run (the machine is noisy, so nothing is asserted). Each body is a realistic issue:
a paragraph, a task list, a fenced block, a table, two ``#N`` references and a mention,
all distinct: the first view (renderings forgotten before each run) and later views
(renderings kept across requests), and a first view where every body is the same
(rendered once per request).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.graphql_overhead import QueryCounter, _timed  # noqa: E402

BODY = """Steps to reproduce number {i}, see #{a} and #{b}, cc @bench.

- [x] clone the repository
- [ ] run `make test` with **{i}** workers

```python
def reproduce(n={i}):
    return [x * x for x in range(n)]
```

| case | result |
| --- | --- |
| {i} | ~~passes~~ fails |
"""

PAGE = """{{ repository(owner: "bench", name: "md") {{ issues(first: 100) {{
  nodes {{ number title body {html} author {{ login }} }} }} }} }}"""


async def main() -> None:
    os.environ["INGOT_DATA_DIR"] = tempfile.mkdtemp(prefix="ingot-bench-")
    from tortoise import Tortoise
    from tortoise.connection import get_connection

    import schema
    from app.config import load_settings, tortoise_config
    from app.markdown import cache
    from app.models import Issue
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
    user = await accounts.create_user(runtime.passwords, "bench", "b@example.com", "bench-pass")
    actor = Actor(account=user)
    repo = await repositories.create_repository(runtime.storage, actor, user, "md")
    for i in range(100):
        body = BODY.format(i=i, a=(i * 7) % 100 + 1, b=(i * 13) % 100 + 1)
        await issues.create_issue(actor, repo, f"issue {i}", body)

    def run(query: str) -> Any:
        async def execute() -> Any:
            result = await schema.execute(
                context_for(ANONYMOUS, "http://x", runtime=runtime), query
            )
            assert not result.errors, result.errors
            return result.data

        return execute

    without = await _timed(run(PAGE.format(html="")), 5)
    warm = await _timed(run(PAGE.format(html="bodyHTML")), 5)
    render_page = run(PAGE.format(html="bodyHTML"))

    async def first_view() -> Any:
        cache.clear()
        return await render_page()

    cold = await _timed(first_view, 3)
    print(f"100 issues without bodyHTML:                {without * 1e3:8.1f} ms")
    print(f"100 issues with bodyHTML, first view:       {cold * 1e3:8.1f} ms")
    print(f"100 issues with bodyHTML, renderings kept:  {warm * 1e3:8.1f} ms")
    print(f"ratio first view / without: {cold / without:.2f}")
    print(f"ratio renderings kept / without: {warm / without:.2f}")
    print(f"first rendering per body: {(cold - without) / 100 * 1e3:.2f} ms")

    counter = QueryCounter(get_connection("default"))
    for html in ("", "bodyHTML"):
        counter.count = 0
        await run(PAGE.format(html=html))()
        print(f"SQL queries for the page {'with' if html else 'without'} bodyHTML: {counter.count}")

    await Issue.all().update(body=BODY.format(i=1, a=2, b=3))

    async def equal_first_view() -> Any:
        cache.clear()
        return await render_page()

    same = await _timed(equal_first_view, 3)
    print(f"100 equal bodies with bodyHTML (rendered once per request): {same * 1e3:8.1f} ms")
    print(f"ratio equal bodies / without: {same / without:.2f}")
    await Tortoise.close_connections()


if __name__ == "__main__":
    asyncio.run(main())

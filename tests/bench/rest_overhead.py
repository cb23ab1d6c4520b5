# ruff: noqa: S608  (benchmark set-up SQL, built from integers and generated logins)
"""REST and GraphQL against hand-written Starlette + Tortoise endpoints, over real HTTP.

Run: ``.venv/bin/python tests/bench/rest_overhead.py [seconds] [concurrency]
[--backends sqlite,postgres] [--deep N]``.

For each configuration (SQLite with one worker; PostgreSQL with one and with two
worker processes, ``ingot serve --workers``) it starts a real server with the
raw endpoints of ``tests/bench/raw_endpoint.py``, creates a public repository
with 1,000 issues (an author and two labels each) and one with ``N`` issues
(default 200,000, inserted with one SQL statement; counters set as the migration
sets them), then drives keep-alive requests from a separate process in
interleaved rounds.

The raw endpoints make **the same database reads** as Ingot (its compiled
repository lookup, the counters, the same pagination service and one query per
relation), so each ratio is what the GraphQL and REST machinery alone costs:

- a single repository: Gogs ``getRepo`` / raw (target >= 0.80);
- a 100-issue page: Gogs ``listIssues``, Isurus' list and the same selection in
  GraphQL / the raw Gogs page (target >= 0.60);
- deep pages: the last and the middle page of the large repository / page 1 of
  it, and page 1 of it / page 1 of the small one (Gogs and GraphQL);
- workers: each figure with two workers / with one (PostgreSQL).

Every round is measured in this one run; the figures depend on the machine's
load (print them with it). Prints figures only; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.backends import database, sql  # noqa: E402
from tests.conftest import start_server  # noqa: E402
from tests.forge import Forge  # noqa: E402

# The load generator runs in its own process so it does not share the server's GIL, and
# speaks keep-alive HTTP/1.1 over bare asyncio streams: a full client library costs
# more per request than the fastest endpoint here, and a load generator that saturates
# first would squeeze every ratio towards 1.
LOAD = r"""
import asyncio, json, sys, time
from urllib.parse import urlsplit

async def main(url, seconds, concurrency, body):
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    if body:
        data = body.encode()
        request = (
            f"POST {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: application/json\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
        ).encode() + data
    else:
        request = (
            f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: application/json\r\n\r\n"
        ).encode()
    done = 0

    async def get(reader, writer):
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        status = head.split(b" ", 2)[1]
        length = 0
        for header in head.split(b"\r\n")[1:]:
            name, _, value = header.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        answer = await reader.readexactly(length)
        assert status == b"200", (head, answer)

    warm = []

    async def worker(stop):
        nonlocal done
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        for _ in range(3):
            await get(reader, writer)
        warm.append(1)
        if len(warm) == concurrency:
            warmed.set()
        await ready.wait()
        while time.perf_counter() < stop[0]:
            await get(reader, writer)
            done += 1
        writer.close()

    ready, warmed = asyncio.Event(), asyncio.Event()
    stop = [0.0]
    tasks = [asyncio.create_task(worker(stop)) for _ in range(concurrency)]
    await warmed.wait()  # every connection open and warm before the clock starts
    start = time.perf_counter()
    stop[0] = start + seconds
    ready.set()
    await asyncio.gather(*tasks)
    print(json.dumps({"rps": done / (time.perf_counter() - start)}))

asyncio.run(main(sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))
"""

GRAPHQL_PAGE = """query($o: String!, $n: String!, $page: Int!) { repository(owner: $o, name: $n) {
  issues(states: [NEW, OPEN], first: 100, page: $page, newestFirst: true) { totalCount nodes {
    databaseId number title body state url createdAt updatedAt closedAt
    author { ... on User { databaseId login name email avatarUrl } }
    labels { databaseId name color description } commentCount
    assignees { databaseId login name email avatarUrl }
    milestone { databaseId title } } } } }"""


def rps(url: str, seconds: float, concurrency: int, body: str = "") -> float:
    out = subprocess.run(
        [sys.executable, "-c", LOAD, url, str(seconds), str(concurrency), body],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds * 10 + 120,
    )
    return float(json.loads(out.stdout)["rps"])


def _insert_issues(forge: Forge, repo_id: int, count: int, author_id: int) -> None:
    state = "CASE n % 3 WHEN 0 THEN 'CLOSED' WHEN 1 THEN 'OPEN' ELSE 'NEW' END"
    columns = "repository_id, number, title, body, state, author_id, created_at, updated_at"
    values = f"{repo_id}, n, 'Issue ' || n, 'Body of ' || n, {state}, {author_id}"
    if forge.backend == "sqlite":
        rows = f"WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {count})"
        stamp = "'2026-01-01 00:00:00+00:00'"
        sql(forge, f"{rows} INSERT INTO issue ({columns}) SELECT {values}, {stamp}, {stamp} FROM s")
    else:
        sql(
            forge,
            f"INSERT INTO issue ({columns}) SELECT {values}, now(), now() "
            f"FROM generate_series(1, {count}) AS n",
        )
    sql(
        forge,
        f"UPDATE repository SET issue_counter = {count}, "
        f"new_issue_count = (SELECT COUNT(*) FROM issue WHERE repository_id = {repo_id} "
        "AND state = 'NEW'), "
        f"open_issue_count = (SELECT COUNT(*) FROM issue WHERE repository_id = {repo_id} "
        "AND state IN ('NEW', 'OPEN')), "
        f"closed_issue_count = (SELECT COUNT(*) FROM issue WHERE repository_id = {repo_id} "
        f"AND state = 'CLOSED') WHERE id = {repo_id}",
    )


def seed(forge: Forge, deep: int) -> dict[str, Any]:
    user = forge.new_user("bench")
    small = forge.new_repo(user, name="speed")
    labels = [
        forge.gql(
            "mutation($i: CreateLabelInput!) { createLabel(input: $i) { label { databaseId } } }",
            {"i": {"repositoryId": small["id"], "name": name, "color": "#00aa00"}},
            token=user.token,
        )["createLabel"]["label"]["databaseId"]
        for name in ("bug", "ui")
    ]
    author = int(sql(forge, f"SELECT id FROM account WHERE login = '{user.login}'")[0][0])
    _insert_issues(forge, small["databaseId"], 1000, author)
    for label in labels:
        sql(
            forge,
            f"INSERT INTO issue_label (issue_id, label_id) SELECT id, {label} FROM issue "
            f"WHERE repository_id = {small['databaseId']}",
        )
    if deep:
        large = forge.new_repo(user, name="deep")
        _insert_issues(forge, large["databaseId"], deep, author)
    if forge.backend == "postgres":
        sql(forge, "VACUUM ANALYZE issue")
        sql(forge, "VACUUM ANALYZE issue_label")
    return {"login": user.login}


@contextmanager
def server(backend: str, workers: int) -> Iterator[Forge]:
    with ExitStack() as stack:
        url = stack.enter_context(database(backend))
        forge = start_server(
            Path(tempfile.mkdtemp(prefix="ingot-rest-bench-")),
            url,
            extra_env={"INGOT_WORKERS": str(workers)},
            launcher=["-m", "tests.bench.raw_endpoint"],
        )
        forge.backend = backend
        try:
            yield forge
        finally:
            forge.stop()


def measure(
    forge: Forge, owner: str, deep: int, seconds: float, concurrency: int, rounds: int
) -> dict[str, float]:
    base = forge.url
    gogs = f"{base}/api/v1/repos/{owner}"
    raw = f"{base}/bench/raw-same-queries/repos/{owner}"

    def gql(name: str, page: int) -> str:
        variables = {"o": owner, "n": name, "page": page}
        return json.dumps({"query": GRAPHQL_PAGE, "variables": variables})

    targets: dict[str, tuple[str, str]] = {
        "repo rest": (f"{gogs}/speed", ""),
        "repo raw": (f"{raw}/speed", ""),
        "page gogs": (f"{gogs}/speed/issues?limit=100", ""),
        "page isurus": (f"{base}/isurus/api/v1/repos/{owner}/speed/issues?per_page=100", ""),
        "page graphql": (f"{base}/graphql", gql("speed", 1)),
        "page raw": (f"{raw}/speed/issues?limit=100", ""),
    }
    if deep:
        open_issues = deep - deep // 3
        last = -(-open_issues // 100)
        targets.update(
            {
                "deep gogs 1": (f"{gogs}/deep/issues?limit=100", ""),
                # The deepest full page (the last may hold fewer than 100).
                "deep gogs last": (f"{gogs}/deep/issues?limit=100&page={last - 1}", ""),
                "deep gogs middle": (f"{gogs}/deep/issues?limit=100&page={last // 2}", ""),
                "deep graphql 1": (f"{base}/graphql", gql("deep", 1)),
                "deep graphql middle": (f"{base}/graphql", gql("deep", last // 2)),
            }
        )
    same = [
        forge.client.get(targets["page gogs"][0]),
        forge.client.get(targets["page raw"][0]),
    ]
    # The raw page's links name its own path; the rest must match.
    link = same[1].headers.get("Link", "").replace("/bench/raw-same-queries/", "/api/v1/")
    differences = [] if same[0].headers.get("Link", "") == link else ["Link"]
    if same[0].headers.get("X-Total-Count") != same[1].headers.get("X-Total-Count"):
        differences.append("X-Total-Count")
    if same[0].json() != same[1].json():
        differences.append("JSON")
    elif same[0].content != same[1].content:
        differences.append("bytes (key order or spacing)")
    print(f"  raw issue page as Gogs' (JSON, X-Total-Count, Link): {differences or 'identical'}")
    runs: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(rounds):
        for name, (url, body) in targets.items():
            runs[name].append(rps(url, seconds, concurrency, body))
    for name, values in runs.items():
        print(f"  {name:20} {statistics.median(values):8.1f} req/s  {[round(v) for v in values]}")
    return {name: statistics.median(values) for name, values in runs.items()}


def ratios(figures: dict[str, float]) -> None:
    def show(label: str, top: str, bottom: str, target: str = "") -> None:
        if figures.get(top) and figures.get(bottom):
            print(f"  {label:44} {figures[top] / figures[bottom]:5.2f}  {target}")

    show("repository: Gogs / raw (same reads)", "repo rest", "repo raw", "(target >= 0.80)")
    for dialect in ("gogs", "isurus", "graphql"):
        show(
            f"100-issue page: {dialect} / raw (same reads)",
            f"page {dialect}",
            "page raw",
            ">= 0.60",
        )
    show("deep: Gogs deepest full page / its page 1", "deep gogs last", "deep gogs 1", "(>= 0.50)")
    show("deep: Gogs middle page / its page 1", "deep gogs middle", "deep gogs 1")
    show("deep: Gogs page 1 of large / of 1k repo", "deep gogs 1", "page gogs", "(>= 0.91)")
    show("deep: GraphQL middle page / its page 1", "deep graphql middle", "deep graphql 1")
    show("deep: GraphQL page 1 of large / of 1k repo", "deep graphql 1", "page graphql")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("seconds", type=float, nargs="?", default=3.0)
    parser.add_argument("concurrency", type=int, nargs="?", default=8)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--deep", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    configurations = [
        (backend, workers)
        for backend in args.backends.split(",")
        for workers in ((1,) if backend == "sqlite" else (1, 2))
    ]
    results: dict[tuple[str, int], dict[str, float]] = {}
    for backend, workers in configurations:
        print(
            f"{backend}, {workers} worker(s): concurrency {args.concurrency}, "
            f"{args.seconds:.0f} s per round, {args.rounds} rounds each"
        )
        with server(backend, workers) as forge:
            owner = seed(forge, args.deep)["login"]
            results[(backend, workers)] = measure(
                forge, owner, args.deep, args.seconds, args.concurrency, args.rounds
            )
        ratios(results[(backend, workers)])
    one, two = results.get(("postgres", 1)), results.get(("postgres", 2))
    if one and two:
        print("postgres, 2 workers / 1 worker:")
        for name in (
            "repo rest",
            "repo raw",
            "page gogs",
            "page isurus",
            "page graphql",
            "page raw",
        ):
            print(f"  {name:20} {two[name] / one[name]:5.2f}")


if __name__ == "__main__":
    main()

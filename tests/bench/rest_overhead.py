"""REST-through-GraphQL against a hand-written Starlette + Tortoise endpoint, over real HTTP.

Run: ``.venv/bin/python tests/bench/rest_overhead.py [seconds] [concurrency]``.
Starts a real server with ``INGOT_BENCH_RAW_ENDPOINT=1`` (SQLite), creates a
public repository with issues, then drives concurrent GETs from a separate
process against ``/api/v1/repos/{owner}/{repo}`` (Gogs ``getRepo``: a GraphQL
operation reshaped) and ``/bench/raw/repos/{owner}/{repo}`` (the same JSON
by hand), alternating rounds. Prints requests/second and the ratio
REST / raw (target >= 0.70). Prints figures only; asserts nothing.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.conftest import start_server  # noqa: E402

# The load generator runs in its own process so it does not share the server's cores' GIL.
LOAD = r"""
import asyncio, json, sys, time
import httpx

async def main(url, seconds, concurrency):
    done = 0
    stop = time.perf_counter() + seconds
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=concurrency)) as client:
        for _ in range(20):
            assert (await client.get(url)).status_code == 200
        async def worker():
            nonlocal done
            while time.perf_counter() < stop:
                response = await client.get(url)
                assert response.status_code == 200, response.text
                done += 1
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        print(json.dumps({"rps": done / (time.perf_counter() - start)}))

asyncio.run(main(sys.argv[1], float(sys.argv[2]), int(sys.argv[3])))
"""


def rps(url: str, seconds: float, concurrency: int) -> float:
    out = subprocess.run(
        [sys.executable, "-c", LOAD, url, str(seconds), str(concurrency)],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds * 10 + 60,
    )
    return float(json.loads(out.stdout)["rps"])


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    concurrency = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    forge = start_server(
        Path(tempfile.mkdtemp(prefix="ingot-rest-bench-")),
        None,
        {"INGOT_BENCH_RAW_ENDPOINT": "1"},
    )
    try:
        user = forge.new_user("bench")
        repo = forge.new_repo(user, name="speed")
        for i in range(5):
            forge.gql(
                "mutation($r: ID!, $t: String!) { createIssue(input: {repositoryId: $r, "
                "title: $t}) { issue { number } } }",
                {"r": repo["id"], "t": f"issue {i}"},
                token=user.token,
            )
        rest_url = f"{forge.url}/api/v1/repos/{user.login}/speed"
        raw_url = f"{forge.url}/bench/raw/repos/{user.login}/speed"
        rest_body = forge.client.get(rest_url).json()
        raw_body = forge.client.get(raw_url).json()
        assert rest_body == raw_body, (rest_body, raw_body)
        raw_runs, rest_runs = [], []
        for _ in range(3):
            raw_runs.append(rps(raw_url, seconds, concurrency))
            rest_runs.append(rps(rest_url, seconds, concurrency))
        raw, rest = statistics.median(raw_runs), statistics.median(rest_runs)
        print(f"concurrency {concurrency}, {seconds:.0f} s per round, 3 rounds each, SQLite")
        print(f"raw Starlette + Tortoise: {raw:8.1f} req/s  {[round(r) for r in raw_runs]}")
        print(f"Gogs getRepo via GraphQL: {rest:8.1f} req/s  {[round(r) for r in rest_runs]}")
        print(f"ratio REST / raw: {rest / raw:.2f}  (target >= 0.70)")
    finally:
        forge.stop()


if __name__ == "__main__":
    main()

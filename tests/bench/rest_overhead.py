"""REST-through-GraphQL against a hand-written Starlette + Tortoise endpoint, over real HTTP.

Run: ``.venv/bin/python tests/bench/rest_overhead.py [seconds] [concurrency]``.
Starts a real server with the raw endpoints of ``tests/bench/raw_endpoint.py`` (SQLite), creates a
public repository with issues, then drives concurrent GETs from a separate
process against ``/api/v1/repos/{owner}/{repo}`` (Gogs ``getRepo``: a GraphQL
operation reshaped) and two hand-written endpoints giving the same JSON
(``tests/bench/raw_endpoint.py``), in interleaved rounds:

- ``/bench/raw/...``: plain Tortoise querysets. REST / raw is the figure the
  target (>= 0.70) is set against.
- ``/bench/raw-same-queries/...``: the same database reads Ingot makes (its
  compiled repository lookup, the open-issue counter column). REST / this is
  what the GraphQL and REST machinery alone cost.

Prints requests/second and both ratios. Prints figures only; asserts nothing.
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

# The load generator runs in its own process so it does not share the server's GIL, and
# speaks keep-alive HTTP/1.1 over bare asyncio streams: a full client library costs
# more per request than the fastest endpoint here, and a load generator that saturates
# first would squeeze every ratio towards 1.
LOAD = r"""
import asyncio, json, sys, time
from urllib.parse import urlsplit

async def main(url, seconds, concurrency):
    parts = urlsplit(url)
    request = (
        f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: application/json\r\n\r\n"
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
        body = await reader.readexactly(length)
        assert status == b"200", (head, body)

    async def worker(stop):
        nonlocal done
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        for _ in range(5):
            await get(reader, writer)
        await ready.wait()
        while time.perf_counter() < stop[0]:
            await get(reader, writer)
            done += 1
        writer.close()

    ready = asyncio.Event()
    stop = [0.0]
    tasks = [asyncio.create_task(worker(stop)) for _ in range(concurrency)]
    await asyncio.sleep(0.5)
    start = time.perf_counter()
    stop[0] = start + seconds
    ready.set()
    await asyncio.gather(*tasks)
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
        launcher=["-m", "tests.bench.raw_endpoint"],
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
        urls = {
            "rest": f"{forge.url}/api/v1/repos/{user.login}/speed",
            "raw": f"{forge.url}/bench/raw/repos/{user.login}/speed",
            "same": f"{forge.url}/bench/raw-same-queries/repos/{user.login}/speed",
        }
        bodies = [forge.client.get(url).json() for url in urls.values()]
        assert bodies[0] == bodies[1] == bodies[2], bodies
        runs: dict[str, list[float]] = {name: [] for name in urls}
        for _ in range(3):
            for name, url in urls.items():
                runs[name].append(rps(url, seconds, concurrency))
        rest, raw, same = (statistics.median(runs[name]) for name in ("rest", "raw", "same"))

        def line(label: str, name: str, value: float) -> str:
            return f"{label} {value:8.1f} req/s  {[round(r) for r in runs[name]]}"

        print(f"concurrency {concurrency}, {seconds:.0f} s per round, 3 rounds each, SQLite")
        print(line("raw Starlette + Tortoise:          ", "raw", raw))
        print(line("raw, with Ingot's database reads:  ", "same", same))
        print(line("Gogs getRepo via GraphQL:          ", "rest", rest))
        print(f"ratio REST / raw: {rest / raw:.2f}  (target >= 0.70)")
        print(f"ratio REST / raw with the same database reads: {rest / same:.2f}")
    finally:
        forge.stop()


if __name__ == "__main__":
    main()

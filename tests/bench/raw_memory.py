"""Server memory during parallel raw downloads of a large blob (issue 14's target).

Run: ``.venv/bin/python tests/bench/raw_memory.py [--megabytes 200] [--parallel 8]``.
Starts a real Ingot on SQLite, writes a ``--megabytes`` binary file straight
into a public repository (``git hash-object -w`` from a pipe), and downloads
it ``--parallel`` times at once, half through ``/{owner}/{repo}/raw/...`` and
half through Gogs' ``/api/v1/repos/.../raw/...`` (which redirects a large
file to the first). Prints the server's RSS when idle, its peak (sampled every
20 ms from ``/proc/<pid>/status``), the growth (target: under 150 MB above
idle) and the throughput; then the same for 8 parallel Gogs ``git/blobs``
refusals of the blob. Never asserts.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.conftest import start_server  # noqa: E402
from tests.git.gitcli import repo_path  # noqa: E402
from tests.hardening.bigblob import add_blob  # noqa: E402

TARGET_MIB = 150


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def measure(pid: int, work: list, parallel: int) -> tuple[float, float, list]:
    """(idle RSS, peak RSS, results) while ``work`` runs on ``parallel`` threads."""
    idle = rss_mib(pid)
    peak = idle
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_mib(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        with ThreadPoolExecutor(max_workers=parallel) as pool:
            results = list(pool.map(lambda job: job(), work))
    finally:
        done.set()
        sampler.join()
    return idle, peak, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--parallel", type=int, default=8)
    args = parser.parse_args()
    size = args.megabytes * 1024 * 1024
    tmp = Path(tempfile.mkdtemp(prefix="ingot-bench-raw-"))
    forge = start_server(tmp / "server", None)
    try:
        user = forge.new_user()
        name = forge.new_repo(user)["nameWithOwner"]
        oid = add_blob(repo_path(forge, name), "big", "big.bin", size)
        pid = forge.process.pid
        client = httpx.Client(base_url=forge.url, timeout=600)

        def download(path: str) -> tuple[int, str]:
            digest = hashlib.sha1(f"blob {size}\0".encode(), usedforsecurity=False)
            got = 0
            with client.stream("GET", path, follow_redirects=True) as response:
                response.raise_for_status()
                for chunk in response.iter_bytes(1024 * 1024):
                    got += len(chunk)
                    digest.update(chunk)
            return got, digest.hexdigest()

        paths = [f"/{name}/raw/big/big.bin", f"/api/v1/repos/{name}/raw/big/big.bin"]
        jobs = [
            (lambda p=paths[i % 2]: download(p))  # type: ignore[misc]
            for i in range(args.parallel)
        ]
        download(paths[0])  # warm: the first request of a process loads the routes
        started = time.perf_counter()
        idle, peak, results = measure(pid, jobs, args.parallel)
        seconds = time.perf_counter() - started
        intact = all(r == (size, oid) for r in results)
        total = args.parallel * args.megabytes
        print(
            f"{args.parallel} parallel raw downloads of {args.megabytes} MB "
            f"({'all intact' if intact else 'CORRUPT'}), {total / seconds:.0f} MB/s in total"
        )
        print(
            f"server RSS idle {idle:.0f} MiB, peak {peak:.0f} MiB: "
            f"+{peak - idle:.0f} MiB (target < {TARGET_MIB}; ratio {(peak - idle) / TARGET_MIB:.2f})"
        )
        auth = {"Authorization": f"token {user.token}"}
        refusals = [
            (lambda: client.get(f"/api/v1/repos/{name}/git/blobs/{oid}", headers=auth).json())
            for _ in range(args.parallel)
        ]
        idle, peak, answers = measure(pid, refusals, args.parallel)
        refused = all(a.get("encoding") == "none" for a in answers)
        print(
            f"{args.parallel} parallel Gogs git/blobs of it ({'refused' if refused else '?'}): "
            f"server RSS idle {idle:.0f} MiB, peak {peak:.0f} MiB: +{peak - idle:.0f} MiB"
        )
        client.close()
    finally:
        forge.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

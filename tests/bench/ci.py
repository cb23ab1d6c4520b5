"""CI through a real ``ingot runner`` (prints, never fails).

1. With an idle runner (default ``--poll-interval``, 0.25 s): from ``git push``
   returning to the first step starting (its ``startedAt``), over several pushes;
   target under 1 s (ratio printed).
2. 50 pipelines of one trivial step, queued first, then run by 2 runners
   (capacity 2 each): pipelines per minute, and the ratio to the rate one
   pipeline alone would give (push-to-finish of a single pipeline, as the baseline).

Both on SQLite and, when reachable, PostgreSQL.
Run: ``python tests/bench/ci.py [PUSHES] [PIPELINES]`` (default 10, 50).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.backends import database  # noqa: E402
from tests.ci.runners import pipeline, push, running_runner, trigger, wait_pipeline  # noqa: E402
from tests.conftest import start_server  # noqa: E402
from tests.forge import Forge  # noqa: E402
from tests.git.gitcli import Git  # noqa: E402

WORKFLOW = "[step:go]\nrun: echo go\n"


def _moment(value: str) -> float:
    return datetime.fromisoformat(value).timestamp()


@contextmanager
def _forge(backend: str, tmp: Path) -> Iterator[Forge]:
    with database(backend) as url:
        forge = start_server(tmp, url)
        try:
            yield forge
        finally:
            forge.stop()


def _latency(forge: Forge, tmp: Path, pushes: int) -> tuple[list[float], float]:
    """Push-returned to step-started, per push; and one pipeline's push-to-finish."""
    user = forge.new_user("bench")
    repo = forge.new_repo(user)
    git, work, name = Git(tmp / "home"), tmp / "work", repo["nameWithOwner"]
    delays, whole = [], 0.0
    with running_runner(forge, capacity=1, poll_interval=None):
        # One pipeline first: the runner is up and the repository warm.
        push(forge, git, work, user, name, {".kod/workflows/go.toml": WORKFLOW})
        wait_pipeline(forge, user.token, name, 1)
        for number in range(2, pushes + 2):
            push(forge, git, work, user, name, {"n.txt": str(number)})
            returned = time.time()
            found = wait_pipeline(forge, user.token, name, number)
            delays.append(_moment(found["steps"]["nodes"][0]["startedAt"]) - returned)
            whole = time.time() - returned if number == 2 else whole
    return delays, whole


def _throughput(forge: Forge, tmp: Path, count: int) -> float:
    """Pipelines per minute through 2 runners, the queue filled first."""
    user = forge.new_user("bench")
    repo = forge.new_repo(user)
    name = repo["nameWithOwner"]
    push(forge, Git(tmp / "home2"), tmp / "work2", user, name,
         {".kod/workflows/go.toml": WORKFLOW})  # fmt: skip
    numbers = [1, *(trigger(forge, user, repo) for _ in range(count - 1))]
    with ExitStack() as runners:
        start = time.time()
        for _ in range(2):
            runners.enter_context(running_runner(forge, capacity=2, poll_interval=None))
        finished = [wait_pipeline(forge, user.token, name, n, timeout=600) for n in numbers]
    last = max(_moment(p["finishedAt"]) for p in finished)
    assert all(p["status"] == "SUCCESS" for p in finished), [p["status"] for p in finished]
    assert pipeline(forge, user.token, name, count)["status"] == "SUCCESS"
    return count / ((last - start) / 60)


def main(pushes: int, count: int) -> None:
    for backend in ("sqlite", "postgres"):
        with tempfile.TemporaryDirectory() as scratch:
            tmp = Path(scratch)
            try:
                with _forge(backend, tmp / "forge") as forge:
                    delays, whole = _latency(forge, tmp, pushes)
                    rate = _throughput(forge, tmp, count)
            except BaseException as exc:  # pytest.skip when PostgreSQL is unreachable
                print(f"{backend}: skipped ({type(exc).__name__}: {exc})")
                continue
        median, worst = statistics.median(delays), max(delays)
        print(f"{backend}: push returned -> first step started, {pushes} pushes:")
        print(f"  median {median:.3f} s, max {worst:.3f} s; median / 1 s target = {median:.2f}")
        alone = 60 / whole
        print(f"{backend}: {count} pipelines through 2 runners: {rate:.1f} pipelines/min")
        print(f"  one pipeline alone (push to finish {whole:.2f} s) would be {alone:.1f}/min;")
        print(f"  ratio {rate / alone:.2f}x")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*(args + [10, 50][len(args) :]))

"""Webhooks off the push's path, and how fast the senders drain the outbox (prints, never fails).

1. A push to a repository with 5 active webhooks against the same push to one
   with none, on one server: the ratio of the medians (target <= 1.02: the
   deliveries are rows written in the push's transaction; sending happens later).
2. 1,000 deliveries written at once into the outbox of a server whose senders
   post them to a local receiver: deliveries per second from the first request
   received to the last, and the server's peak RSS, on SQLite and PostgreSQL.

Run: ``python -m tests.bench.webhooks [PUSHES]`` (default 30; PostgreSQL at
the tests' address, skipped when unreachable).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.backends import database, sql
from tests.conftest import start_server
from tests.forge import Forge
from tests.git.gitcli import Git, url
from tests.webhooks.flow import create_hook
from tests.webhooks.receiver import Receiver, receiver

ENV = {"INGOT_ALLOW_PRIVATE_WEBHOOKS": "true", "INGOT_SECRET_KEY": "bench-key"}


def _push_times(
    forge: Forge, sink: Receiver, tmp: Path, pushes: int
) -> tuple[list[float], list[float]]:
    owner = forge.new_user("bench")
    hooked, plain = forge.new_repo(owner), forge.new_repo(owner)
    for n in range(5):
        create_hook(forge, owner.token, hooked["id"], f"{sink.url}/{n}", secret="s")
    git = Git(tmp / "home")
    works = {}
    for repo in (hooked, plain):
        work = git.init(tmp / repo["name"])
        git.commit(work, "f.txt", "0\n", "start")
        git.run("push", "-q", url(forge, repo["nameWithOwner"], owner.token), "main", cwd=work)
        works[repo["id"]] = work
    times: dict[str, list[float]] = {hooked["id"]: [], plain["id"]: []}
    for i in range(pushes):
        for repo in (plain, hooked) if i % 2 else (hooked, plain):
            work = works[repo["id"]]
            git.commit(work, "f.txt", f"{i + 1}\n", f"change {i}")
            remote = url(forge, repo["nameWithOwner"], owner.token)
            start = time.perf_counter()
            git.run("push", "-q", remote, "main", cwd=work)
            times[repo["id"]].append(time.perf_counter() - start)
    return times[hooked["id"]], times[plain["id"]]


def _outbox(forge: Forge, hook_id: int, repository_id: int, count: int) -> None:
    """``count`` due ping deliveries written straight into the outbox in one statement."""
    postgres = forge.env.get("INGOT_DATABASE_URL") is not None
    if postgres:
        numbers, guid, moment = (
            "generate_series(1, {n}) AS g(n)",
            "md5(random()::text || n)",
            "now()",
        )
    else:
        numbers = "(WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < {n}) SELECT n FROM c)"
        guid, moment = "lower(hex(randomblob(16)))", "'2000-01-01 00:00:00+00:00'"
    source = numbers.format(n=count)
    # Only numbers and fixed SQL go into the statement.
    statement = (
        "INSERT INTO webhook_delivery (guid, webhook_id, repository_id, event, action, facts, "  # noqa: S608
        "status, attempts, max_attempts, next_attempt_at, last_error, attempts_log, created_at) "
        f"SELECT {guid}, {int(hook_id)}, {int(repository_id)}, 'ping', '', '{{}}', 'pending', "
        f"0, 4, {moment}, '', '[]', {moment} FROM {source}"
    )
    sql(forge, statement)


def _peak_rss_mib(forge: Forge) -> float:
    for line in Path(f"/proc/{forge.process.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _drain(backend: str, tmp: Path, count: int) -> None:
    with database(backend) as db_url, receiver() as sink:
        forge = start_server(tmp, db_url, ENV)
        try:
            owner = forge.new_user("drain")
            repo = forge.new_repo(owner)
            hook = create_hook(forge, owner.token, repo["id"], sink.url, secret="s")
            _outbox(forge, hook["databaseId"], repo["databaseId"], count)
            started = time.perf_counter()
            sink.wait(1, timeout=120)
            first = time.perf_counter()
            sink.wait(count, timeout=600)
            last = time.perf_counter()
            rate = (count - 1) / max(last - first, 1e-9)
            print(
                f"{backend}: {count} deliveries in {last - first:.2f} s after the first "
                f"({first - started:.2f} s to pick up): {rate:.0f} deliveries/s; "
                f"server peak RSS {_peak_rss_mib(forge):.0f} MiB"
            )
        finally:
            forge.stop()


def main(pushes: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, receiver() as sink:
        forge = start_server(Path(tmp) / "push", None, ENV)
        try:
            hooked, plain = _push_times(forge, sink, Path(tmp), pushes)
        finally:
            forge.stop()
        for name, pick in (("median", statistics.median), ("fastest", min)):
            with_hooks, without = pick(hooked), pick(plain)
            print(
                f"push, {name} of {pushes}: 5 webhooks {with_hooks * 1000:.1f} ms, none "
                f"{without * 1000:.1f} ms, ratio {with_hooks / without:.3f} (target <= 1.02)"
            )
    for backend in ("sqlite", "postgres"):
        with tempfile.TemporaryDirectory() as tmp:
            try:
                _drain(backend, Path(tmp), 1000)
            except BaseException as exc:  # an unreachable PostgreSQL skips, pytest-style
                print(f"{backend}: skipped ({type(exc).__name__}: {exc})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)

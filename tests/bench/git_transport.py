"""Git over Ingot's smart HTTP against git's own local transport, and what maintenance buys.

Run: ``.venv/bin/python tests/bench/git_transport.py [--commits N] [--megabytes M] [--rounds R]``.
Builds a repository (default 10,000 commits, >= 50 MB packed, incompressible
blobs) with ``git fast-import``, starts a real Ingot on SQLite, and measures in
one run (``--rounds`` rounds, each timing Ingot and the local run back to back,
each run starting after ``sync``; ratios are the median of the rounds' ratios,
printed with their spread):

- push of the whole history through Ingot vs to a local bare path (target <= 1.15), and
  again against a local bare path that checks pushed objects as Ingot's repositories do
  (``receive.fsckObjects``), which leaves the transport's own share;
- clone through Ingot vs ``git clone --no-local`` of the same bare path (target <= 1.10),
  before and after the ``maintain`` job (commit-graph, bitmapped repack);
- the server's peak RSS while each runs (sampled from ``/proc/<pid>/status``).

Each line also prints the spread of its rounds' ratios and the ratio of the two
fastest runs (noise on this kind of machine only ever adds time); the targets
are judged on the median.

Prints ratios; never asserts on time (the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.conftest import free_port, start_server  # noqa: E402
from tests.forge import Forge  # noqa: E402


def git(*args: str, env: dict[str, str], cwd: Path | None = None) -> None:
    subprocess.run(["git", *args], env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def git_env(tmp: Path) -> dict[str, str]:
    """git's environment for a benchmark: a HOME of its own under ``tmp``, no prompts."""
    (tmp / "home").mkdir()
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp / "home"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
    }


def build_history(path: Path, commits: int, megabytes: int, env: dict[str, str]) -> None:
    """``commits`` commits on main over 100 files, with random (incompressible) blobs."""
    git("init", "-q", "--bare", "-b", "main", str(path), env=env)
    blob_size = megabytes * 1024 * 1024 // commits + 1
    fast_import = subprocess.Popen(
        ["git", "-C", str(path), "fast-import", "--quiet"], stdin=subprocess.PIPE, env=env
    )
    assert fast_import.stdin is not None
    out = fast_import.stdin
    for n in range(1, commits + 1):
        data = os.urandom(blob_size)
        message = f"commit {n}\n".encode()
        out.write(b"blob\nmark :%d\ndata %d\n%s\n" % (2 * n, len(data), data))
        out.write(b"commit refs/heads/main\nmark :%d\n" % (2 * n + 1))
        out.write(b"committer Ada <ada@example.com> %d +0000\n" % (1_700_000_000 + n))
        out.write(b"data %d\n%s" % (len(message), message))
        if n > 1:
            out.write(b"from :%d\n" % (2 * n - 1))
        out.write(b"M 100644 :%d dir%02d/file%02d.bin\n\n" % (2 * n, n % 10, n % 100))
    out.close()
    if fast_import.wait() != 0:
        raise RuntimeError("git fast-import failed")
    git("-C", str(path), "tag", "v1", "main~100", env=env)


def packed_megabytes(path: Path) -> float:
    return sum(p.stat().st_size for p in (path / "objects" / "pack").glob("*.pack")) / 2**20


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@contextmanager
def peak_rss(pid: int) -> Iterator[list[int]]:
    """Samples ``pid``'s resident set every 20 ms; the list holds the peak in kB when done."""
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _rss_kb(pid))
            time.sleep(0.02)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        done.set()
        thread.join()


def seconds(run: Callable[[int], None], n: int) -> float:
    # The previous run's pack (~55 MB) is written back first, so its writeback does not
    # land in the middle of this run (it did, and made one side or the other slower).
    os.sync()
    start = time.perf_counter()
    run(n)
    return time.perf_counter() - start


@dataclass
class Paired:
    """Each round times the Ingot run and the local one back to back (alternating which
    goes first), so a machine that speeds up or slows down mid-run skews both alike."""

    ingot: list[float]
    local: list[float]
    rss_kb: int

    @property
    def ratios(self) -> list[float]:
        return [i / p for i, p in zip(self.ingot, self.local, strict=True)]

    @property
    def ratio(self) -> float:
        """The median of the rounds' ratios."""
        return statistics.median(self.ratios)


def paired(
    ingot: Callable[[int], None], local: Callable[[int], None], rounds: int, pid: int
) -> Paired:
    """The server's peak RSS (kB) is sampled while its runs go."""
    result = Paired([], [], 0)
    for n in range(rounds):
        if n % 2:
            result.local.append(seconds(local, n))
        with peak_rss(pid) as peak:
            result.ingot.append(seconds(ingot, n))
        result.rss_kb = max(result.rss_kb, peak[0])
        if not n % 2:
            result.local.append(seconds(local, n))
    return result


def report(label: str, runs: Paired, target: float | None) -> None:
    goal = f" (target <= {target:.2f})" if target else ""
    ingot, local = statistics.median(runs.ingot), statistics.median(runs.local)
    spread = f"rounds {min(runs.ratios):.2f}-{max(runs.ratios):.2f}"
    fastest = min(runs.ingot) / min(runs.local)
    print(
        f"{label:<34} ingot {ingot:7.2f}s  local {local:7.2f}s  ratio {runs.ratio:5.2f}{goal}"
        f"  {spread}  fastest/fastest {fastest:4.2f}  server peak RSS {runs.rss_kb / 1024:6.1f} MB"
    )


def create_repository(forge: Forge, name: str) -> None:
    forge.gql(
        "mutation($n: String!) { createRepository(input: {name: $n}) { repository { id } } }",
        {"n": name},
        token=forge.admin.token,
    )


def run_maintenance(forge: Forge, name: str) -> float:
    """Make the repository's queued ``maintain`` job due now and wait for it; its duration."""
    db = sqlite3.connect(forge.data_dir / "ingot.db", timeout=30)
    (repository_id,) = db.execute(
        "SELECT id FROM repository WHERE name_lower = ?", (name.lower(),)
    ).fetchone()
    queued = db.execute(
        "SELECT id FROM job WHERE repository_id = ? AND kind = 'maintain' AND state = 'queued'",
        (repository_id,),
    ).fetchone()
    if queued is None:  # no push hook enqueued one: queue it the way the service would
        db.execute(
            "INSERT INTO job (kind, payload, state, attempts, max_attempts, run_after, "
            "last_error, repository_id, created_at, updated_at) VALUES ('maintain', '{}', "
            "'queued', 0, 3, '2000-01-01 00:00:00+00:00', '', ?, "
            "'2000-01-01 00:00:00+00:00', '2000-01-01 00:00:00+00:00')",
            (repository_id,),
        )
    else:
        db.execute("UPDATE job SET run_after = '2000-01-01 00:00:00+00:00' WHERE id = ?", queued)
    db.commit()
    start = time.perf_counter()
    while True:
        states = {
            state
            for (state,) in db.execute(
                "SELECT state FROM job WHERE repository_id = ? AND kind = 'maintain'",
                (repository_id,),
            )
        }
        if states <= {"succeeded", "failed"}:
            break
        time.sleep(0.1)
    db.close()
    if "failed" in states:
        raise RuntimeError("the maintain job failed; see the server log")
    return time.perf_counter() - start


@contextmanager
def git_daemon(base: Path, env: dict[str, str]) -> Iterator[str]:
    """``git daemon`` exporting ``base`` on a free port; yields ``git://127.0.0.1:PORT``."""
    port = free_port()
    daemon = subprocess.Popen(
        [
            *("git", "daemon", "--export-all", "--reuseaddr", f"--base-path={base}"),
            *(f"--port={port}", "--listen=127.0.0.1", str(base)),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # "git daemon" runs git-daemon as a child: kill the whole group, not just "git".
        start_new_session=True,
    )
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            time.sleep(0.1)
        yield f"git://127.0.0.1:{port}"
    finally:
        os.killpg(daemon.pid, signal.SIGKILL)
        daemon.wait()


def import_and_wait(forge: Forge, name: str, url: str) -> None:
    forge.gql(
        "mutation($n: String!, $u: String!) { importRepository(input: {name: $n, url: $u}) "
        "{ repository { id } } }",
        {"n": name, "u": url},
        token=forge.admin.token,
    )
    status = "QUEUED"
    while status not in {"SUCCEEDED", "FAILED"}:
        time.sleep(0.05)
        status = forge.gql(
            'query($n: String!) { repository(owner: "admin", name: $n) '
            "{ importStatus { state error } } }",
            {"n": name},
            token=forge.admin.token,
        )["repository"]["importStatus"]["state"]
    if status == "FAILED":
        raise RuntimeError(f"the import of {name} failed; see the server log")


def serves_git(forge: Forge, base: str, env: dict[str, str]) -> bool:
    create_repository(forge, "probe")
    probe = subprocess.run(
        ["git", "ls-remote", f"{base}/admin/probe.git"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        print(f"Ingot does not serve git over HTTP in this build: {probe.stderr.strip()}")
    return probe.returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--megabytes", type=int, default=52)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ingot-bench-git-"))
    env = git_env(tmp)
    source = tmp / "exported" / "source.git"
    start = time.perf_counter()
    build_history(source, args.commits, args.megabytes, env)
    print(
        f"source: {args.commits} commits, {packed_megabytes(source):.1f} MB packed, "
        f"built in {time.perf_counter() - start:.1f}s; median of {args.rounds} rounds"
    )
    # Maintenance runs when the benchmark says so, not in the middle of a measurement.
    settings = {"INGOT_ALLOW_PRIVATE_IMPORTS": "1", "INGOT_MAINTENANCE_DELAY": "86400"}
    with git_daemon(source.parent, env) as daemon:
        forge = start_server(tmp / "server", None, settings)
        try:
            Bench(forge, source, tmp, env, args.rounds).run(f"{daemon}/source.git")
        finally:
            forge.stop()
    if args.keep:
        print(f"(scratch data left in {tmp})")
    else:
        shutil.rmtree(tmp)


class Bench:
    def __init__(
        self, forge: Forge, source: Path, tmp: Path, env: dict[str, str], rounds: int
    ) -> None:
        self.forge, self.source, self.tmp, self.env, self.rounds = forge, source, tmp, env, rounds
        self.pid = forge.process.pid
        self.each = (rounds, self.pid)
        self.base = forge.url.replace("http://", f"http://admin:{forge.admin.token}@")

    def run(self, source_url: str) -> None:
        self.imports(source_url)
        http = serves_git(self.forge, self.base, self.env)
        if http:
            self.pushes()
        served = self.forge.data_dir / "repositories" / "admin" / "imported0.git"
        before = self.clones(served, "before maintenance", http)
        took = run_maintenance(self.forge, "imported0")
        bitmaps = len(list((served / "objects" / "pack").glob("*.bitmap")))
        print(f"maintain job: {took:.1f}s, {bitmaps} bitmap(s), {packed_megabytes(served):.1f} MB")
        after = self.clones(served, "after maintenance (bitmaps)", http)
        print(f"clone after / before maintenance: {after / before:.2f}")

    def imports(self, source_url: str) -> None:
        def through_ingot(n: int) -> None:
            import_and_wait(self.forge, f"imported{n}", source_url)

        def direct(n: int) -> None:
            dest = self.tmp / f"mirror-{n}.git"
            git("clone", "-q", "--mirror", source_url, str(dest), env=self.env)

        report("import (git://, whole history)", paired(through_ingot, direct, *self.each), None)

    def pushes(self) -> None:
        # The empty targets are made before the clock starts: only the pushes are timed.
        for n in range(2 * self.rounds):
            create_repository(self.forge, f"pushed{n}")
            local = self.tmp / f"local-push-{n}.git"
            git("init", "-q", "--bare", str(local), env=self.env)
            if n >= self.rounds:
                git("-C", str(local), "config", "receive.fsckObjects", "true", env=self.env)

        def through_ingot(n: int) -> None:
            url = f"{self.base}/admin/pushed{n}.git"
            git("-C", str(self.source), "push", "-q", url, "--all", env=self.env)

        def local(n: int) -> None:
            target = self.tmp / f"local-push-{n}.git"
            git("-C", str(self.source), "push", "-q", str(target), "--all", env=self.env)

        report("push (whole history)", paired(through_ingot, local, *self.each), 1.15)
        # Ingot's repositories check every pushed object (receive.fsckObjects); git's
        # defaults do not. The same check on the local side leaves the transport's share.
        rounds = self.rounds

        def through_ingot_again(n: int) -> None:
            through_ingot(rounds + n)

        def local_checked(n: int) -> None:
            local(rounds + n)

        checked = paired(through_ingot_again, local_checked, *self.each)
        report("push, local also fsckObjects", checked, None)

    def clones(self, served: Path, label: str, http: bool) -> float:
        """Clone times of ``served``; through Ingot when it serves git, else the local ones."""

        def through_ingot(n: int) -> None:
            dest = self.tmp / f"clone-ingot-{label}-{n}.git"
            url = f"{self.base}/admin/{served.stem}.git"
            git("clone", "-q", "--bare", url, str(dest), env=self.env)

        def local(n: int) -> None:
            dest = self.tmp / f"clone-local-{label}-{n}.git"
            git("clone", "-q", "--bare", "--no-local", str(served), str(dest), env=self.env)

        if not http:
            plain = statistics.median(seconds(local, n) for n in range(self.rounds))
            print(f"{'clone, ' + label:<34} local {plain:7.2f}s (no HTTP to compare)")
            return plain
        runs = paired(through_ingot, local, *self.each)
        report(f"clone, {label}", runs, 1.10)
        return statistics.median(runs.ingot)


if __name__ == "__main__":
    main()

"""Ingot's smart HTTP against git's own, ``git http-backend`` under Apache, and a local path.

Run: ``.venv/bin/python tests/bench/git_http_reference.py [--commits N] [--megabytes M]
[--rounds R]`` on a machine with Apache (``apt-get install apache2``; not a
dependency of Ingot, and skipped with a message where it is missing).

``tests/bench/git_transport.py`` sets Ingot against local git with no HTTP at
all. This script adds the reference HTTP server, so the same run shows how
much of that gap is HTTP itself and how much is Ingot: the same history is
pushed to (and then cloned from) Ingot, ``git http-backend`` under Apache
(mod_cgid; the served repository checks pushed objects as Ingot's do) and a
local bare path, each round timing the three back to back in alternating order,
each run after ``sync``. Prints the median of the rounds' ratios to the local
run; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.git_transport import (  # noqa: E402
    build_history,
    create_repository,
    git,
    git_env,
)
from tests.conftest import free_port, start_server  # noqa: E402

APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
MODULES = Path("/usr/lib/apache2/modules")
BACKEND = Path("/usr/lib/git-core/git-http-backend")
# Apache refuses to serve as root; it then runs its children as this user.
SERVICE_USER = "www-data"


def _config(base: Path, port: int, repositories: Path) -> str:
    as_root = os.geteuid() == 0
    modules = ["mpm_event", "authz_core", "alias", "cgid", "env"]
    return "\n".join(
        [
            f'ServerRoot "{base}"',
            f"PidFile {base}/httpd.pid",
            f"Listen 127.0.0.1:{port}",
            "ServerName localhost",
            *(f"LoadModule {m}_module {MODULES}/mod_{m}.so" for m in modules),
            f"ScriptSock {base}/cgid.sock",
            f"ErrorLog {base}/error.log",
            *([f"User {SERVICE_USER}", f"Group {SERVICE_USER}"] if as_root else []),
            f"SetEnv GIT_PROJECT_ROOT {repositories}",
            "SetEnv GIT_HTTP_EXPORT_ALL 1",
            "SetEnv REMOTE_USER bench",
            f"ScriptAlias /git/ {BACKEND}/",
            f'<Directory "{BACKEND.parent}">',
            "  Require all granted",
            "</Directory>",
            "",
        ]
    )


@contextmanager
def apache(base: Path, repositories: Path) -> Iterator[str]:
    """Apache serving ``repositories`` through git-http-backend; yields the base URL."""
    base.mkdir(parents=True)
    port = free_port()
    config = base / "httpd.conf"
    config.write_text(_config(base, port, repositories))
    subprocess.run([APACHE, "-f", str(config), "-k", "start"], check=True)
    try:
        for _ in range(100):
            if (base / "httpd.pid").exists():
                break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/git"
    finally:
        subprocess.run([APACHE, "-f", str(config), "-k", "stop"], check=False)
        time.sleep(0.5)


def served_by_apache(path: Path, env: dict[str, str]) -> None:
    """A bare repository Apache's git may push to, configured like Ingot's."""
    git("init", "-q", "--bare", str(path), env=env)
    git("-C", str(path), "config", "http.receivepack", "true", env=env)
    git("-C", str(path), "config", "receive.fsckObjects", "true", env=env)
    if os.geteuid() == 0:
        user = pwd.getpwnam(SERVICE_USER)
        for directory, _, files in os.walk(path):
            for name in [directory, *(os.path.join(directory, f) for f in files)]:
                os.chown(name, user.pw_uid, user.pw_gid)


def timed(run: Callable[[], None]) -> float:
    os.sync()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def rounds_of(runs: dict[str, Callable[[int], None]], rounds: int) -> dict[str, list[float]]:
    """Each round runs every entry once, in an order that reverses every other round."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for n in range(rounds):
        order = list(runs) if n % 2 == 0 else list(reversed(runs))
        for name in order:
            times[name].append(timed(partial(runs[name], n)))
    return times


def _ratio(values: list[float], baseline: list[float]) -> float:
    return statistics.median(v / b for v, b in zip(values, baseline, strict=True))


def report(label: str, times: dict[str, list[float]]) -> None:
    for name, values in times.items():
        ratio = _ratio(values, times["local"])
        print(
            f"{label + ', ' + name:<30} {statistics.median(values):6.2f}s  ratio to local {ratio:5.2f}"
        )
    versus = _ratio(times["ingot"], times["git-http-backend"])
    print(f"{label + ', ingot / git-http-backend':<30} {versus:5.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--megabytes", type=int, default=52)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    if not (Path(APACHE).exists() and BACKEND.exists() and (MODULES / "mod_cgid.so").exists()):
        print("Apache with mod_cgid (apt-get install apache2) and git-http-backend are needed.")
        return
    tmp = Path(tempfile.mkdtemp(prefix="ingot-bench-reference-"))
    # Apache's children (www-data when run as root) walk into it; it holds no secrets.
    os.chmod(tmp, 0o755)  # noqa: S103
    env = git_env(tmp)
    source = tmp / "source.git"
    build_history(source, args.commits, args.megabytes, env)
    repositories = tmp / "apache-repos"
    repositories.mkdir()
    forge = start_server(tmp / "server", None, {"INGOT_MAINTENANCE_DELAY": "86400"})
    ingot = forge.url.replace("http://", f"http://admin:{forge.admin.token}@")
    try:
        with apache(tmp / "apache", repositories) as reference:
            for n in range(args.rounds):
                create_repository(forge, f"pushed{n}")
                served_by_apache(repositories / f"pushed{n}.git", env)
                git("init", "-q", "--bare", str(tmp / f"local{n}.git"), env=env)

            def push(url: Callable[[int], str]) -> Callable[[int], None]:
                return lambda n: git("-C", str(source), "push", "-q", url(n), "--all", env=env)

            print(f"source: {args.commits} commits; median of {args.rounds} rounds")
            pushes = {
                "ingot": push(lambda n: f"{ingot}/admin/pushed{n}.git"),
                "git-http-backend": push(lambda n: f"{reference}/pushed{n}.git"),
                "local": push(lambda n: str(tmp / f"local{n}.git")),
            }
            report("push", rounds_of(pushes, args.rounds))

            def clone(url: str, *extra: str) -> Callable[[int], None]:
                def run(n: int) -> None:
                    target = tmp / f"clone-{n}.git"
                    git("clone", "-q", "--bare", *extra, url, str(target), env=env)
                    shutil.rmtree(target)

                return run

            clones = {
                "ingot": clone(f"{ingot}/admin/pushed0.git"),
                "git-http-backend": clone(f"{reference}/pushed0.git"),
                "local": clone(str(tmp / "local0.git"), "--no-local"),
            }
            report("clone", rounds_of(clones, args.rounds))
    finally:
        forge.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

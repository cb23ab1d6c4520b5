"""Git over Ingot's SSH server against git's own local transport.

Run: ``.venv/bin/python tests/bench/ssh_transport.py [--commits N] [--megabytes M] [--rounds R]``.
Builds the benchmark history of ``tests/bench/git_transport.py`` (default 10,000
commits, >= 50 MB packed, incompressible blobs), starts a real Ingot on SQLite
with SSH on a free port, registers a key for ``admin`` and measures in one run
(``--rounds`` rounds, each timing Ingot and the local run back to back; ratios
are the median of the rounds' ratios):

- push of the whole history over SSH (the real OpenSSH client) vs a local push
  to a bare path that checks objects as Ingot's repositories do
  (``receive.fsckObjects``; target <= 1.15);
- clone over SSH vs ``git clone --no-local`` of the same bare path, after the
  ``maintain`` job (target <= 1.15);
- the server's peak RSS during each (flat in the pack size: git's output is
  relayed, never held).

Prints ratios; never asserts on time.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.git_transport import (  # noqa: E402
    build_history,
    create_repository,
    git,
    git_env,
    packed_megabytes,
    paired,
    report,
    run_maintenance,
)
from tests.conftest import free_port, start_server  # noqa: E402
from tests.forge import Forge  # noqa: E402

ADD_KEY = (
    'mutation($k: String!) { addPublicKey(input: {title: "bench", key: $k}) { publicKey { id } } }'
)


def ssh_key(tmp: Path) -> Path:
    path = tmp / "bench_ed25519"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)],
        check=True,
        capture_output=True,
    )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--megabytes", type=int, default=52)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ingot-bench-ssh-"))
    env = git_env(tmp)
    source = tmp / "source.git"
    start = time.perf_counter()
    build_history(source, args.commits, args.megabytes, env)
    print(
        f"source: {args.commits} commits, {packed_megabytes(source):.1f} MB packed, "
        f"built in {time.perf_counter() - start:.1f}s; median of {args.rounds} rounds"
    )
    port = free_port()
    settings = {"INGOT_MAINTENANCE_DELAY": "86400", "INGOT_SSH_PORT": str(port)}
    forge = start_server(tmp / "server", None, settings)
    try:
        key = ssh_key(tmp)
        forge.gql(ADD_KEY, {"k": Path(f"{key}.pub").read_text()}, token=forge.admin.token)
        env["GIT_SSH_COMMAND"] = (
            f"ssh -i {key} -o IdentitiesOnly=yes -o StrictHostKeyChecking=no "
            f"-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p {port}"
        )
        bench(forge, source, tmp, env, args.rounds, f"ssh://git@127.0.0.1:{port}")
    finally:
        forge.stop()
    if args.keep:
        print(f"(scratch data left in {tmp})")
    else:
        shutil.rmtree(tmp)


def bench(
    forge: Forge, source: Path, tmp: Path, env: dict[str, str], rounds: int, base: str
) -> None:
    pid = forge.process.pid
    for n in range(rounds):
        create_repository(forge, f"pushed{n}")
        local = tmp / f"local-push-{n}.git"
        git("init", "-q", "--bare", str(local), env=env)
        git("-C", str(local), "config", "receive.fsckObjects", "true", env=env)

    def push_ssh(n: int) -> None:
        git("-C", str(source), "push", "-q", f"{base}/admin/pushed{n}.git", "--all", env=env)

    def push_local(n: int) -> None:
        target = tmp / f"local-push-{n}.git"
        git("-C", str(source), "push", "-q", str(target), "--all", env=env)

    report("push over SSH vs local fsckObjects", paired(push_ssh, push_local, rounds, pid), 1.15)

    took = run_maintenance(forge, "pushed0")
    served = forge.data_dir / "repositories" / "admin" / "pushed0.git"
    print(f"maintain job: {took:.1f}s, {packed_megabytes(served):.1f} MB")

    def clone_ssh(n: int) -> None:
        dest = tmp / f"clone-ssh-{n}.git"
        git("clone", "-q", "--bare", f"{base}/admin/pushed0.git", str(dest), env=env)
        shutil.rmtree(dest)

    def clone_local(n: int) -> None:
        dest = tmp / f"clone-local-{n}.git"
        git("clone", "-q", "--bare", "--no-local", str(served), str(dest), env=env)
        shutil.rmtree(dest)

    report("clone over SSH vs --no-local", paired(clone_ssh, clone_local, rounds, pid), 1.15)


if __name__ == "__main__":
    main()

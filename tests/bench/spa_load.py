"""How fast the SPA shows a repository page, and how much JavaScript it loads first.

Run: ``.venv/bin/python tests/bench/spa_load.py`` (needs a built frontend and
Debian's chromium). Prints, never asserts (the machine is shared and noisy):

- the gzipped size of the initial JavaScript (what ``index.html`` loads before
  any lazy chunk), against the 200 KB budget;
- in headless Chromium against a local server (SQLite), from navigation to a
  rendered repository page with a README, cold (empty browser cache) and warm,
  beside the time spent in the GraphQL requests that page makes.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pygit2

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.conftest import start_server  # noqa: E402

SPA = ROOT / "frontend" / "dist" / "spa"
SCRIPT = Path(__file__).with_name("spa_load.mjs")
README = "# Bench\n\nA repository with **some** files.\n\n```python\nprint('hello')\n```\n" * 20


def initial_javascript() -> list[tuple[str, int, int]]:
    """(asset, bytes, gzipped bytes) of every script index.html loads up front."""
    html = (SPA / "index.html").read_text()
    found = re.findall(
        r'<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"', html
    )
    sizes = []
    for src in found:
        data = (SPA / src.lstrip("/")).read_bytes()
        sizes.append((src, len(data), len(gzip.compress(data, 9))))
    return sizes


def seed(bare: Path) -> None:
    """A README, a source file and a few directories on the default branch."""
    repo = pygit2.Repository(str(bare))
    signature = pygit2.Signature("Bench", "bench@example.org", 1_700_000_000, 0)
    builder = repo.TreeBuilder()
    builder.insert("README.md", repo.create_blob(README.encode()), pygit2.GIT_FILEMODE_BLOB)
    source = "\n".join(f"def f{i}(x):\n    return x + {i}\n" for i in range(300))
    builder.insert("app.py", repo.create_blob(source.encode()), pygit2.GIT_FILEMODE_BLOB)
    for name in ("docs", "src", "tests"):
        sub = repo.TreeBuilder()
        sub.insert("index.md", repo.create_blob(b"# x\n"), pygit2.GIT_FILEMODE_BLOB)
        builder.insert(name, sub.write(), pygit2.GIT_FILEMODE_TREE)
    repo.create_commit("refs/heads/main", signature, signature, "Seed", builder.write(), [])


def main() -> None:
    if not (SPA / "index.html").is_file():
        sys.exit("build the frontend first: cd frontend && npm ci && npm run build")
    total = 0
    print("initial JavaScript (gzipped, budget 200 KB):")
    for src, raw, packed in initial_javascript():
        total += packed
        print(f"  {src}: {raw / 1024:.1f} KB raw, {packed / 1024:.1f} KB gzipped")
    print(f"  total: {total / 1024:.1f} KB gzipped")

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists() or shutil.which("node") is None:
        print("chromium or node missing: no load timings")
        return
    tmp = Path(tempfile.mkdtemp(prefix="ingot-spa-bench-"))
    forge = start_server(tmp, None)
    try:
        admin = forge.admin
        repo = forge.new_repo(admin, name="bench")["nameWithOwner"]
        seed(forge.data_dir / "repositories" / admin.login.lower() / "bench.git")
        done = subprocess.run(
            ["node", str(SCRIPT)],
            env={
                **forge.env,
                "INGOT_URL": forge.url,
                "INGOT_TOKEN": admin.token,
                "INGOT_REPO": repo,
                "CHROMIUM": chromium,
            },
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0:
            print(f"browser run failed:\n{done.stdout}\n{done.stderr}")
            return
        report = json.loads(done.stdout)
        print(
            f"repository page /{repo} in headless Chromium (median of {report['runs']} runs, ms):"
        )
        for kind in ("cold", "warm"):
            r = report[kind]
            print(
                f"  {kind}: rendered at {r['rendered']:.0f}; JS loaded by {r['scripts']:.0f}; "
                f"{r['graphqlCount']} GraphQL requests, {r['graphqlTotal']:.0f} ms in them, "
                f"last one done at {r['graphqlEnd']:.0f}"
            )
    finally:
        forge.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

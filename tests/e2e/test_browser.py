"""The SPA and GraphiQL in a real browser (Debian's chromium via playwright-core).

Each ``*.e2e.mjs`` script here drives one live Ingot (SQLite: what a browser sees
does not depend on the backend) and exits non-zero on the first failed step,
keeping a screenshot under ``test-artifacts/e2e/``. Most scripts get their
content from a seed below (written straight into the bare repository);
``journey.e2e.mjs`` makes its own, pushing with the real git client.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pygit2
import pytest

from tests.conftest import free_port, start_server
from tests.forge import Forge

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BUILT = (ROOT / "frontend" / "dist" / "spa" / "index.html").is_file()
PLAYWRIGHT = (ROOT / "frontend" / "node_modules" / "playwright-core").is_dir()


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return "chromium is not installed (apt-get install chromium)"
    if shutil.which("node") is None:
        return "node is not installed"
    if not (BUILT and PLAYWRIGHT):
        return "the frontend is not built (make frontend)"
    return None


@pytest.fixture(scope="module")
def browser_forge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Forge]:
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    forge = start_server(tmp_path_factory.mktemp("e2e"), None)
    try:
        yield forge
    finally:
        forge.stop()


HOSTILE_README = """# Project

Some **bold** text and a [guide](docs/guide.md).

<script>window.__pwned = 1</script>

<img src=x onerror="window.__pwned = 2">

[click me](javascript:window.__pwned=3) [tab](java\tscript:alert(1))
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
![tracker](https://tracker.example/pixel.png)

```python
def main():
    return 42
```
"""


def _seed_code(forge: Forge) -> str:
    """A public repository with a hostile README, history, a tag and a slashed branch."""
    repo = forge.new_repo(forge.admin, name="code-e2e")["nameWithOwner"]
    git = pygit2.Repository(str(forge.data_dir / "repositories" / "admin" / "code-e2e.git"))
    who = pygit2.Signature("Ada", "ada@example.org", 1_700_000_000, 0)

    def tree(files: dict[str, bytes]) -> pygit2.Oid:
        root = git.TreeBuilder()
        subdirs: dict[str, dict[str, bytes]] = {}
        for path, data in files.items():
            head, _, rest = path.partition("/")
            if rest:
                subdirs.setdefault(head, {})[rest] = data
            else:
                root.insert(head, git.create_blob(data), pygit2.GIT_FILEMODE_BLOB)
        for name, content in subdirs.items():
            root.insert(name, tree(content), pygit2.GIT_FILEMODE_TREE)
        return root.write()

    first = {"README.md": HOSTILE_README.encode(), "docs/guide.md": b"# Guide\n"}
    c1 = git.create_commit("refs/heads/main", who, who, "Initial commit", tree(first), [])
    git.references.create("refs/tags/v1.0", c1)
    app = b"def greet(name):\n    return f'hello {name}'\n\n\nprint(greet('ada'))\n"
    second = {**first, "src/app.py": app}
    c2 = git.create_commit("refs/heads/main", who, who, "Add the app", tree(second), [c1])
    third = {**second, "feature.txt": b"only on the branch\n"}
    git.create_commit("refs/heads/feature/x", who, who, "Feature", tree(third), [c2])
    return str(repo)


def _seed_private(forge: Forge) -> str:
    """A private repository with a README that shows an image and a file to download."""
    repo = forge.new_repo(forge.admin, name="private-e2e", private=True)["nameWithOwner"]
    git = pygit2.Repository(str(forge.data_dir / "repositories" / "admin" / "private-e2e.git"))
    who = pygit2.Signature("Ada", "ada@example.org", 1_700_000_000, 0)
    tree = git.TreeBuilder()
    readme = b"# Secret\n\n![logo](logo.png)\n"
    tree.insert("README.md", git.create_blob(readme), pygit2.GIT_FILEMODE_BLOB)
    tree.insert("notes.txt", git.create_blob(b"private notes\n"), pygit2.GIT_FILEMODE_BLOB)
    git.create_commit("refs/heads/main", who, who, "Start", tree.write(), [])
    return str(repo)


def _seed_pulls(forge: Forge) -> str:
    """A public repository whose `topic` branch is one commit ahead of `main`."""
    repo = forge.new_repo(forge.admin, name="pulls-e2e")["nameWithOwner"]
    git = pygit2.Repository(str(forge.data_dir / "repositories" / "admin" / "pulls-e2e.git"))
    who = pygit2.Signature("Ada", "ada@example.org", 1_700_000_000, 0)
    base = git.TreeBuilder()
    base.insert("README.md", git.create_blob(b"# Pulls\n"), pygit2.GIT_FILEMODE_BLOB)
    c1 = git.create_commit("refs/heads/main", who, who, "Start", base.write(), [])
    topic = git.TreeBuilder(git[c1].peel(pygit2.Tree))
    topic.insert("greeting.txt", git.create_blob(b"hello\n"), pygit2.GIT_FILEMODE_BLOB)
    git.create_commit("refs/heads/topic", who, who, "Greet people", topic.write(), [c1])
    return str(repo)


def _seed_releases(forge: Forge, name: str = "releases-e2e", private: bool = False) -> str:
    """A repository with one commit on `main`."""
    repo = forge.new_repo(forge.admin, name=name, private=private)["nameWithOwner"]
    git = pygit2.Repository(str(forge.data_dir / "repositories" / "admin" / f"{name}.git"))
    who = pygit2.Signature("Ada", "ada@example.org", 1_700_000_000, 0)
    tree = git.TreeBuilder()
    tree.insert("README.md", git.create_blob(b"# Releases\n"), pygit2.GIT_FILEMODE_BLOB)
    git.create_commit("refs/heads/main", who, who, "Start", tree.write(), [])
    return str(repo)


def _seed_collaboration(forge: Forge) -> str:
    """A private repository, for a collaborator to be let into."""
    return str(forge.new_repo(forge.admin, name="collab-e2e", private=True)["nameWithOwner"])


def _seed_collaborator(forge: Forge) -> str:
    """Another user, as `login:password`."""
    user = forge.new_user("bob")
    return f"{user.login}:{user.password}"


def _run(script: str, forge: Forge, extra: dict[str, str] | None = None) -> None:
    password = (forge.data_dir / "initial-admin-password").read_text().strip()
    env = {
        **os.environ,
        "INGOT_URL": forge.url,
        "INGOT_LOGIN": "admin",
        "INGOT_PASSWORD": password,
        "INGOT_E2E_ARTIFACTS": str(ARTIFACTS),
        "CHROMIUM": CHROMIUM,
        **({name: seed(forge) for name, seed in SEEDS.get(script, {}).items()}),
        **(extra or {}),
    }
    done = subprocess.run(
        ["node", str(HERE / script)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"{script} failed:\n{done.stdout}\n{done.stderr}"


# Content a script needs, written straight into the bare repository, by env var.
SEEDS: dict[str, dict[str, Callable[[Forge], str]]] = {
    "collaboration.e2e.mjs": {
        "INGOT_COLLAB_REPO": _seed_collaboration,
        "INGOT_COLLAB_USER": _seed_collaborator,
    },
    "activity.e2e.mjs": {"INGOT_ACTIVITY_USER": _seed_collaborator},
    "code.e2e.mjs": {"INGOT_CODE_REPO": _seed_code, "INGOT_PRIVATE_REPO": _seed_private},
    "pulls.e2e.mjs": {"INGOT_PULLS_REPO": _seed_pulls},
    "markdown.e2e.mjs": {"INGOT_MARKDOWN_USER": _seed_collaborator},
    "releases.e2e.mjs": {
        "INGOT_RELEASES_REPO": _seed_releases,
        "INGOT_PRIVATE_RELEASES_REPO": lambda forge: _seed_releases(
            forge, "private-releases-e2e", private=True
        ),
    },
}
# Scripts that need a server of their own (other settings), with its environment.
OWN_SERVER = {"clone-ssh.e2e.mjs"}
SCRIPTS = sorted(path.name for path in HERE.glob("*.e2e.mjs") if path.name not in OWN_SERVER)


@pytest.mark.parametrize("script", SCRIPTS)
def test_user_can_work_in_the_browser(browser_forge: Forge, script: str) -> None:
    _run(script, browser_forge)


def test_user_can_switch_the_clone_box_to_ssh(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A server with SSH on a free port: the clone box offers its SSH URL."""
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    port = str(free_port())
    forge = start_server(tmp_path_factory.mktemp("e2e-ssh"), None, {"INGOT_SSH_PORT": port})
    try:
        _run("clone-ssh.e2e.mjs", forge, {"INGOT_SSH_PORT": port})
    finally:
        forge.stop()

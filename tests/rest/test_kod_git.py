"""Kod's git URL: ``/kod/repos/NAME.git`` with the token as the password, as documented."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import httpx

from tests.forge import Forge
from tests.git.gitcli import Git, remote_refs


def kod_url(forge: Forge, name: str, token: str | None = None) -> str:
    base = forge.url.removeprefix("http://")
    auth = f"git:{quote(token, safe='')}@" if token else ""
    return f"http://{auth}{base}/kod/repos/{name}.git"


def test_kod_git_url_pushes_and_clones_the_token_owners_repository(
    forge: Forge, tmp_path: Path
) -> None:
    git = Git(tmp_path / "home")
    alice, bob = forge.new_user("kga"), forge.new_user("kgb")
    for user in (alice, bob):
        made = httpx.post(
            f"{forge.url}/kod/repos",
            json={"name": "my-project"},
            headers={"Authorization": f"Bearer {user.token}"},
        )
        assert made.status_code == 201, made.text
    work = git.init(tmp_path / "work")
    head = git.commit(work, "README.md", "hello\n")
    pushed = git.run("push", kod_url(forge, "my-project", alice.token), "main", cwd=work)
    assert "main -> main" in pushed.stderr
    # The flat name is the token owner's repository, and only theirs.
    assert remote_refs(forge, f"{alice.login}/my-project")["refs/heads/main"] == head
    assert remote_refs(forge, f"{bob.login}/my-project") == {}
    clone = tmp_path / "clone"
    git.run("clone", kod_url(forge, "my-project", alice.token), str(clone))
    assert (clone / "README.md").read_text() == "hello\n"
    # Without a token git is asked for credentials (401), which it may not give here.
    anonymous = git.run("ls-remote", kod_url(forge, "my-project"), check=False)
    assert anonymous.returncode != 0
    refs = httpx.get(f"{forge.url}/kod/repos/my-project.git/info/refs?service=git-upload-pack")
    assert refs.status_code == 401 and "Basic" in refs.headers["WWW-Authenticate"]
    assert refs.headers["X-RateLimit-Limit"].isdigit()  # git draws on the API budget
    missing = git.run("ls-remote", kod_url(forge, "nothing-here", bob.token), check=False)
    assert missing.returncode != 0

"""The web interface's anonymous browsing is not throttled like a script (real Chromium)."""

from __future__ import annotations

import os
import subprocess

import httpx
import pygit2
import pytest

from tests.e2e.test_browser import ARTIFACTS, CHROMIUM, HERE, _missing
from tests.forge import Forge
from tests.ratelimit.conftest import StartLimited, cli_token

VIEWER = {"query": "{ viewer { login } }"}


def _script(forge: Forge, **headers: str) -> httpx.Response:
    return forge.client.post(f"{forge.url}/graphql", json=VIEWER, headers=headers)


@pytest.mark.parametrize("backend", ["sqlite"])  # what a browser sees does not depend on it
def test_a_long_anonymous_browse_is_never_locked_out_while_scripts_keep_their_budget(
    start_limited: StartLimited,
) -> None:
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    forge = start_limited(anonymous=6, token=1000)
    token = cli_token(forge, "repo:read,repo:write")
    login = forge.gql("{ viewer { login } }", token=token)["viewer"]["login"]
    forge.gql(
        "mutation($i: CreateRepositoryInput!) { createRepository(input: $i) { repository { id } } }",
        {"i": {"name": "browse", "visibility": "PUBLIC"}},
        token=token,
    )
    git = pygit2.Repository(str(forge.data_dir / "repositories" / login / "browse.git"))
    who = pygit2.Signature("Ada", "ada@example.org", 1_700_000_000, 0)
    tree = git.TreeBuilder()
    tree.insert("README.md", git.create_blob(b"# Browse\n"), pygit2.GIT_FILEMODE_BLOB)
    git.create_commit("refs/heads/main", who, who, "Initial commit", tree.write(), [])
    done = subprocess.run(
        ["node", str(HERE / "browse.limited.mjs")],
        env={
            **os.environ,
            "INGOT_URL": forge.url,
            "INGOT_LOGIN": "admin",
            "INGOT_PASSWORD": forge.admin_password(),
            "INGOT_BROWSE_REPO": f"{login}/browse",
            "INGOT_BROWSE_VIEWS": "150",
            "INGOT_E2E_ARTIFACTS": str(ARTIFACTS),
            "CHROMIUM": CHROMIUM,
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"

    # A script without a token still gets its 6 and then 429...
    codes = [_script(forge).status_code for _ in range(7)]
    assert codes == [200] * 6 + [429]
    # ...and a cookie it invents or alters buys nothing.
    for forged in ["1.abc", "99999999999.0123456789abcdef0123456789abcdef", "junk"]:
        assert _script(forge, Cookie=f"ingot_browser={forged}").status_code == 429
    # A page's pass carries the browser's budget, apart from the script's.
    page = forge.client.get(f"{forge.url}/", headers={"Accept": "text/html"})
    cookie = page.cookies["ingot_browser"]
    assert "httponly" in page.headers["set-cookie"].lower()
    assert "samesite=strict" in page.headers["set-cookie"].lower()
    allowed = _script(forge, Cookie=f"ingot_browser={cookie}")
    assert allowed.status_code == 200
    assert allowed.headers["X-RateLimit-Limit"] == "5000"

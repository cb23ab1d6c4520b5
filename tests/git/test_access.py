"""Who may clone and push: 401 asks for credentials, 404 hides, 403 explains."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.forge import Forge
from tests.git.gitcli import Git, remote_refs, url

ORG = (
    "mutation($l: String!) { createOrganization(input: {login: $l}) { organization { id login } } }"
)
ADD = "mutation($o: ID!, $l: String!) { addOrganizationMember(input: {organizationId: $o, login: $l}) { role } }"


def _status(forge: Forge, full_name: str, service: str, token: str | None) -> int:
    auth = ("x", token) if token else None
    response = httpx.get(
        f"{forge.url}/{full_name}.git/info/refs", params={"service": service}, auth=auth
    )
    if response.status_code == 401:
        assert response.headers["www-authenticate"] == 'Basic realm="Ingot"'
    return response.status_code


@pytest.fixture
def cast(forge: Forge) -> dict[str, object]:
    """An organization with a public and a private repository, and five callers."""
    owner, member, outsider = forge.new_user("own"), forge.new_user("mem"), forge.new_user("out")
    org = forge.gql(ORG, {"l": f"o{owner.login}"}, token=owner.token)["createOrganization"][
        "organization"
    ]
    forge.gql(ADD, {"o": org["id"], "l": member.login}, token=owner.token)
    return {
        "public": forge.new_repo(owner, owner_id=org["id"])["nameWithOwner"],
        "private": forge.new_repo(owner, private=True, owner_id=org["id"])["nameWithOwner"],
        "anonymous": None,
        "other": outsider.token,
        "reader": forge.token_for(member, ["repo:read"]),
        "writer": forge.token_for(member, ["repo:read", "repo:write"]),
    }


EXPECTED = {
    # (visibility, caller): (clone status, push status)
    ("public", "anonymous"): (200, 401),
    ("public", "other"): (200, 403),
    ("public", "reader"): (200, 403),
    ("public", "writer"): (200, 200),
    ("private", "anonymous"): (401, 401),
    ("private", "other"): (404, 404),
    ("private", "reader"): (200, 403),
    ("private", "writer"): (200, 200),
}


def test_clone_and_push_matrix(forge: Forge, cast: dict[str, object]) -> None:
    seen = {}
    for visibility, caller in EXPECTED:
        name, token = str(cast[visibility]), cast[caller]
        assert token is None or isinstance(token, str)
        seen[(visibility, caller)] = (
            _status(forge, name, "git-upload-pack", token),
            _status(forge, name, "git-receive-pack", token),
        )
    assert seen == EXPECTED


def test_posts_are_checked_like_info_refs(forge: Forge, cast: dict[str, object]) -> None:
    """The POST routes decide on their own: skipping info/refs gains nothing."""
    private = str(cast["private"])
    headers = {"Content-Type": "application/x-git-upload-pack-request"}
    anonymous = httpx.post(
        f"{forge.url}/{private}.git/git-upload-pack", headers=headers, content=b"0000"
    )
    assert anonymous.status_code == 401
    other = httpx.post(
        f"{forge.url}/{private}.git/git-upload-pack",
        headers=headers,
        content=b"0000",
        auth=("x", str(cast["other"])),
    )
    assert other.status_code == 404
    push_headers = {"Content-Type": "application/x-git-receive-pack-request"}
    reader = httpx.post(
        f"{forge.url}/{private}.git/git-receive-pack",
        headers=push_headers,
        content=b"0000",
        auth=("x", str(cast["reader"])),
    )
    assert reader.status_code == 403 and "repo:write" in reader.text


PUSHES = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  pushes(first: 5) { totalCount } } }"""


def test_a_push_probe_is_answered_like_receive_pack_would(forge: Forge) -> None:
    """git sends a bare flush before a large push to try its credentials: an empty 200
    for a writer, the same refusals as any push for everyone else, and nothing recorded."""
    owner, reader = forge.new_user("own"), forge.new_user("rd")
    repo = forge.new_repo(owner, private=True)
    name = repo["nameWithOwner"]
    endpoint = f"{forge.url}/{name}.git/git-receive-pack"
    headers = {"Content-Type": "application/x-git-receive-pack-request"}
    probe = httpx.post(endpoint, headers=headers, content=b"0000", auth=("x", owner.token))
    assert probe.status_code == 200 and probe.content == b""
    assert probe.headers["content-type"] == "application/x-git-receive-pack-result"
    assert httpx.post(endpoint, headers=headers, content=b"0000").status_code == 401
    outsider = httpx.post(endpoint, headers=headers, content=b"0000", auth=("x", reader.token))
    assert outsider.status_code == 404
    o, n = name.split("/")
    assert forge.gql(PUSHES, {"o": o, "n": n}, token=owner.token)["repository"]["pushes"] == {
        "totalCount": 0
    }


def test_git_shows_why_a_push_is_refused(
    forge: Forge, cast: dict[str, object], tmp_path: Path
) -> None:
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    git.commit(work, "a.txt", "a\n")
    public, private = str(cast["public"]), str(cast["private"])
    reader = git.run("push", url(forge, public, str(cast["reader"])), "main", cwd=work, check=False)
    assert (
        reader.returncode != 0
        and "remote: This token lacks the 'repo:write' scope." in reader.stderr
    )
    other = git.run("push", url(forge, public, str(cast["other"])), "main", cwd=work, check=False)
    assert other.returncode != 0 and "permission" in other.stderr
    anonymous = git.run("push", url(forge, private), "main", cwd=work, check=False)
    assert anonymous.returncode != 0 and "could not read Username" in anonymous.stderr
    hidden = git.run(
        "clone", url(forge, private, str(cast["other"])), str(tmp_path / "c"), check=False
    )
    assert hidden.returncode != 0 and "not found" in hidden.stderr
    git.run("push", url(forge, private, str(cast["writer"])), "main", cwd=work)
    assert "refs/heads/main" in remote_refs(forge, private)
    assert remote_refs(forge, public) == {}


def test_password_is_refused_with_a_hint(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user, private=True)
    git = Git(tmp_path / "home")
    result = git.run(
        "clone",
        url(forge, repo["nameWithOwner"], user.password, user=user.login),
        str(tmp_path / "c"),
        check=False,
    )
    assert result.returncode != 0
    assert "remote: Ingot: account passwords are not accepted for git" in result.stderr
    assert "access token" in result.stderr


def test_bad_tokens_get_401(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user, private=True)["nameWithOwner"]
    expiry = datetime.now(UTC) + timedelta(seconds=8)
    expiring = forge.token_for(user, ["repo:read"], expiresAt=expiry.isoformat())
    assert _status(forge, repo, "git-upload-pack", expiring) == 200
    minted = forge.gql(
        'mutation { createAccessToken(input: {name: "r", scopes: ["repo:read"]}) '
        "{ token accessToken { id } } }",
        token=user.token,
    )["createAccessToken"]
    assert _status(forge, repo, "git-upload-pack", minted["token"]) == 200
    forge.gql(
        "mutation($i: ID!) { revokeAccessToken(input: {id: $i}) { accessToken { id } } }",
        {"i": minted["accessToken"]["id"]},
        token=user.token,
    )
    assert _status(forge, repo, "git-upload-pack", minted["token"]) == 401
    malformed = "ingot_" + "A" * 46
    assert _status(forge, repo, "git-upload-pack", malformed) == 401
    time.sleep(max(0.0, (expiry - datetime.now(UTC)).total_seconds()) + 0.5)
    assert _status(forge, repo, "git-upload-pack", expiring) == 401
    broken = httpx.get(
        f"{forge.url}/{repo}.git/info/refs",
        params={"service": "git-upload-pack"},
        headers={"Authorization": "Basic !!notbase64"},
    )
    assert broken.status_code == 401

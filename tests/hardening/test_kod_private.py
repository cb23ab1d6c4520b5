"""Issue 14, class 8: Kod requires a token for every read, so what Kod creates is private.

The attack: create a repository with ``POST /kod/repos`` (or import one with
``POST /kod/repos/import``), then read it anonymously and as another user
through every other surface: git smart HTTP, raw files, GraphQL and the
Gogs and Isurus dialects. Each must answer as for a private repository.
"""

from __future__ import annotations

import httpx

from tests.forge import Forge
from tests.gitsource import Source, source  # noqa: F401 (a fixture)
from tests.importing.conftest import importer  # noqa: F401 (a fixture)
from tests.importing.flow import finished

REPO = "query($o: String!, $n: String!) { repository(owner: $o, name: $n) { isPrivate } }"


def _kod(forge: Forge, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=f"{forge.url}/kod", headers={"Authorization": f"Bearer {token}"}, timeout=60
    )


def _assert_hidden(
    forge: Forge, owner: str, name: str, outsider: str, raw: str = "main/README"
) -> None:
    """Nobody but the owner sees ``owner/name``, on any surface."""
    http = forge.client
    info_refs = f"{forge.url}/{owner}/{name}.git/info/refs?service=git-upload-pack"
    assert http.get(info_refs).status_code == 401
    assert http.get(info_refs, auth=("x", outsider)).status_code == 404
    assert http.get(info_refs, headers={"Authorization": f"token {outsider}"}).status_code == 404
    for token in (None, outsider):
        assert forge.gql(REPO, {"o": owner, "n": name}, token=token)["repository"] is None
        headers = {"Authorization": f"token {token}"} if token else {}
        gogs = http.get(f"{forge.url}/api/v1/repos/{owner}/{name}", headers=headers)
        assert gogs.status_code == 404
        isurus = http.get(f"{forge.url}/isurus/api/v1/repos/{owner}/{name}", headers=headers)
        assert isurus.status_code == 404
        raw = http.get(f"{forge.url}/{owner}/{name}/raw/{raw}", headers=headers)
        assert raw.status_code == 404
    anonymous_query = http.get(f"{forge.url}/api/v1/repos/{owner}/{name}?token={outsider}")
    assert anonymous_query.status_code == 404


def test_repository_created_through_kod_is_private(forge: Forge) -> None:
    user = forge.new_user("kodpriv")
    outsider = forge.new_user("kodout")
    token = forge.token_for(user, ["repo:read", "repo:write"])
    with _kod(forge, token) as kod:
        created = kod.post("/repos", json={"name": "secretproject"})
        assert created.status_code == 201, created.text
        assert kod.get("/repos/secretproject").status_code == 200
    found = forge.gql(REPO, {"o": user.login, "n": "secretproject"}, token=user.token)
    assert found["repository"] == {"isPrivate": True}
    _assert_hidden(forge, user.login, "secretproject", outsider.token)
    # Kod's own git URL needs the token too.
    kod_git = f"{forge.url}/kod/repos/secretproject.git/info/refs?service=git-upload-pack"
    assert forge.client.get(kod_git).status_code == 401
    assert forge.client.get(kod_git, auth=("git", token)).status_code == 200


def test_repository_imported_through_kod_is_private(
    importer: Forge,  # noqa: F811
    source: Source,  # noqa: F811
) -> None:
    user = importer.new_user("kodimpriv")
    outsider = importer.new_user("kodimpout")
    token = importer.token_for(user, ["repo:read", "repo:write"])
    with _kod(importer, token) as kod:
        started = kod.post("/repos/import", json={"source": source.url, "name": "mirrored"})
        assert started.status_code == 201, started.text
    repo = finished(importer, user, user.login, "mirrored")
    assert repo["importStatus"]["state"] == "SUCCEEDED"
    found = importer.gql(REPO, {"o": user.login, "n": "mirrored"}, token=user.token)
    assert found["repository"] == {"isPrivate": True}
    raw = f"{importer.url}/{user.login}/mirrored/raw/trunk/file.txt"
    assert importer.client.get(raw, headers={"Authorization": f"token {token}"}).text == "trunk 2\n"
    _assert_hidden(importer, user.login, "mirrored", outsider.token, raw="trunk/file.txt")


def test_other_dialects_keep_their_own_default(forge: Forge) -> None:
    """Only Kod's routes changed: GraphQL still creates what it is asked for."""
    user = forge.new_user("kodpub")
    repo = forge.new_repo(user, name="openproject")
    assert repo["isPrivate"] is False

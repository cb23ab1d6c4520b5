"""Release assets: bytes round-trip, de-duplication, deletion, limits and visibility."""

from __future__ import annotations

import hashlib
import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.collaboration.issues_api import owner_name
from tests.collaboration.releases_api import (
    CREATE,
    RELEASES,
    UPLOAD,
    blobs,
    commit,
    upload,
    uploaded,
)
from tests.conftest import start_server
from tests.forge import Forge, User

ASSETS = "query($i: ID!) { node(id: $i) { ... on Release { releaseAssets { totalCount } } } }"
DELETE_RELEASE = "mutation($i: ID!) { deleteRelease(input: {releaseId: $i}) { deletedReleaseId } }"
DELETE_ASSET = """mutation($i: ID!) { deleteReleaseAsset(input: {releaseAssetId: $i}) {
  deletedReleaseAssetId } }"""


def _release(forge: Forge, user: User, *, private: bool = False, draft: bool = False) -> tuple:
    repo = forge.new_repo(user, private=private)
    commit(forge, repo)
    release = forge.gql(
        CREATE,
        {"i": {"repositoryId": repo["id"], "tagName": "v1.0", "isDraft": draft}},
        token=user.token,
    )["createRelease"]["release"]
    return repo, release


def test_asset_bytes_round_trip_with_the_same_sha256(forge: Forge) -> None:
    owner = forge.new_user()
    repo, release = _release(forge, owner)
    content = os.urandom(3 * 1024 * 1024 + 17)
    digest = hashlib.sha256(content).hexdigest()
    name = "ingot linux-amd64 (ü).tar.gz"
    asset = uploaded(forge, owner.token, release["id"], name, content)
    assert asset["sha256"] == digest and asset["size"] == len(content)
    assert asset["name"] == name and asset["downloadCount"] == 0
    url = asset["downloadUrl"]
    assert url.startswith(f"{forge.url}/{repo['nameWithOwner']}/releases/download/v1.0/")
    for _ in range(2):
        response = httpx.get(url, timeout=60)
        assert response.status_code == 200
        assert hashlib.sha256(response.content).hexdigest() == digest
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-length"] == str(len(content))
    assert response.headers["etag"] == f'"{digest}"'
    assert response.headers["content-disposition"] == (
        "attachment; filename*=UTF-8''ingot%20linux-amd64%20%28%C3%BC%29.tar.gz"
    )
    listed = forge.gql(RELEASES, owner_name(repo))["repository"]["releases"]["nodes"][0]
    assert listed["releaseAssets"]["nodes"] == [
        {"name": name, "size": len(content), "sha256": digest, "downloadCount": 2}
    ]
    blob = forge.data_dir / "assets" / "sha256" / digest[:2] / digest[2:4] / digest
    assert blob.read_bytes() == content


def test_active_content_is_served_as_an_opaque_download(forge: Forge) -> None:
    owner = forge.new_user()
    _, release = _release(forge, owner)
    page = b"<script>alert(1)</script>"
    response = upload(forge.url, owner.token, release["id"], "x.html", page, "text/html")
    asset = response.json()["data"]["uploadReleaseAsset"]["releaseAsset"]
    served = httpx.get(asset["downloadUrl"], timeout=60)
    assert served.headers["content-type"] == "application/octet-stream"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.headers["content-disposition"].startswith("attachment;")


def test_equal_files_are_stored_once_and_removed_with_the_last_reference(forge: Forge) -> None:
    owner = forge.new_user()
    repo, release = _release(forge, owner)
    content = os.urandom(4096)
    digest = hashlib.sha256(content).hexdigest()
    first = uploaded(forge, owner.token, release["id"], "a.bin", content)
    uploaded(forge, owner.token, release["id"], "b.bin", content)
    same_name = upload(forge.url, owner.token, release["id"], "a.bin", b"other")
    assert same_name.json()["errors"][0]["extensions"]["code"] == "CONFLICT"
    stored = [p for p in blobs(forge.data_dir) if p.name == digest]
    assert len(stored) == 1
    forge.gql(DELETE_ASSET, {"i": first["id"]}, token=owner.token)
    assert stored[0].exists()
    forge.gql(DELETE_RELEASE, {"i": release["id"]}, token=owner.token)
    assert not stored[0].exists()
    assert forge.gql(RELEASES, owner_name(repo))["repository"]["releases"]["totalCount"] == 0
    gone = httpx.get(first["downloadUrl"], timeout=60)
    assert gone.status_code == 404


def test_private_and_draft_assets_are_404_to_those_who_cannot_see_them(forge: Forge) -> None:
    owner, other = forge.new_user(), forge.new_user()
    for private, draft in ((True, False), (False, True)):
        repo, release = _release(forge, owner, private=private, draft=draft)
        asset = uploaded(forge, owner.token, release["id"], "secret.bin", b"secret")
        url = asset["downloadUrl"]
        for token in (None, other.token, forge.token_for(owner, [])):
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            assert httpx.get(url, headers=headers, timeout=60).status_code == 404
            refused = upload(forge.url, token, release["id"], "x.bin", b"x")
            code = "UNAUTHENTICATED" if token is None else "NOT_FOUND"
            assert refused.json()["errors"][0]["extensions"]["code"] == code
            node = forge.gql(
                "query($i: ID!) { node(id: $i) { id } }", {"i": asset["id"]}, token=token
            )
            assert node["node"] is None
        owned = httpx.get(url, headers={"Authorization": f"Bearer {owner.token}"}, timeout=60)
        assert owned.status_code == 200 and owned.content == b"secret"
        del repo


def test_readers_cannot_upload_or_delete_assets(forge: Forge) -> None:
    owner, other = forge.new_user(), forge.new_user()
    _, release = _release(forge, owner)
    asset = uploaded(forge, owner.token, release["id"], "a.bin", b"a")
    cases = [(other.token, "FORBIDDEN"), (forge.token_for(owner, ["repo:read"]), "FORBIDDEN")]
    for token, code in cases:
        refused = upload(forge.url, token, release["id"], "x.bin", b"x")
        assert refused.json()["errors"][0]["extensions"]["code"] == code
        assert forge.gql_error(DELETE_ASSET, {"i": asset["id"]}, token=token).codes == [code]
    # Anonymous multipart bodies are refused before they are read.
    anonymous = upload(forge.url, None, release["id"], "x.bin", b"x")
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    for name in ("../x", "a/b", " "):
        bad = upload(forge.url, owner.token, release["id"], name, b"x")
        assert bad.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", name


BOUNDARY = "ingot-test-boundary"


def _multipart_head(release_id: str, boundary: str = BOUNDARY) -> bytes:
    """The ``operations`` and ``map`` parts and the file part's headers."""
    operations = json.dumps(
        {"query": UPLOAD, "variables": {"i": {"releaseId": release_id, "file": None}}}
    )
    return (
        f'--{boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{operations}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n'
        '{"0": ["variables.i.file"]}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="0"; filename="big.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()


def test_a_refused_upload_is_answered_before_its_file_is_sent(forge: Forge) -> None:
    """Permission and visibility are checked on the operation, before any file byte."""
    owner, reader = forge.new_user(), forge.new_user()
    _, release = _release(forge, owner)
    _, private_release = _release(forge, owner, private=True)
    cases = [
        (reader.token, release["id"], "FORBIDDEN"),
        (forge.token_for(owner, ["repo:read"]), release["id"], "FORBIDDEN"),
        (reader.token, private_release["id"], "NOT_FOUND"),
        (reader.token, "UmVsZWFzZTo5OTk5OTk5", "NOT_FOUND"),
    ]
    host, port = forge.url.removeprefix("http://").split(":")
    for token, release_id, code in cases:
        head = _multipart_head(release_id)
        # Promise a 50 MB file, send none of it, and wait for the answer.
        request = (
            "POST /graphql HTTP/1.1\r\n"
            f"Host: {host}\r\nAuthorization: Bearer {token}\r\nGraphQL-Preflight: 1\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
            f"Content-Length: {len(head) + 50 * 1024 * 1024}\r\n\r\n"
        ).encode() + head
        with socket.create_connection((host, int(port)), timeout=30) as conn:
            conn.sendall(request)
            answer = conn.makefile("rb")
            status_line = answer.readline()
            headers = {}
            while (line := answer.readline().strip()) != b"":
                key, _, value = line.decode().partition(":")
                headers[key.lower()] = value.strip()
            body = json.loads(answer.read(int(headers["content-length"])))
        assert status_line.startswith(b"HTTP/1.1 200"), status_line
        assert body["errors"][0]["extensions"]["code"] == code, body
        assert body["errors"][0]["path"] == ["uploadReleaseAsset"]
    # The same refusals through an ordinary client that sends the whole body.
    content = os.urandom(100_000)
    for token, release_id, code in cases:
        refused = upload(forge.url, token, release_id, "x.bin", content)
        assert refused.json()["errors"][0]["extensions"]["code"] == code
    digest = hashlib.sha256(content).hexdigest()
    assert not [p for p in blobs(forge.data_dir) if p.name == digest]
    for r in (release, private_release):
        assets = forge.gql(ASSETS, {"i": r["id"]}, token=owner.token)["node"]["releaseAssets"]
        assert assets["totalCount"] == 0
    # An upload the caller may make still goes through the same connection handling.
    assert uploaded(forge, owner.token, release["id"], "ok.bin", b"ok")["size"] == 2


def _chunked_upload(url: str, token: str, release_id: str, size: int) -> httpx.Response:
    boundary = BOUNDARY
    head = _multipart_head(release_id, boundary)

    def body() -> Iterator[bytes]:
        yield head
        for _ in range(size // 65536):
            yield b"z" * 65536
        yield f"\r\n--{boundary}--\r\n".encode()

    return httpx.post(
        f"{url}/graphql",
        content=body(),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "GraphQL-Preflight": "1",
        },
        timeout=60,
    )


@pytest.fixture
def small_forge(forge: Forge, tmp_path: Path) -> Iterator[Forge]:
    """A second server on the same database whose assets may be at most 1,000 bytes."""
    database = forge.env.get("INGOT_DATABASE_URL") or f"sqlite://{forge.data_dir / 'ingot.db'}"
    small = start_server(tmp_path, database, {"INGOT_MAX_ASSET_BYTES": "1000"})
    try:
        yield small
    finally:
        small.stop()


def test_an_oversized_asset_is_refused_and_leaves_nothing(forge: Forge, small_forge: Forge) -> None:
    owner = forge.new_user()
    repo, release = _release(forge, owner)
    fits = upload(small_forge.url, owner.token, release["id"], "ok.bin", b"x" * 1000)
    assert fits.status_code == 200 and "errors" not in fits.json(), fits.text
    for size in (1001, 3 * 1024 * 1024):
        refused = upload(small_forge.url, owner.token, release["id"], "big.bin", b"y" * size)
        assert refused.status_code == 413, refused.text
    # Without a Content-Length the body is counted as it streams in.
    chunked = _chunked_upload(small_forge.url, owner.token, release["id"], 3 * 1024 * 1024)
    assert chunked.status_code == 413, chunked.text
    stored = blobs(small_forge.data_dir)
    assert [p.name for p in stored] == [hashlib.sha256(b"x" * 1000).hexdigest()]
    assets = forge.gql(RELEASES, owner_name(repo))["repository"]["releases"]["nodes"][0]
    assert [a["name"] for a in assets["releaseAssets"]["nodes"]] == ["ok.bin"]


def test_malformed_uploads_are_refused_with_4xx(forge: Forge) -> None:
    owner = forge.new_user()
    _, release = _release(forge, owner)
    as_json = forge.gql_error(
        UPLOAD, {"i": {"releaseId": release["id"], "file": "not a file"}}, token=owner.token
    )
    assert as_json.codes == ["BAD_USER_INPUT"]
    headers = {"Authorization": f"Bearer {owner.token}", "GraphQL-Preflight": "1"}
    operations = json.dumps({"query": UPLOAD, "variables": {"i": {"releaseId": release["id"]}}})
    cases = [
        {"operations": operations},
        {"operations": "{not json", "map": "{}"},
        {"operations": operations, "map": json.dumps({"0": ["variables.i.file"]})},
        {"operations": operations, "map": json.dumps({"f": ["query"]})},
    ]
    for data in cases:
        files = {"f": ("a.bin", b"a", "application/octet-stream")}
        response = httpx.post(f"{forge.url}/graphql", data=data, files=files, headers=headers)
        assert response.status_code == 400, (data, response.text)
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_deleting_a_repository_removes_its_asset_blobs(forge: Forge) -> None:
    owner = forge.new_user()
    repo, release = _release(forge, owner)
    content = os.urandom(2048)
    uploaded(forge, owner.token, release["id"], "a.bin", content)
    digest = hashlib.sha256(content).hexdigest()
    assert [p for p in blobs(forge.data_dir) if p.name == digest]
    forge.gql(
        "mutation($r: ID!) { deleteRepository(input: {repositoryId: $r}) { deletedRepositoryId } }",
        {"r": repo["id"]},
        token=owner.token,
    )
    assert not [p for p in blobs(forge.data_dir) if p.name == digest]


def test_assets_know_their_release_and_page_by_number(forge: Forge) -> None:
    owner = forge.new_user()
    repo, release = _release(forge, owner)
    for name in ("a.bin", "b.bin", "c.bin"):
        uploaded(forge, owner.token, release["id"], name, name.encode())
    query = """query($id: ID!, $page: Int!) { node(id: $id) { ... on Release {
      repository { nameWithOwner }
      releaseAssets(first: 2, page: $page) { totalCount pageInfo { hasNextPage hasPreviousPage }
        nodes { name release { tagName } } } } } }"""
    pages = [
        forge.gql(query, {"id": release["id"], "page": p}, token=owner.token)["node"]
        for p in (1, 2, 3)
    ]
    assert pages[0]["repository"] == {"nameWithOwner": repo["nameWithOwner"]}
    assets = [p["releaseAssets"] for p in pages]
    assert [[n["name"] for n in a["nodes"]] for a in assets] == [["a.bin", "b.bin"], ["c.bin"], []]
    assert {n["release"]["tagName"] for a in assets for n in a["nodes"]} == {"v1.0"}
    assert [a["totalCount"] for a in assets] == [3, 3, 3]
    assert [a["pageInfo"] for a in assets[:2]] == [
        {"hasNextPage": True, "hasPreviousPage": False},
        {"hasNextPage": False, "hasPreviousPage": True},
    ]
    refused = forge.gql_error(
        """query($id: ID!) { node(id: $id) { ... on Release {
          releaseAssets(page: 0) { totalCount } } } }""",
        {"id": release["id"]},
        token=owner.token,
    )
    assert refused.codes == ["BAD_USER_INPUT"]

"""Isurus releases and assets on a live server: bytes, limits, drafts, permissions, privacy."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import start_server
from tests.forge import Forge
from tests.rest.isurus import (
    ACTORS,
    ASSET_FIELDS,
    RELEASE_FIELDS,
    Team,
    api,
    data,
    error,
    new_team,
)
from tests.rest.rest import assert_types

SMALL_LIMIT = 1000


def _release(team: Team, tag: str = "v1.0", **fields: Any) -> dict[str, Any]:
    with team.client() as isurus:
        body = {"tag_name": tag, **fields}
        return dict(data(isurus.post(f"{team.path}/releases", json=body), 201))


def _blobs(data_dir: Path) -> list[str]:
    root = data_dir / "assets" / "sha256"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_isurus_asset_bytes_round_trip_with_the_same_sha256(forge: Forge) -> None:
    team = new_team(forge)
    release = _release(team)
    assets = f"{team.path}/releases/{release['id']}/assets"
    content = os.urandom(3 * 1024 * 1024 + 17)
    digest = hashlib.sha256(content).hexdigest()
    with team.client() as isurus:
        asset = data(
            isurus.post(
                assets,
                params={"name": "ingot linux-amd64 (ü).tar.gz"},
                files={"attachment": ("local-name.bin", content, "application/x-tar")},
            ),
            201,
        )
        assert_types(asset, ASSET_FIELDS)
        assert (asset["name"], asset["size"], asset["sha256"]) == (
            "ingot linux-amd64 (ü).tar.gz",
            len(content),
            digest,
        )
        assert asset["content_type"] == "application/x-tar"
        downloaded = httpx.get(asset["download_url"], timeout=60)
        assert downloaded.status_code == 200
        assert hashlib.sha256(downloaded.content).hexdigest() == digest
        assert downloaded.headers["etag"] == f'"{digest}"'
        # Without ?name the part's file name is the asset's name; lists page through.
        for i in range(2):
            part = (f"extra-{i}.txt", f"extra {i}\n".encode(), "text/plain")
            data(isurus.post(assets, files={"attachment": part}), 201)
        pages = [isurus.get(assets, params={"per_page": 2, "page": p}).json() for p in (1, 2, 3)]
        assert [[a["name"] for a in p["data"]] for p in pages] == [
            ["ingot linux-amd64 (ü).tar.gz", "extra-0.txt"],
            ["extra-1.txt"],
            [],
        ]
        assert {p["pagination"]["total"] for p in pages} == {3}
        assert pages[0]["data"][0]["download_count"] == 1
        again = isurus.post(assets, files={"attachment": ("extra-0.txt", b"x", "text/plain")})
        assert error(again, 409, "conflict")["field"] == "name"
        assert len(data(isurus.get(f"{team.path}/releases/{release['id']}"))["assets"]) == 3
    assert digest in _blobs(forge.data_dir)


@pytest.fixture
def small_forge(forge: Forge, tmp_path: Path) -> Iterator[Forge]:
    """A second server on the same database whose assets may be at most 1,000 bytes."""
    database = forge.env.get("INGOT_DATABASE_URL") or f"sqlite://{forge.data_dir / 'ingot.db'}"
    small = start_server(tmp_path, database, {"INGOT_MAX_ASSET_BYTES": str(SMALL_LIMIT)})
    try:
        yield small
    finally:
        small.stop()


def _chunked(size: int) -> Iterator[bytes]:
    """A multipart body without Content-Length: counted as it streams in."""
    yield b'--b\r\nContent-Disposition: form-data; name="attachment"; filename="c.bin"\r\n\r\n'
    for _ in range(size // 65536):
        yield b"z" * 65536
    yield b"\r\n--b--\r\n"


def test_isurus_oversized_asset_is_413_and_stores_nothing(forge: Forge, small_forge: Forge) -> None:
    team = new_team(forge)
    release = _release(team)
    path = f"{team.path}/releases/{release['id']}/assets"
    with api(small_forge, team.owner.token) as small:
        fits = small.post(path, files={"attachment": ("ok.bin", b"x" * SMALL_LIMIT)})
        assert data(fits, 201)["size"] == SMALL_LIMIT
        for size in (SMALL_LIMIT + 1, 3 * 1024 * 1024):
            big = small.post(path, files={"attachment": ("big.bin", b"y" * size)})
            assert "bytes" in error(big, 413, "payload_too_large")["message"]
        chunked = small.post(
            path,
            content=_chunked(3 * 1024 * 1024),
            headers={"Content-Type": "multipart/form-data; boundary=b"},
        )
        error(chunked, 413, "payload_too_large")
    # Permission is checked before the body is read: a reader's oversized upload is 403.
    with api(small_forge, team.tokens["reader"]) as reader:
        refused = reader.post(path, files={"attachment": ("big.bin", b"y" * 3 * 1024 * 1024)})
        error(refused, 403, "forbidden")
    with api(small_forge, team.owner.token) as small:
        assert [a["name"] for a in data(small.get(path))] == ["ok.bin"]
    assert _blobs(small_forge.data_dir) == [hashlib.sha256(b"x" * SMALL_LIMIT).hexdigest()]
    assert list((small_forge.data_dir / "assets" / "tmp").iterdir()) == []


def test_isurus_refuses_bad_release_bodies_and_writes_nothing(forge: Forge) -> None:
    team = new_team(forge)
    releases = f"{team.path}/releases"
    with team.client() as isurus:
        no_tag = isurus.post(releases, json={"name": "x"})
        assert error(no_tag, 422, "validation_failed")["field"] == "tag_name"
        bad_tag = isurus.post(releases, json={"tag_name": "a..b"})
        assert error(bad_tag, 422, "validation_failed")["field"] == "tag_name"
        draft = isurus.post(releases, json={"tag_name": "v1", "draft": "yes"})
        assert error(draft, 422, "validation_failed")["field"] == "draft"
        target = isurus.post(releases, json={"tag_name": "v1", "target_commitish": "nowhere"})
        assert error(target, 422, "validation_failed")["field"] == "target_commitish"
        error(isurus.post(releases, content=b"{nope"), 400, "bad_request")
        assert data(isurus.get(releases)) == []
        assert data(isurus.get(f"{team.path}/log"))[0]["tags"] == []

        created = data(isurus.post(releases, json={"tag_name": "v1", "draft": False}), 201)
        taken = isurus.post(releases, json={"tag_name": "v1"})
        assert error(taken, 409, "conflict")["field"] == "tag_name"
        one = f"{releases}/{created['id']}"
        wrong = isurus.patch(one, json={"prerelease": 1})
        assert error(wrong, 422, "validation_failed")["field"] == "prerelease"
        assert data(isurus.get(one)) == created

        assets = f"{one}/assets"
        as_json = isurus.post(assets, json={"attachment": "text"})
        error(as_json, 400, "bad_request")
        no_file = isurus.post(assets, files={"other": ("a.bin", b"a")})
        assert error(no_file, 422, "validation_failed")["field"] == "attachment"
        text_only = isurus.post(assets, data={"attachment": "not a file"}, files={"x": ("", b"")})
        assert error(text_only, 422, "validation_failed")["field"] == "attachment"
        broken = isurus.post(
            assets,
            content=b"--b\r\nContent-Disposition: form-data\r\n\r\nno name\r\n",
            headers={"Content-Type": "multipart/form-data; boundary=b"},
        )
        error(broken, 400, "bad_request")
        no_boundary = isurus.post(
            assets, content=b"x", headers={"Content-Type": "multipart/form-data"}
        )
        error(no_boundary, 400, "bad_request")
        bad_name = isurus.post(assets, params={"name": "a/b"}, files={"attachment": ("a", b"a")})
        assert error(bad_name, 422, "validation_failed")["field"] == "name"
        assert data(isurus.get(assets)) == []
        error(isurus.get(f"{releases}/2147483648"), 404, "not_found")
        error(isurus.delete(f"{assets}/99999999999"), 404, "not_found")


def test_isurus_drafts_are_visible_to_writers_only(forge: Forge) -> None:
    team = new_team(forge)
    draft = _release(team, "v2.0", name="Next", draft=True)
    assert_types(draft, RELEASE_FIELDS)
    assert draft["draft"] is True and draft["published_at"] is None
    releases = f"{team.path}/releases"
    for actor in ("owner", "writer"):
        with team.client(actor) as caller:
            assert [r["id"] for r in data(caller.get(releases))] == [draft["id"]]
            assert data(caller.get(f"{releases}/{draft['id']}"))["name"] == "Next"
    for actor in ("reader", "outsider", "anonymous", "read token"):
        with team.client(actor) as caller:
            assert caller.get(releases).json()["pagination"]["total"] == 0
            error(caller.get(f"{releases}/{draft['id']}"), 404, "not_found")
            error(caller.get(f"{releases}/tags/v2.0"), 404, "not_found")
            error(caller.get(f"{releases}/{draft['id']}/assets"), 404, "not_found")
    with team.client() as isurus:
        assert data(isurus.get(f"{team.path}/log"))[0]["tags"] == []
        published = data(isurus.patch(f"{releases}/{draft['id']}", json={"draft": False}))
        assert published["draft"] is False and published["published_at"]
        assert data(isurus.get(f"{team.path}/log"))[0]["tags"] == ["v2.0"]
    with team.client("anonymous") as anonymous:
        assert data(anonymous.get(f"{releases}/tags/v2.0"))["id"] == draft["id"]


def test_isurus_ids_of_other_repositories_are_not_found(forge: Forge) -> None:
    team, other = new_team(forge), new_team(forge)
    mine, theirs = _release(team), _release(other)
    with other.client() as isurus:
        asset = data(
            isurus.post(
                f"{other.path}/releases/{theirs['id']}/assets",
                files={"attachment": ("a.txt", b"a")},
            ),
            201,
        )
    second = _release(other, "v2.0")
    with team.client() as isurus:
        for method, path in [
            ("GET", f"{team.path}/releases/{theirs['id']}"),
            ("PATCH", f"{team.path}/releases/{theirs['id']}"),
            ("DELETE", f"{team.path}/releases/{theirs['id']}"),
            ("GET", f"{team.path}/releases/{theirs['id']}/assets"),
            ("DELETE", f"{team.path}/releases/{mine['id']}/assets/{asset['id']}"),
        ]:
            error(
                isurus.request(method, path, json={} if method == "PATCH" else None),
                404,
                "not_found",
            )
        upload = isurus.post(
            f"{team.path}/releases/{theirs['id']}/assets", files={"attachment": ("b", b"b")}
        )
        error(upload, 404, "not_found")
    with other.client() as isurus:
        wrong_release = isurus.delete(f"{other.path}/releases/{second['id']}/assets/{asset['id']}")
        error(wrong_release, 404, "not_found")
        assert [
            a["id"] for a in data(isurus.get(f"{other.path}/releases/{theirs['id']}/assets"))
        ] == [asset["id"]]


# Expected success per route; every other signed-in actor gets 403 (their repository is
# public), anonymous callers 401. Releases need write access and a write-scoped token.
WRITERS = {"owner", "writer"}


@pytest.mark.parametrize("actor", ACTORS)
def test_isurus_release_writes_follow_the_permission_matrix(forge: Forge, actor: str) -> None:
    team = new_team(forge)
    release = _release(team, "v1.0")
    doomed = _release(team, "v0.9")
    one = f"{team.path}/releases/{release['id']}"
    with team.client() as isurus:
        kept = data(isurus.post(f"{one}/assets", files={"attachment": ("kept.bin", b"k")}), 201)
    requests: list[tuple[str, str, dict[str, Any]]] = [
        ("POST", f"{team.path}/releases", {"json": {"tag_name": "v3.0"}}),
        ("PATCH", one, {"json": {"name": "renamed"}}),
        ("POST", f"{one}/assets", {"files": {"attachment": ("new.bin", b"n")}}),
        ("DELETE", f"{one}/assets/{kept['id']}", {}),
        ("DELETE", f"{team.path}/releases/{doomed['id']}", {}),
    ]
    success = {"POST": 201, "PATCH": 200, "DELETE": 204}
    with team.client(actor) as caller:
        for method, path, body in requests:
            response = caller.request(method, path, **body)
            if actor in WRITERS:
                assert response.status_code == success[method], response.text
            elif actor == "anonymous":
                error(response, 401, "unauthorized")
            else:
                error(response, 403, "forbidden")
    with team.client() as isurus:
        tags = sorted(r["tag_name"] for r in data(isurus.get(f"{team.path}/releases")))
        names = sorted(a["name"] for a in data(isurus.get(f"{one}/assets")))
        name = data(isurus.get(one))["name"]
    if actor in WRITERS:
        assert (tags, names, name) == (["v1.0", "v3.0"], ["new.bin"], "renamed")
    else:
        assert (tags, names, name) == (["v0.9", "v1.0"], ["kept.bin"], "")


def test_isurus_private_repository_is_not_found_on_every_new_route(forge: Forge) -> None:
    team = new_team(forge, private=True)
    team.builder.commit({"a.txt": b"f\n"}, "Feature", branch="feature", parents=[team.tip()])
    with team.client() as isurus:
        pr = data(
            isurus.post(f"{team.path}/pulls", json={"title": "t", "source_bookmark": "feature"}),
            201,
        )
    release = _release(team, "v1.0")
    one = f"{team.path}/releases/{release['id']}"
    with team.client() as isurus:
        asset = data(isurus.post(f"{one}/assets", files={"attachment": ("a.bin", b"a")}), 201)
    number = f"{team.path}/pulls/{pr['number']}"
    requests: list[tuple[str, str, dict[str, Any]]] = [
        ("GET", f"{team.path}/pulls", {}),
        ("GET", number, {}),
        ("POST", f"{team.path}/pulls", {"json": {"title": "x", "source_bookmark": "feature"}}),
        ("PATCH", number, {"json": {"title": "x"}}),
        ("POST", f"{number}/merge", {"json": {}}),
        ("POST", f"{number}/comments", {"json": {"body": "x"}}),
        ("GET", f"{team.path}/releases", {}),
        ("GET", one, {}),
        ("GET", f"{team.path}/releases/tags/v1.0", {}),
        ("POST", f"{team.path}/releases", {"json": {"tag_name": "v2"}}),
        ("PATCH", one, {"json": {"name": "x"}}),
        ("DELETE", one, {}),
        ("GET", f"{one}/assets", {}),
        ("POST", f"{one}/assets", {"files": {"attachment": ("b.bin", b"b")}}),
        ("DELETE", f"{one}/assets/{asset['id']}", {}),
    ]
    no_scope = forge.token_for(team.owner, [])
    for token in (None, team.tokens["outsider"], no_scope):
        with api(forge, token) as caller:
            for method, path, body in requests:
                error(caller.request(method, path, **body), 404, "not_found")
    assert httpx.get(asset["download_url"], timeout=60).status_code == 404
    with team.client("reader") as reader:
        assert data(reader.get(number))["status"] == "open"
        assert [a["name"] for a in data(reader.get(f"{one}/assets"))] == ["a.bin"]
    with team.client() as isurus:
        assert data(isurus.get(number))["title"] == "t" and "comments" not in data(
            isurus.get(number)
        )
        assert data(isurus.get(one))["name"] == "" and len(data(isurus.get(f"{one}/assets"))) == 1
        assert [r["tag_name"] for r in data(isurus.get(f"{team.path}/releases"))] == ["v1.0"]

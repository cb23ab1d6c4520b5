"""What an import refuses: unsafe URLs, private addresses, foreign owners, taken names."""

from __future__ import annotations

import base64
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pygit2
import pytest

from tests.backends import dump
from tests.conftest import free_port
from tests.forge import Forge, unique
from tests.gitsource import Source
from tests.importing.flow import IMPORT, STATUS, bare_path, finished, leftovers, start_import

UNSAFE = [
    "file:///etc",
    "/etc/passwd",
    "ext::sh -c touch% /tmp/pwned",
    "--upload-pack=touch /tmp/x",
    "fd::0",
    "git://127.0.0.1:9418/x.git\n",
    "ssh://git@example.com/x.git",
    "http://example.com/" + "x" * 2048,
]


@pytest.mark.parametrize("url", UNSAFE)
def test_unsafe_urls_are_refused_before_anything_is_created(importer: Forge, url: str) -> None:
    user = importer.new_user()
    name = unique("bad")
    error = importer.gql_error(IMPORT, {"i": {"name": name, "url": url}}, token=user.token)
    assert error.codes == ["BAD_USER_INPUT"]
    assert error.errors[0]["extensions"]["field"] == "url"
    assert importer.gql(STATUS, {"o": user.login, "n": name}, token=user.token) == {
        "repository": None
    }
    assert leftovers(importer, user.login) == []
    assert not Path("/tmp/pwned").exists() and not Path("/tmp/x").exists()


def test_private_addresses_are_refused_by_default(forge: Forge, source: Source) -> None:
    user = forge.new_user()
    # IPv6 written without "::", which is refused on its own (remote helper syntax).
    private = [
        source.url,
        "http://localhost:1/x.git",
        "https://[0:0:0:0:0:0:0:1]:1/x.git",
        "http://[0:0:0:0:0:ffff:7f00:1]:1/x.git",
        "http://169.254.169.254/x.git",
        "http://10.0.0.1/x.git",
        "http://0.0.0.0/x.git",
        "git://224.0.0.1/x.git",
        "http://100.64.0.1/x.git",
    ]
    for url in private:
        error = forge.gql_error(IMPORT, {"i": {"name": unique("p"), "url": url}}, token=user.token)
        assert error.codes == ["BAD_USER_INPUT"], url
        assert "private" in error.errors[0]["message"], url
    assert leftovers(forge, user.login) == []


def test_unreachable_source_fails_and_leaves_nothing(importer: Forge) -> None:
    user = importer.new_user()
    name = unique("gone")
    start_import(importer, user, name, f"git://127.0.0.1:{free_port()}/x.git")
    status = finished(importer, user, user.login, name)["importStatus"]
    assert status["state"] == "FAILED" and status["error"] and status["finishedAt"]
    assert leftovers(importer, user.login) == []
    repo = importer.gql(STATUS, {"o": user.login, "n": name}, token=user.token)["repository"]
    deleted = importer.gql(
        "mutation($r: ID!) { deleteRepository(input: {repositoryId: $r}) { deletedRepositoryId } }",
        {"r": repo["id"]},
        token=user.token,
    )
    assert deleted["deleteRepository"]["deletedRepositoryId"] == repo["id"]


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[dict[str, str]] = []

    def do_GET(self) -> None:
        _Recorder.seen.append({"path": self.path, **dict(self.headers.items())})
        self.send_response(404)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_credentials_reach_git_but_are_never_stored_or_shown(
    importer: Forge, recorder: str
) -> None:
    user = importer.new_user()
    secret = f"s3cr3t-{unique()}"
    _Recorder.seen.clear()
    outputs = []
    for host in [recorder, "127.0.0.1:1"]:
        name = unique("cred")
        started = start_import(importer, user, name, f"http://bob:{secret}@{host}/x.git")
        assert started["importStatus"]["sourceUrl"] == f"http://***@{host}/x.git"
        repo = finished(importer, user, user.login, name)
        assert repo["importStatus"]["state"] == "FAILED"
        outputs += [str(started), str(repo)]
    # The header went to the server it was meant for (over the pinned address).
    expected = "Basic " + base64.b64encode(f"bob:{secret}".encode()).decode()
    assert _Recorder.seen and _Recorder.seen[0]["Authorization"] == expected
    assert _Recorder.seen[0]["Host"] == recorder
    assert leftovers(importer, user.login) == []
    for text in [*outputs, importer.log_path.read_text()]:
        assert secret not in text
    assert secret.encode() not in dump(importer)


def test_names_cannot_clash(importer: Forge, source: Source) -> None:
    user = importer.new_user()
    taken = importer.new_repo(user)["name"]
    for name in [taken, taken.upper()]:
        error = importer.gql_error(
            IMPORT, {"i": {"name": name, "url": source.url}}, token=user.token
        )
        assert error.codes == ["CONFLICT"] and error.errors[0]["extensions"]["field"] == "name"
    name = unique("twice")
    start_import(importer, user, name, source.url)
    error = importer.gql_error(IMPORT, {"i": {"name": name, "url": source.url}}, token=user.token)
    assert error.codes == ["CONFLICT"]
    assert finished(importer, user, user.login, name)["importStatus"]["state"] == "SUCCEEDED"
    assert bare_path(importer, user.login, name).is_dir()
    error = importer.gql_error(IMPORT, {"i": {"name": "../x", "url": source.url}}, token=user.token)
    assert error.codes == ["BAD_USER_INPUT"]


def test_user_cannot_import_into_an_organization_they_are_not_in(
    importer: Forge, source: Source
) -> None:
    owner, outsider = importer.new_user(), importer.new_user()
    org = importer.gql(
        'mutation($l: String!) { createOrganization(input: {login: $l, name: "Org"}) { organization { id } } }',
        {"l": unique("org")},
        token=owner.token,
    )["createOrganization"]["organization"]
    name = unique("r")
    variables = {"i": {"name": name, "url": source.url, "ownerId": org["id"]}}
    assert importer.gql_error(IMPORT, variables, token=outsider.token).codes == ["FORBIDDEN"]
    anonymous = importer.gql_error(IMPORT, variables)
    assert anonymous.codes == ["UNAUTHENTICATED"]
    data = importer.gql(IMPORT, variables, token=owner.token)
    assert data["importRepository"]["repository"]["nameWithOwner"].endswith(f"/{name}")


def _served_beside(source: Source, name: str, tree: bytes, signature: bytes) -> str:
    """A repository next to ``source`` (so the same git daemon serves it) whose one commit
    has ``tree`` (raw tree entries) and ``signature``, written as given; its git:// URL."""
    path = source.path.parent / name
    repo = pygit2.init_repository(str(path), bare=True, initial_head="main")
    blob = repo.create_blob(b"hello\n")
    entries = tree.replace(b"BLOB", blob.raw)
    tree_id = repo.odb.write(pygit2.enums.ObjectType.TREE, entries)
    commit = b"tree %s\nauthor %s\ncommitter %s\n\nby hand\n" % (
        str(tree_id).encode(),
        signature,
        signature,
    )
    commit_id = repo.odb.write(pygit2.enums.ObjectType.COMMIT, commit)
    repo.references.create("refs/heads/main", commit_id, force=True)
    return source.url.rsplit("/", 1)[0] + f"/{name}"


def test_histories_with_hostile_trees_are_refused_old_slips_are_not(
    importer: Forge, source: Source
) -> None:
    """Imported objects are checked as pushed ones are: a tree with a ``.git`` entry fails
    the import and leaves nothing; zero-padded modes and an odd time zone do not."""
    sane = b"Ada <ada@example.com> 1700000000 +0000"
    hostile = _served_beside(source, "hostile.git", b"100644 .git\0BLOB", sane)
    legacy = _served_beside(source, "legacy.git", b"0100644 a.txt\0BLOB", sane[:-5] + b"+05")
    user = importer.new_user()
    name = unique("hostile")
    start_import(importer, user, name, hostile)
    status = finished(importer, user, user.login, name)["importStatus"]
    assert status["state"] == "FAILED", status
    assert "hasDotgit" in status["error"], status["error"]
    assert leftovers(importer, user.login) == []
    kept = unique("legacy")
    start_import(importer, user, kept, legacy)
    status = finished(importer, user, user.login, kept)["importStatus"]
    assert status["state"] == "SUCCEEDED", status
    assert (bare_path(importer, user.login, kept) / "refs").exists()

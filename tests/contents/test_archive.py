"""``/{owner}/{repo}/archive/{ref}.zip|.tar.gz``: a pushed tree, streamed from ``git archive``."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import tarfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.collaboration.people import add_collaborator
from tests.forge import Forge, User
from tests.git.gitcli import Git, repo_path, served_git, url

FILES = {
    "README.md": b"# Archived\n",
    "src/app.py": b"print('hi')\n",
    "data/blob.bin": bytes(range(256)) * 8,
    "naïve café.txt": "çà\n".encode(),
}


@dataclass
class Pushed:
    repo: dict[str, Any]
    user: User
    owner: str
    name: str
    git: Git
    work: Path
    main: str
    feature: str
    tagged: str

    def path(self, archive: str) -> str:
        return f"/{self.owner}/{self.name}/archive/{archive}"


def _push(forge: Forge, tmp: Path, private: bool = False) -> Pushed:
    git = Git(tmp / "home")
    user = forge.new_user("arch")
    repo = forge.new_repo(user, private=private)
    owner, name = repo["nameWithOwner"].split("/")
    work = git.init(tmp / "work")
    for path, content in FILES.items():
        git.commit(work, path, content)
    tagged = git.rev(work, "HEAD")
    git.run("tag", "-a", "-m", "First release", "v1.0", cwd=work)
    main = git.commit(work, "CHANGES", "More.\n")
    git.run("checkout", "-q", "-b", "feature/deep/x", cwd=work)
    feature = git.commit(work, "src/feature.py", "x = 1\n")
    git.run("rm", "-q", "README.md", cwd=work)
    git.run("commit", "-q", "-m", "Drop the readme", cwd=work)
    feature = git.rev(work, "HEAD")
    git.run("checkout", "-q", "main", cwd=work)
    remote = url(forge, repo["nameWithOwner"], user.token)
    git.run("push", "-q", remote, "main", "feature/deep/x", "v1.0", cwd=work)
    return Pushed(repo, user, owner, name, git, work, main, feature, tagged)


@pytest.fixture(scope="module")
def pushed(forge: Forge, tmp_path_factory: pytest.TempPathFactory) -> Pushed:
    return _push(forge, tmp_path_factory.mktemp("archive"))


def _members(data: bytes, fmt: str) -> dict[str, bytes]:
    """Every file in the archive, by path, with its bytes."""
    if fmt == "zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        found = {}
        for member in archive.getmembers():
            if member.isfile():
                extracted = archive.extractfile(member)
                assert extracted is not None
                found[member.name] = extracted.read()
        return found


def _git_archive(pushed: Pushed, fmt: str, prefix: str, oid: str) -> dict[str, bytes]:
    """What the git client's own ``git archive`` holds for the same commit."""
    data = subprocess.run(
        ["git", "archive", f"--format={fmt}", f"--prefix={prefix}/", oid],
        cwd=pushed.work,
        env=pushed.git.env(),
        capture_output=True,
        check=True,
    ).stdout
    return _members(data, fmt)


@pytest.mark.parametrize("fmt", ["zip", "tar.gz"])
def test_anyone_can_download_a_branch_as_it_is_in_git(
    forge: Forge, pushed: Pushed, fmt: str
) -> None:
    response = forge.client.get(forge.url + pushed.path(f"main.{fmt}"))
    assert response.status_code == 200, response.text
    prefix = f"{pushed.name}-main"
    media = "application/zip" if fmt == "zip" else "application/gzip"
    assert response.headers["content-type"] == media
    assert response.headers["content-disposition"] == (
        f"attachment; filename=\"{prefix}.{fmt}\"; filename*=UTF-8''{prefix}.{fmt}"
    )
    assert response.headers["etag"] == f'"{pushed.main}"'
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "public, no-cache"
    members = _members(response.content, fmt)
    expected = {f"{prefix}/{path}": content for path, content in FILES.items()}
    expected[f"{prefix}/CHANGES"] = b"More.\n"
    assert members == expected
    assert members == _git_archive(pushed, fmt, prefix, pushed.main)
    again = forge.client.get(
        forge.url + pushed.path(f"main.{fmt}"), headers={"If-None-Match": f'"{pushed.main}"'}
    )
    assert again.status_code == 304 and again.content == b""
    head = forge.client.head(forge.url + pushed.path(f"main.{fmt}"))
    assert head.status_code == 200 and head.headers["etag"] == f'"{pushed.main}"'
    # The length is not known before git has run: no Content-Length rather than a false 0.
    assert head.content == b"" and "content-length" not in head.headers


def test_slashed_branches_tags_and_object_ids(forge: Forge, pushed: Pushed) -> None:
    cases = {
        "feature/deep/x": (pushed.feature, f"{pushed.name}-feature-deep-x"),
        "v1.0": (pushed.tagged, f"{pushed.name}-v1.0"),
        pushed.main: (pushed.main, f"{pushed.name}-{pushed.main}"),
        pushed.main[:7]: (pushed.main, f"{pushed.name}-{pushed.main[:7]}"),
        "HEAD": (pushed.main, f"{pushed.name}-HEAD"),
    }
    for ref, (oid, prefix) in cases.items():
        for fmt in ("zip", "tar.gz"):
            response = forge.client.get(forge.url + pushed.path(f"{ref}.{fmt}"))
            assert response.status_code == 200, (ref, response.text)
            assert response.headers["etag"] == f'"{oid}"'
            assert f'filename="{prefix}.{fmt}"' in response.headers["content-disposition"]
            assert _members(response.content, fmt) == _git_archive(pushed, fmt, prefix, oid)
    feature = _members(
        forge.client.get(forge.url + pushed.path("feature/deep/x.zip")).content, "zip"
    )
    prefix = f"{pushed.name}-feature-deep-x"
    assert f"{prefix}/README.md" not in feature
    assert feature[f"{prefix}/src/feature.py"] == b"x = 1\n"
    tag = _members(forge.client.get(forge.url + pushed.path("v1.0.tar.gz")).content, "tar.gz")
    assert f"{pushed.name}-v1.0/CHANGES" not in tag


def test_unicode_branch_names_are_encoded_for_the_download(
    forge: Forge, pushed: Pushed, tmp_path: Path
) -> None:
    work = pushed.work
    pushed.git.run("branch", "été", pushed.main, cwd=work)
    remote = url(forge, f"{pushed.owner}/{pushed.name}", pushed.user.token)
    pushed.git.run("push", "-q", remote, "été", cwd=work)
    response = forge.client.get(forge.url + pushed.path(quote("été") + ".zip"))
    assert response.status_code == 200
    name = f"{pushed.name}-été.zip"
    assert response.headers["content-disposition"] == (
        f"attachment; filename=\"{pushed.name}-_t_.zip\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    assert all(m.startswith(f"{pushed.name}-été/") for m in _members(response.content, "zip"))


def test_missing_refs_and_formats_are_404(forge: Forge, pushed: Pushed) -> None:
    for archive in ("nope.zip", "main.rar", "main", ".zip", "main.tar.bz2", "0" * 40 + ".zip"):
        response = forge.client.get(forge.url + pushed.path(archive))
        assert response.status_code == 404, archive
    missing = f"/{pushed.owner}/nothing-here/archive/main.zip"
    assert forge.client.get(forge.url + missing).status_code == 404
    # Paths under name.git stay git's (dumb HTTP, not served), never archives.
    dotgit = forge.client.get(f"{forge.url}/{pushed.owner}/{pushed.name}.git/archive/main.zip")
    assert dotgit.status_code == 404 and "smart HTTP only" in dotgit.text


def test_hostile_refs_are_refused_and_write_nothing(
    forge: Forge, pushed: Pushed, tmp_path: Path
) -> None:
    target = tmp_path / "x"
    hostile = [
        f"--output={target}",
        f"--output={quote(str(target), safe='')}",
        "..%2F..%2Fmain",
        "-x",
        "--remote=file:%2F%2F%2Ftmp",
        "HEAD@%7B1%7D",
        "main%00",
        "main~1",
        "main%5E",
        "main:README.md",
        "main..v1.0",
        "%2Fetc%2Fpasswd",
    ]
    for ref in hostile:
        for fmt in ("zip", "tar.gz"):
            response = forge.client.get(forge.url + pushed.path(f"{ref}.{fmt}"))
            assert response.status_code in {404, 422}, (ref, response.status_code)
    assert not list(tmp_path.iterdir())
    assert not Path(f"{target}.zip").exists()


def _private_cast(forge: Forge, tmp: Path) -> tuple[Pushed, dict[str, str | None]]:
    pushed = _push(forge, tmp, private=True)
    reader = forge.new_user("reader")
    add_collaborator(forge, pushed.user, pushed.repo, reader, "READ")
    tokens = {
        "owner": pushed.user.token,
        "reader": reader.token,
        "outsider": forge.new_user("outsider").token,
        "no-repo-read": forge.token_for(pushed.user, ["collaborator:read"]),
    }
    return pushed, tokens


def test_private_archives_follow_the_raw_rules(forge: Forge, tmp_path: Path) -> None:
    pushed, tokens = _private_cast(forge, tmp_path)
    path = forge.url + pushed.path("main.zip")
    raw = forge.url + f"/{pushed.owner}/{pushed.name}/raw/main/README.md"
    anonymous = forge.client.get(path)
    assert anonymous.status_code == forge.client.get(raw).status_code == 404
    assert forge.client.get(path, params={"token": "ingot_bad"}).status_code == 401
    expected = {"owner": 200, "reader": 200, "outsider": 404, "no-repo-read": 404}
    for who, token in tokens.items():
        assert token is not None
        forms = [
            {"headers": {"Authorization": f"token {token}"}},
            {"headers": {"Authorization": f"Bearer {token}"}},
            {"params": {"token": token}},
            {"auth": httpx.BasicAuth("x", token)},
        ]
        for form in forms:
            response = forge.client.get(path, **form)  # type: ignore[arg-type]
            assert response.status_code == expected[who], (who, form)
            if response.status_code == 200:
                assert response.headers["cache-control"] == "private, no-cache"
                assert f"{pushed.name}-main/README.md" in _members(response.content, "zip")


def _archive_processes(server: int, repo: Path) -> list[int]:
    """Live ``git archive`` processes the server started on ``repo``."""
    return served_git(server, f"--git-dir={repo}".encode())


def test_a_client_leaving_mid_download_leaves_no_git_behind(forge: Forge, tmp_path: Path) -> None:
    git = Git(tmp_path / "home")
    user = forge.new_user("big")
    repo = forge.new_repo(user)
    work = git.init(tmp_path / "work")
    for i in range(3):
        (work / f"noise{i}.bin").write_bytes(os.urandom(16 * 1024 * 1024))
    git.run("add", ".", cwd=work)
    git.run("commit", "-q", "-m", "noise", cwd=work)
    git.run("push", "-q", url(forge, repo["nameWithOwner"], user.token), "main", cwd=work)
    bare = repo_path(forge, repo["nameWithOwner"])
    server = forge.process.pid
    # A small receive window, so the kernel cannot soak up the whole archive.
    window = [(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)]
    for fmt in ("zip", "tar.gz"):
        target = f"{forge.url}/{repo['nameWithOwner']}/archive/main.{fmt}"
        small = httpx.HTTPTransport(socket_options=window)
        with (
            httpx.Client(timeout=60, transport=small) as client,
            client.stream("GET", target) as response,
        ):
            assert response.status_code == 200
            # Keep the iterator: dropping it would close the response already.
            chunks = response.iter_raw(64 * 1024)
            assert next(chunks)
            assert _archive_processes(server, bare), "git archive should still be writing"
        deadline = time.monotonic() + 15
        while _archive_processes(server, bare) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _archive_processes(server, bare) == []
    # The server is still fine and the whole archive still comes out.
    whole = forge.client.get(f"{forge.url}/{repo['nameWithOwner']}/archive/main.zip")
    assert whole.status_code == 200
    with zipfile.ZipFile(io.BytesIO(whole.content)) as archive:
        assert len([i for i in archive.infolist() if not i.is_dir()]) == 3


def test_gogs_download_archive_redirects_with_the_token(forge: Forge, tmp_path: Path) -> None:
    pushed, tokens = _private_cast(forge, tmp_path)
    api = f"{forge.url}/api/v1/repos/{pushed.owner}/{pushed.name}/archive"
    token = tokens["reader"]
    assert token is not None
    found = forge.client.get(f"{api}/feature/deep/x.tar.gz", params={"token": token})
    assert found.status_code == 302
    location = found.headers["location"]
    web = f"{forge.url}/{pushed.owner}/{pushed.name}/archive/feature/deep/x.tar.gz"
    assert location == f"{web}?token={token}"
    followed = forge.client.get(location)
    assert followed.status_code == 200
    assert _members(followed.content, "tar.gz") == _git_archive(
        pushed, "tar.gz", f"{pushed.name}-feature-deep-x", pushed.feature
    )
    header = forge.client.get(f"{api}/main.zip", headers={"Authorization": f"token {token}"})
    assert header.status_code == 302 and header.headers["location"] == (
        f"{forge.url}/{pushed.owner}/{pushed.name}/archive/main.zip"
    )
    for who in ("outsider", "no-repo-read"):
        hidden = forge.client.get(f"{api}/main.zip", params={"token": tokens[who]})
        assert hidden.status_code == 404 and set(hidden.json()) == {"message", "url"}
    assert forge.client.get(f"{api}/main.zip").status_code == 404
    for missing in ("nope.zip", "main.rar"):
        response = forge.client.get(f"{api}/{missing}", params={"token": token})
        assert response.status_code == 404, missing
    bad = forge.client.get(f"{api}/main:README.md.zip", params={"token": token})
    assert bad.status_code == 422

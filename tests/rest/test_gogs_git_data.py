"""Gogs git data routes: branches, commits, tags, trees, blobs, contents and raw files.

The sample repository is written with pygit2 (fixed signatures, stable ids):
twelve commits on ``main``, ``feature/x`` one commit ahead, the lightweight
tag ``v0.1`` and the annotated ``v1.0``, text, binary, unicode and 1.5 MiB files.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.contents.conftest import BIG, PNG, UNICODE_DIR, UNICODE_FILE, Sample, build
from tests.forge import Forge, User
from tests.git.gitcli import Git, url
from tests.rest.rest import RFC3339, assert_types, client

PERSON = {"name": str, "email": str, "username": str}
PAYLOAD_COMMIT = {
    "id": str,
    "message": str,
    "url": str,
    "author": dict,
    "committer": dict,
    "timestamp": str,
}
COMMIT = {
    "url": str,
    "sha": str,
    "html_url": str,
    "commit": dict,
    "author": type(None),
    "committer": type(None),
    "parents": list,
}
CONTENT = {
    "type": str,
    "size": int,
    "name": str,
    "path": str,
    "sha": str,
    "url": str,
    "git_url": (str, type(None)),
    "html_url": str,
    "download_url": (str, type(None)),
    "_links": dict,
}
README = b"# Sample\n\nMore.\n"


@pytest.fixture(scope="module")
def sample(forge: Forge) -> Sample:
    return build(forge, forge.new_user("gitdata"))


@pytest.fixture(scope="module")
def private(forge: Forge) -> Sample:
    return build(forge, forge.new_user("gitprivate"), private=True)


def repo(sample: Sample) -> str:
    return f"/repos/{sample.owner}/{sample.name}"


def check_error(response: httpx.Response, status: int | set[int]) -> None:
    expected = status if isinstance(status, set) else {status}
    assert response.status_code in expected, (response.status_code, response.text)
    assert_types(response.json(), {"message": str, "url": str})


def check_payload_commit(obj: dict[str, Any], oid: str, sample: Sample, forge: Forge) -> None:
    assert_types(obj, PAYLOAD_COMMIT)
    assert obj["id"] == oid
    assert obj["url"] == f"{forge.url}/{sample.owner}/{sample.name}/commit/{oid}"
    assert obj["author"] == {"name": "Ada Lovelace", "email": "ada@example.com", "username": ""}
    assert_types(obj["committer"], PERSON)
    assert RFC3339.match(obj["timestamp"])


def test_branches_list_with_pages(forge: Forge, sample: Sample) -> None:
    with client(forge) as api:
        listed = api.get(f"{repo(sample)}/branches")
        assert listed.status_code == 200, listed.text
        assert [b["name"] for b in listed.json()] == ["feature/x", "main"]
        by_name = {b["name"]: b["commit"] for b in listed.json()}
        check_payload_commit(by_name["main"], sample.commits[-1], sample, forge)
        check_payload_commit(by_name["feature/x"], sample.feature, sample, forge)
        assert by_name["main"]["message"] == "Count to 7"
        # 1_700_000_000 + 60 s per signature, the first commit's author at +60.
        second = api.get(f"{repo(sample)}/branches", params={"limit": 1, "page": 2})
        assert [b["name"] for b in second.json()] == ["main"]
        assert second.headers["x-total-count"] == "2"
        assert 'rel="first"' in second.headers["link"]
        assert api.get(f"{repo(sample)}/branches", params={"page": 3, "limit": 1}).json() == []


def test_branch_with_a_slash(forge: Forge, sample: Sample) -> None:
    with client(forge) as api:
        found = api.get(f"{repo(sample)}/branches/feature/x")
        assert found.status_code == 200, found.text
        assert found.json()["name"] == "feature/x"
        check_payload_commit(found.json()["commit"], sample.feature, sample, forge)
        assert (
            api.get(f"{repo(sample)}/branches/main").json()["commit"]["id"] == (sample.commits[-1])
        )
        # A tag is not a branch; a missing branch is 404.
        check_error(api.get(f"{repo(sample)}/branches/v1.0"), 404)
        check_error(api.get(f"{repo(sample)}/branches/nope"), 404)
        check_error(api.get(f"{repo(sample)}/branches/feature"), 404)


def test_single_commit_by_sha_branch_and_tag(forge: Forge, sample: Sample) -> None:
    tree = forge.gql(
        """query($o: String!, $n: String!, $e: String!) { repository(owner: $o, name: $n) {
             object(expression: $e) { ... on Commit { tree { oid } } } } }""",
        {**sample.variables, "e": sample.commits[3]},
    )["repository"]["object"]["tree"]["oid"]
    api_base = f"{forge.url}/api/v1{repo(sample)}"
    with client(forge) as api:
        got = api.get(f"{repo(sample)}/commits/{sample.commits[3]}")
        assert got.status_code == 200, got.text
        body = got.json()
        assert_types(body, COMMIT)
        assert body["sha"] == sample.commits[3]
        assert body["url"] == f"{api_base}/commits/{sample.commits[3]}"
        assert body["html_url"] == f"{forge.url}/{sample.owner}/{sample.name}/commit/{body['sha']}"
        inner = body["commit"]
        assert_types(inner, {"url": str, "message": str, "author": dict, "committer": dict})
        assert inner["message"] == "Add a big file"
        assert inner["tree"] == {"url": f"{api_base}/git/trees/{tree}", "sha": tree}
        for person in (inner["author"], inner["committer"]):
            assert_types(person, {"name": str, "email": str, "date": str})
            assert RFC3339.match(person["date"])
        assert inner["author"]["email"] == "ada@example.com"
        assert body["parents"] == [
            {"url": f"{api_base}/commits/{sample.commits[2]}", "sha": sample.commits[2]}
        ]
        root = api.get(f"{repo(sample)}/commits/{sample.commits[0]}").json()
        assert root["parents"] == []
        # A branch (with a slash), a tag (annotated, peeled) and an abbreviated id.
        assert api.get(f"{repo(sample)}/commits/feature/x").json()["sha"] == sample.feature
        assert api.get(f"{repo(sample)}/commits/v1.0").json()["sha"] == sample.commits[3]
        assert (
            api.get(f"{repo(sample)}/commits/{sample.commits[1][:10]}").json()["sha"]
            == (sample.commits[1])
        )
        only_sha = api.get(
            f"{repo(sample)}/commits/main", headers={"Accept": "application/vnd.gogs.sha"}
        )
        assert only_sha.status_code == 200 and only_sha.text == sample.commits[-1]
        check_error(api.get(f"{repo(sample)}/commits/{'0' * 40}"), 404)
        # A blob id names no commit.
        blob = api.get(f"{repo(sample)}/contents/README.md").json()["sha"]
        check_error(api.get(f"{repo(sample)}/commits/{blob}"), 404)


def test_all_commits_newest_first_in_pages(forge: Forge, sample: Sample) -> None:
    newest_first = list(reversed(sample.commits))
    with client(forge) as api:
        first = api.get(f"{repo(sample)}/commits", params={"pageSize": 5})
        assert first.status_code == 200, first.text
        assert [c["sha"] for c in first.json()] == newest_first[:5]
        for each in first.json():
            assert_types(each, COMMIT)
        assert first.headers["x-total-count"] == str(len(sample.commits))
        assert 'rel="next"' in first.headers["link"]
        second = api.get(f"{repo(sample)}/commits", params={"pageSize": 5, "page": 2})
        assert [c["sha"] for c in second.json()] == newest_first[5:10]
        third = api.get(f"{repo(sample)}/commits", params={"limit": 5, "page": 3})
        assert [c["sha"] for c in third.json()] == newest_first[10:]
        assert api.get(f"{repo(sample)}/commits", params={"limit": 5, "page": 4}).json() == []
        check_error(api.get(f"{repo(sample)}/commits", params={"pageSize": "x"}), 422)


def test_tags_peel_to_commits(forge: Forge, sample: Sample) -> None:
    with client(forge) as api:
        tags = api.get(f"{repo(sample)}/tags")
        assert tags.status_code == 200, tags.text
        assert [t["name"] for t in tags.json()] == ["v0.1", "v1.0"]
        by_name = {t["name"]: t["commit"] for t in tags.json()}
        check_payload_commit(by_name["v0.1"], sample.commits[0], sample, forge)
        check_payload_commit(by_name["v1.0"], sample.commits[3], sample, forge)
        assert api.get(f"{repo(sample)}/tags", params={"page": 2}).json() == []


def test_git_trees_and_blobs(forge: Forge, sample: Sample) -> None:
    api_base = f"{forge.url}/api/v1{repo(sample)}"
    with client(forge) as api:
        by_commit = api.get(f"{repo(sample)}/git/trees/{sample.commits[-1]}")
        assert by_commit.status_code == 200, by_commit.text
        tree = by_commit.json()
        assert tree["url"] == f"{api_base}/git/trees/{tree['sha']}"
        entries = {e["path"]: e for e in tree["tree"]}
        for entry in tree["tree"]:
            assert_types(
                entry,
                {"path": str, "mode": str, "type": str, "size": int, "sha": str, "url": str},
            )
        assert entries["src"]["mode"] == "40000" and entries["src"]["type"] == "tree"
        assert entries["src"]["url"] == f"{api_base}/git/trees/{entries['src']['sha']}"
        readme = entries["README.md"]
        assert (readme["mode"], readme["type"], readme["size"]) == ("100644", "blob", len(README))
        assert readme["url"] == f"{api_base}/git/blobs/{readme['sha']}"
        # By tree id and by branch name.
        src = api.get(f"{repo(sample)}/git/trees/{entries['src']['sha']}").json()
        assert [e["path"] for e in src["tree"]] == ["main.py"]
        assert api.get(f"{repo(sample)}/git/trees/main").json() == tree

        blob = api.get(f"{repo(sample)}/git/blobs/{readme['sha']}")
        assert blob.status_code == 200, blob.text
        assert blob.json() == {
            "content": base64.b64encode(README).decode(),
            "encoding": "base64",
            "url": readme["url"],
            "sha": readme["sha"],
            "size": len(README),
        }
        png = api.get(f"{repo(sample)}/git/blobs/{entries['image.png']['sha']}").json()
        assert base64.b64decode(png["content"]) == PNG
        big = api.get(f"{repo(sample)}/git/blobs/{entries['big.txt']['sha']}").json()
        assert (big["encoding"], big["content"], big["size"]) == ("none", "", len(BIG))
        check_error(api.get(f"{repo(sample)}/git/blobs/{tree['sha']}"), 404)
        check_error(api.get(f"{repo(sample)}/git/trees/{readme['sha']}"), 404)
        check_error(api.get(f"{repo(sample)}/git/trees/{'a' * 40}"), 404)


def test_contents_of_files_and_directories(forge: Forge, sample: Sample) -> None:
    web = f"{forge.url}/{sample.owner}/{sample.name}"
    api_base = f"{forge.url}/api/v1{repo(sample)}"
    with client(forge) as api:
        root = api.get(f"{repo(sample)}/contents/")
        assert root.status_code == 200, root.text
        listed = {c["name"]: c for c in root.json()}
        for each in root.json():
            assert_types(each, CONTENT)
            assert "content" not in each
        assert [c["type"] for c in root.json()][:3] == ["dir", "dir", "dir"]
        assert listed["src"]["download_url"] is None
        assert listed["src"]["html_url"] == f"{web}/tree/main/src"

        readme = api.get(f"{repo(sample)}/contents/README.md")
        assert readme.status_code == 200, readme.text
        body = readme.json()
        assert_types(body, {**CONTENT, "encoding": str, "content": str})
        assert (body["type"], body["name"], body["path"]) == ("file", "README.md", "README.md")
        assert base64.b64decode(body["content"]) == README
        assert body["size"] == len(README)
        assert body["url"] == f"{api_base}/contents/README.md?ref=main"
        assert body["git_url"] == f"{api_base}/git/blobs/{body['sha']}"
        assert body["html_url"] == f"{web}/blob/main/README.md"
        assert body["download_url"] == f"{web}/raw/main/README.md"
        assert body["_links"] == {
            "git": body["git_url"],
            "self": body["url"],
            "html": body["html_url"],
        }
        # The download URL serves the very same bytes.
        assert httpx.get(body["download_url"]).content == README

        png = api.get(f"{repo(sample)}/contents/image.png").json()
        assert base64.b64decode(png["content"]) == PNG and png["encoding"] == "base64"
        src = api.get(f"{repo(sample)}/contents/src")
        assert [(c["type"], c["path"]) for c in src.json()] == [("file", "src/main.py")]
        unicode = api.get(f"{repo(sample)}/contents/{UNICODE_DIR}/{UNICODE_FILE}").json()
        assert unicode["path"] == f"{UNICODE_DIR}/{UNICODE_FILE}"
        assert base64.b64decode(unicode["content"]).decode() == "çà et là\n"
        big = api.get(f"{repo(sample)}/contents/big.txt").json()
        assert (big["encoding"], big["content"], big["size"]) == ("none", "", len(BIG))

        # ?ref= takes a branch with a slash, a tag or a commit id.
        feature = api.get(f"{repo(sample)}/contents/feature.txt", params={"ref": "feature/x"})
        assert base64.b64decode(feature.json()["content"]) == b"new\n"
        assert feature.json()["url"].endswith("/contents/feature.txt?ref=feature%2Fx")
        check_error(api.get(f"{repo(sample)}/contents/feature.txt"), 404)
        old = api.get(f"{repo(sample)}/contents/src/app.py", params={"ref": "v0.1"})
        assert old.status_code == 200 and old.json()["path"] == "src/app.py"
        by_id = api.get(f"{repo(sample)}/contents/README.md", params={"ref": sample.commits[0]})
        assert base64.b64decode(by_id.json()["content"]) == b"# Sample\n"
        check_error(api.get(f"{repo(sample)}/contents/missing.txt"), 404)
        check_error(api.get(f"{repo(sample)}/contents/README.md", params={"ref": "nope"}), 404)
        # Writing a file needs a token (tests/contents/test_file_commits.py writes them).
        refused = api.put(f"{repo(sample)}/contents/x.txt", json={"message": "m", "content": ""})
        check_error(refused, 401)


def test_raw_files_are_byte_exact_and_inert(forge: Forge, sample: Sample) -> None:
    with client(forge) as api:
        text = api.get(f"{repo(sample)}/raw/main/README.md")
        assert text.status_code == 200, text.text
        assert text.content == README
        assert text.headers["content-type"] == "text/plain; charset=utf-8"
        assert text.headers["x-content-type-options"] == "nosniff"
        assert text.headers["content-security-policy"] == "default-src 'none'; sandbox"
        png = api.get(f"{repo(sample)}/raw/main/image.png")
        assert png.content == PNG and png.headers["content-type"] == "image/png"
        for name in ["index.html", "logo.svg"]:
            page = api.get(f"{repo(sample)}/raw/main/{name}")
            assert page.headers["content-type"] == "text/plain; charset=utf-8", name
            assert b"<script>" in page.content
        unicode = api.get(f"{repo(sample)}/raw/main/{UNICODE_DIR}/{UNICODE_FILE}")
        assert unicode.content == "çà et là\n".encode()
        # A branch with a slash, a tag, a commit id.
        assert api.get(f"{repo(sample)}/raw/feature/x/feature.txt").content == b"new\n"
        assert api.get(f"{repo(sample)}/raw/v0.1/README.md").content == b"# Sample\n"
        assert api.get(f"{repo(sample)}/raw/{sample.commits[0]}/src/app.py").status_code == 200
        check_error(api.get(f"{repo(sample)}/raw/main/src"), 404)
        check_error(api.get(f"{repo(sample)}/raw/main/nope.txt"), 404)
        check_error(api.get(f"{repo(sample)}/raw/nope/README.md"), 404)
        # Past the 1 MiB blob limit the web raw route streams the file.
        big = api.get(f"{repo(sample)}/raw/main/big.txt")
        assert big.status_code == 302
        assert (
            big.headers["location"] == f"{forge.url}/{sample.owner}/{sample.name}/raw/main/big.txt"
        )
        assert api.get(f"{repo(sample)}/raw/main/big.txt", follow_redirects=True).content == BIG


ROUTES = [
    "/branches",
    "/branches/main",
    "/commits",
    "/commits/main",
    "/tags",
    "/git/trees/main",
    "/contents/README.md",
    "/contents/",
    "/raw/main/README.md",
]


def test_private_repository_is_404_to_anonymous_and_outsiders(
    forge: Forge, private: Sample
) -> None:
    outsider = forge.new_user("outsider")
    blob = forge.gql(
        """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
             object(expression: "main:README.md") { oid } } }""",
        private.variables,
        token=private.user.token,
    )["repository"]["object"]["oid"]
    routes = [*ROUTES, f"/git/blobs/{blob}", f"/commits/{private.commits[0]}"]
    no_repo = forge.token_for(private.user, ["collaborator:read"])
    for token in (None, outsider.token, no_repo):
        with client(forge, token=token) as api:
            for route in routes:
                check_error(api.get(f"{repo(private)}{route}"), 404)
    with client(forge, token=private.user.token) as api:
        for route in routes:
            assert api.get(f"{repo(private)}{route}").status_code == 200, route
    # The token in the query string, as Gogs documents it, works on raw files too.
    with client(forge) as api:
        raw = api.get(f"{repo(private)}/raw/main/image.png", params={"token": private.user.token})
        assert raw.status_code == 200 and raw.content == PNG
        big = api.get(f"{repo(private)}/raw/main/big.txt", params={"token": private.user.token})
        assert big.status_code == 302
        assert api.get(big.headers["location"]).content == BIG


HOSTILE_REVS = [
    "--upload-pack=touch%20x",
    "-n",
    "main~1",
    "main%5E",
    "main..feature",
    "main@%7B0%7D",
    "HEAD:README.md",
    "%2e%2e",
    "r%C3%A9sum%C3%A9",
    "%00",
]
HOSTILE_PATHS = ["%2e%2e/%2e%2e/etc/passwd", "src/%2e%2e/README.md", "a%00b", "-rf"]


def test_hostile_revisions_and_paths_are_4xx(forge: Forge, sample: Sample) -> None:
    base = f"{forge.url}/api/v1{repo(sample)}"
    for rev in HOSTILE_REVS:
        for route in [
            f"/branches/{rev}",
            f"/commits/{rev}",
            f"/git/trees/{rev}",
            f"/git/blobs/{rev}",
            f"/raw/{rev}/README.md",
            f"/contents/README.md?ref={rev}",
        ]:
            # Sent as written: no client-side normalisation of dot segments.
            response = httpx.get(base + route)
            check_error(response, {404, 422})
    for path in HOSTILE_PATHS:
        for route in [f"/contents/{path}", f"/raw/main/{path}", f"/contents/{path}?ref=main"]:
            check_error(httpx.get(base + route), {404, 422})


def test_empty_repository_has_no_git_data(forge: Forge) -> None:
    user = forge.new_user("empty")
    name = forge.new_repo(user)["name"]
    with client(forge) as api:
        path = f"/repos/{user.login}/{name}"
        assert api.get(f"{path}/branches").json() == []
        assert api.get(f"{path}/tags").json() == []
        assert api.get(f"{path}/commits").json() == []
        check_error(api.get(f"{path}/branches/main"), 404)
        check_error(api.get(f"{path}/contents/"), 404)
        check_error(api.get(f"{path}/raw/main/README.md"), 404)


def test_pushed_symlinks_and_slashed_branches(forge: Forge, tmp_path: Path) -> None:
    """A repository pushed with the real git client: a symlink, a deeply slashed branch."""
    user: User = forge.new_user("pusher")
    name = forge.new_repo(user)["name"]
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    git.commit(work, "target.txt", "pointed at\n")
    (work / "link").symlink_to("target.txt")
    git.run("add", "link", cwd=work)
    git.run("commit", "-q", "-m", "Add a link", cwd=work)
    git.run("checkout", "-q", "-b", "topic/deep/name", cwd=work)
    tip = git.commit(work, "dir/topic.txt", "on topic\n")
    git.run("checkout", "-q", "-b", "ünï/cødé", cwd=work)
    accented = git.commit(work, "é.txt", "accents\n")
    remote = url(forge, f"{user.login}/{name}", user.token)
    git.run("push", "-q", remote, "main", "topic/deep/name", "ünï/cødé", cwd=work)
    path = f"/repos/{user.login}/{name}"
    with client(forge) as api:
        link = api.get(f"{path}/contents/link").json()
        assert (link["type"], link["target"]) == ("symlink", "target.txt")
        assert base64.b64decode(link["content"]) == b"target.txt"
        entries = {e["path"]: e for e in api.get(f"{path}/git/trees/main").json()["tree"]}
        assert entries["link"]["mode"] == "120000"
        branch = api.get(f"{path}/branches/topic/deep/name")
        assert branch.status_code == 200 and branch.json()["commit"]["id"] == tip
        assert branch.json()["commit"]["author"]["email"] == "tester@example.com"
        raw = api.get(f"{path}/raw/topic/deep/name/dir/topic.txt")
        assert raw.status_code == 200 and raw.content == b"on topic\n"
        listed = api.get(f"{path}/contents/dir", params={"ref": "topic/deep/name"}).json()
        assert [c["path"] for c in listed] == ["dir/topic.txt"]
        assert api.get(f"{path}/commits/topic/deep/name").json()["sha"] == tip
        # Unicode branch names, and a slash sent encoded as %2F.
        assert api.get(f"{path}/branches/ünï/cødé").json()["commit"]["id"] == accented
        assert api.get(f"{path}/branches/topic%2Fdeep%2Fname").json()["commit"]["id"] == tip
        assert api.get(f"{path}/raw/ünï/cødé/é.txt").content == b"accents\n"
        names = [b["name"] for b in api.get(f"{path}/branches").json()]
        assert names == ["main", "topic/deep/name", "ünï/cødé"]

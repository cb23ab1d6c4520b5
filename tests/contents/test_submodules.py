"""A submodule is a tree entry of type 'commit' whose object lives in another repository."""

from __future__ import annotations

import pygit2
from pygit2.enums import FileMode

from tests.contents.builder import Builder, bare_path
from tests.forge import Forge


def test_submodule_entry_has_no_object(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    owner, name = repo["nameWithOwner"].split("/")
    git = Builder(bare_path(forge, repo["nameWithOwner"]))
    first = git.commit({".gitmodules": b'[submodule "lib"]\n'}, "first")
    commit = git.repo.get(first)
    assert isinstance(commit, pygit2.Commit)
    tree = git.repo.TreeBuilder(commit.tree)
    tree.insert("lib", pygit2.Oid(hex="1" * 40), FileMode.COMMIT)
    signature = git.signature()
    git.repo.create_commit(
        "refs/heads/main", signature, signature, "add lib", tree.write(), [pygit2.Oid(hex=first)]
    )
    query = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
      root: object(expression: "main:") { ... on Tree {
        entries { name type mode oid size object { oid } } } }
      lib: object(expression: "main:lib") { oid }
      inside: object(expression: "main:lib/x") { oid } } }"""
    data = forge.gql(query, {"o": owner, "n": name})["repository"]
    lib = next(e for e in data["root"]["entries"] if e["name"] == "lib")
    assert lib == {
        "name": "lib",
        "type": "commit",
        "mode": 0o160000,
        "oid": "1" * 40,
        "size": None,
        "object": None,
    }
    assert data["lib"] is None and data["inside"] is None
    response = forge.client.get(f"{forge.url}/{owner}/{name}/raw/main/lib")
    assert response.status_code == 404

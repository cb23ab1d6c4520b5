"""Releases: tags made on creation, drafts, validation, and who may do what."""

from __future__ import annotations

from tests.collaboration.issues_api import owner_name
from tests.collaboration.people import cast, org_repo
from tests.collaboration.releases_api import CREATE, RELEASES, commit, tag_target
from tests.forge import Forge

UPDATE = """mutation($i: UpdateReleaseInput!) { updateRelease(input: $i) { release {
  tagName name isDraft publishedAt } } }"""
DELETE = "mutation($i: ID!) { deleteRelease(input: {releaseId: $i}) { deletedReleaseId } }"
BY_TAG = """query($o: String!, $n: String!, $t: String!) { repository(owner: $o, name: $n) {
  release(tagName: $t) { tagName name } } }"""
NODE = "query($i: ID!) { node(id: $i) { id } }"


def test_creating_a_release_tags_the_default_branch(forge: Forge) -> None:
    owner = forge.new_user()
    repo = forge.new_repo(owner)
    first = commit(forge, repo)
    head = commit(forge, repo, text="v2")
    made = forge.gql(
        CREATE,
        {"i": {"repositoryId": repo["id"], "tagName": "v1.0", "name": "One", "description": "n"}},
        token=owner.token,
    )["createRelease"]["release"]
    assert made["tagName"] == "v1.0" and made["targetCommitish"] == "main"
    assert made["author"] == {"login": owner.login} and made["publishedAt"]
    assert tag_target(forge, repo, "v1.0") == head
    at_commit = {"repositoryId": repo["id"], "tagName": "old", "targetCommitish": first[:10]}
    forge.gql(CREATE, {"i": at_commit}, token=owner.token)
    assert tag_target(forge, repo, "old") == first
    for tag in ("-x", "a..b", "with space", "x.lock", "a//b", "end/", "@"):
        bad = forge.gql_error(
            CREATE, {"i": {"repositoryId": repo["id"], "tagName": tag}}, token=owner.token
        )
        assert bad.codes == ["BAD_USER_INPUT"], tag
    for target in ("nope", "main~1", "HEAD@{0}"):
        missing = {"repositoryId": repo["id"], "tagName": "v9", "targetCommitish": target}
        assert forge.gql_error(CREATE, {"i": missing}, token=owner.token).codes == [
            "BAD_USER_INPUT"
        ]
    assert tag_target(forge, repo, "v9") is None
    again = forge.gql_error(
        CREATE, {"i": {"repositoryId": repo["id"], "tagName": "v1.0"}}, token=owner.token
    )
    assert again.codes == ["CONFLICT"]
    found = forge.gql(BY_TAG, {**owner_name(repo), "t": "v1.0"})["repository"]["release"]
    assert found == {"tagName": "v1.0", "name": "One"}
    listed = forge.gql(RELEASES, owner_name(repo))["repository"]["releases"]
    assert [r["tagName"] for r in listed["nodes"]] == ["old", "v1.0"]
    forge.gql(
        CREATE,
        {"i": {"repositoryId": repo["id"], "tagName": "v2.0-beta", "isPrerelease": True}},
        token=owner.token,
    )
    latest = forge.gql(
        "query($o: String!, $n: String!) { repository(owner: $o, name: $n) { latestRelease { tagName } } }",
        owner_name(repo),
    )
    assert latest["repository"]["latestRelease"] == {"tagName": "old"}
    renamed = forge.gql(UPDATE, {"i": {"releaseId": made["id"], "name": "Uno"}}, token=owner.token)[
        "updateRelease"
    ]["release"]
    assert renamed["name"] == "Uno"
    empty = forge.new_repo(owner)
    nothing = forge.gql_error(
        CREATE, {"i": {"repositoryId": empty["id"], "tagName": "v1"}}, token=owner.token
    )
    assert nothing.codes == ["BAD_USER_INPUT"]


def test_drafts_exist_only_for_writers_until_published(forge: Forge) -> None:
    people = cast(forge)
    repo = org_repo(forge, people, private=False)
    commit(forge, repo)
    draft = forge.gql(
        CREATE,
        {"i": {"repositoryId": repo["id"], "tagName": "v2.0-rc", "isDraft": True}},
        token=people.writer.token,
    )["createRelease"]["release"]
    assert draft["isDraft"] is True and draft["publishedAt"] is None
    assert tag_target(forge, repo, "v2.0-rc") is None
    where = owner_name(repo)
    for token in (people.reader.token, people.outsider.token, None):
        assert forge.gql(RELEASES, where, token=token)["repository"]["releases"] == {
            "totalCount": 0,
            "nodes": [],
        }
        assert forge.gql(BY_TAG, {**where, "t": "v2.0-rc"}, token=token)["repository"] == {
            "release": None
        }
        assert forge.gql(NODE, {"i": draft["id"]}, token=token)["node"] is None
        refused = forge.gql_error(DELETE, {"i": draft["id"]}, token=token)
        assert refused.codes == ["NOT_FOUND"]
    for token in (people.member.token, people.writer.token, people.org_owner.token):
        seen = forge.gql(RELEASES, where, token=token)["repository"]["releases"]
        assert seen["totalCount"] == 1 and seen["nodes"][0]["isDraft"] is True
    published = forge.gql(
        UPDATE, {"i": {"releaseId": draft["id"], "isDraft": False}}, token=people.writer.token
    )["updateRelease"]["release"]
    assert published["isDraft"] is False and published["publishedAt"]
    assert tag_target(forge, repo, "v2.0-rc") is not None
    visible = forge.gql(RELEASES, where, token=people.reader.token)["repository"]["releases"]
    assert visible["totalCount"] == 1


def test_release_permission_matrix(forge: Forge) -> None:
    people = cast(forge)
    for private in (False, True):
        repo = org_repo(forge, people, private=private)
        commit(forge, repo)
        allowed = {
            "org owner": people.org_owner.token,
            "org member": people.member.token,
            "write collaborator": people.writer.token,
        }
        for who, token in allowed.items():
            tag = who.replace(" ", "-")
            made = forge.gql(
                CREATE, {"i": {"repositoryId": repo["id"], "tagName": tag}}, token=token
            )["createRelease"]["release"]
            forge.gql(DELETE, {"i": made["id"]}, token=token)
        stranger = "NOT_FOUND" if private else "FORBIDDEN"
        denied = {
            "read collaborator": (people.reader.token, "FORBIDDEN"),
            "outsider": (people.outsider.token, stranger),
            "anonymous": (None, "NOT_FOUND" if private else "UNAUTHENTICATED"),
            "read-only token": (forge.token_for(people.org_owner, ["repo:read"]), "FORBIDDEN"),
        }
        target = forge.gql(
            CREATE,
            {"i": {"repositoryId": repo["id"], "tagName": "keep"}},
            token=people.org_owner.token,
        )["createRelease"]["release"]
        for who, (token, code) in denied.items():
            create = {"i": {"repositoryId": repo["id"], "tagName": "nope"}}
            assert forge.gql_error(CREATE, create, token=token).codes == [code], who
            update = {"i": {"releaseId": target["id"], "name": "x"}}
            assert forge.gql_error(UPDATE, update, token=token).codes == [code], who
            assert forge.gql_error(DELETE, {"i": target["id"]}, token=token).codes == [code], who

"""createRef and deleteRef (GitHub's names): branches and tags made and removed without a push."""

from __future__ import annotations

from tests.contents.builder import Builder, bare_path
from tests.forge import Forge

REF = """query($o: String!, $n: String!, $q: String!) { repository(owner: $o, name: $n) {
  id ref(qualifiedName: $q) { id name prefix qualifiedName target { oid } } } }"""
CREATE = """mutation($i: CreateRefInput!) { createRef(input: $i) {
  clientMutationId ref { id name prefix qualifiedName target { oid } } } }"""
DELETE = """mutation($i: DeleteRefInput!) { deleteRef(input: $i) { clientMutationId } }"""
PROTECT = """mutation($i: CreateBranchProtectionRuleInput!) {
  createBranchProtectionRule(input: $i) { branchProtectionRule { id } } }"""


def test_writer_can_create_and_delete_branches_and_tags(forge: Forge) -> None:
    owner = forge.new_user("refs")
    repo = forge.new_repo(owner)
    name_with_owner = repo["nameWithOwner"]
    o, n = name_with_owner.split("/")
    git = Builder(bare_path(forge, name_with_owner))
    first = git.commit({"a.txt": b"a\n"}, "First")
    second = git.commit({"a.txt": b"b\n"}, "Second")

    main = forge.gql(REF, {"o": o, "n": n, "q": "refs/heads/main"}, owner.token)["repository"]
    assert main["ref"]["target"]["oid"] == second
    repository_id = main["id"]

    made = forge.gql(
        CREATE,
        {
            "i": {
                "repositoryId": repository_id,
                "name": "refs/heads/topic/x",
                "oid": first,
                "clientMutationId": "c1",
            }
        },
        owner.token,
    )["createRef"]
    assert made["clientMutationId"] == "c1"
    assert made["ref"]["name"] == "topic/x"
    assert made["ref"]["prefix"] == "refs/heads/"
    assert made["ref"]["qualifiedName"] == "refs/heads/topic/x"
    assert made["ref"]["target"]["oid"] == first
    looked_up = forge.gql(REF, {"o": o, "n": n, "q": "refs/heads/topic/x"}, owner.token)
    assert looked_up["repository"]["ref"]["id"] == made["ref"]["id"]
    tag = forge.gql(
        CREATE,
        {"i": {"repositoryId": repository_id, "name": "refs/tags/v1", "oid": second}},
        owner.token,
    )["createRef"]["ref"]
    assert tag["prefix"] == "refs/tags/" and tag["target"]["oid"] == second

    # Refusals: the push rules, the same codes as everywhere.
    for inputs, code in [
        ({"name": "refs/heads/topic/x", "oid": first}, "CONFLICT"),  # exists
        ({"name": "refs/heads/v1", "oid": first}, "CONFLICT"),  # a tag has the name
        ({"name": "refs/heads/-x", "oid": first}, "BAD_USER_INPUT"),
        ({"name": "refs/heads/HEAD", "oid": first}, "BAD_USER_INPUT"),
        ({"name": "refs/notes/x", "oid": first}, "BAD_USER_INPUT"),
        ({"name": "refs/heads/y", "oid": "0" * 40}, "BAD_USER_INPUT"),
        ({"name": "refs/heads/y", "oid": "not-an-oid"}, "BAD_USER_INPUT"),
    ]:
        error = forge.gql_error(
            CREATE, {"i": {"repositoryId": repository_id, **inputs}}, owner.token
        )
        assert error.codes == [code], (inputs, error.errors)

    # A reader may not; someone who cannot see a private repository finds nothing.
    reader = forge.new_user("reader")
    refused = forge.gql_error(
        CREATE,
        {"i": {"repositoryId": repository_id, "name": "refs/heads/r", "oid": first}},
        reader.token,
    )
    assert refused.codes == ["FORBIDDEN"]
    assert forge.gql_error(DELETE, {"i": {"refId": made["ref"]["id"]}}, reader.token).codes == [
        "FORBIDDEN"
    ]

    # Deleting: the branch goes; the default branch and protected ones stay.
    forge.gql(DELETE, {"i": {"refId": made["ref"]["id"], "clientMutationId": "d"}}, owner.token)
    gone = forge.gql(REF, {"o": o, "n": n, "q": "refs/heads/topic/x"}, owner.token)
    assert gone["repository"]["ref"] is None
    assert forge.gql_error(DELETE, {"i": {"refId": made["ref"]["id"]}}, owner.token).codes == [
        "NOT_FOUND"
    ]
    forge.gql(DELETE, {"i": {"refId": tag["id"]}}, owner.token)
    assert (
        forge.gql(REF, {"o": o, "n": n, "q": "refs/tags/v1"}, owner.token)["repository"]["ref"]
        is None
    )
    default = forge.gql_error(DELETE, {"i": {"refId": main["ref"]["id"]}}, owner.token)
    assert default.codes == ["BAD_USER_INPUT"]
    assert forge.gql_error(DELETE, {"i": {"refId": "garbage"}}, owner.token).codes == ["NOT_FOUND"]


def test_private_refs_do_not_exist_for_outsiders_and_protection_holds(forge: Forge) -> None:
    owner = forge.new_user("prv")
    repo = forge.new_repo(owner, private=True)
    o, n = repo["nameWithOwner"].split("/")
    git = Builder(bare_path(forge, repo["nameWithOwner"]))
    oid = git.commit({"a.txt": b"a\n"}, "First")
    git.commit({"b.txt": b"b\n"}, "Side", branch="release/1")
    found = forge.gql(REF, {"o": o, "n": n, "q": "refs/heads/release/1"}, owner.token)
    ref_id = found["repository"]["ref"]["id"]
    outsider = forge.new_user("out")
    for token in (outsider.token, None):
        hidden = forge.gql_error(
            CREATE, {"i": {"repositoryId": repo["id"], "name": "refs/heads/z", "oid": oid}}, token
        )
        assert hidden.codes == ["NOT_FOUND"]
        assert forge.gql_error(DELETE, {"i": {"refId": ref_id}}, token).codes == ["NOT_FOUND"]
    # Protected branches: the owner may bypass (deletes it), as with a push.
    forge.gql(PROTECT, {"i": {"repositoryId": repo["id"], "pattern": "release/*"}}, owner.token)
    forge.gql(DELETE, {"i": {"refId": ref_id}}, owner.token)
    assert (
        forge.gql(REF, {"o": o, "n": n, "q": "refs/heads/release/1"}, owner.token)["repository"][
            "ref"
        ]
        is None
    )


COMPARE = """query($o: String!, $n: String!, $h: String!) { repository(owner: $o, name: $n) {
  ref(qualifiedName: "refs/heads/main") { compare(headRef: $h) {
    aheadBy behindBy status baseTarget { oid } headTarget { oid }
    commits(first: 10) { totalCount nodes { oid messageHeadline } }
    diff { files { path status additions deletions } } } } } }"""


def test_anyone_who_reads_can_compare_a_branch_with_the_default_one(forge: Forge) -> None:
    owner = forge.new_user("cmp")
    repo = forge.new_repo(owner)
    o, n = repo["nameWithOwner"].split("/")
    git = Builder(bare_path(forge, repo["nameWithOwner"]))
    base = git.commit({"a.txt": b"a\n"}, "Base")
    side = git.commit({"a.txt": b"a\n", "b.txt": b"b\n"}, "Add b", branch="side", parents=[base])
    main = git.commit({"a.txt": b"a2\n"}, "Change a")
    git.lightweight_tag("t0", base)

    def compare(head: str) -> dict | None:
        found = forge.gql(COMPARE, {"o": o, "n": n, "h": head})["repository"]["ref"]
        return found["compare"]  # type: ignore[no-any-return]

    diverged = compare("side")
    assert diverged is not None
    assert (diverged["aheadBy"], diverged["behindBy"], diverged["status"]) == (1, 1, "DIVERGED")
    assert diverged["baseTarget"]["oid"] == main and diverged["headTarget"]["oid"] == side
    assert diverged["commits"] == {
        "totalCount": 1,
        "nodes": [{"oid": side, "messageHeadline": "Add b"}],
    }
    assert diverged["diff"]["files"] == [
        {"path": "b.txt", "status": "ADDED", "additions": 1, "deletions": 0}
    ]
    behind = compare("t0")
    assert behind is not None
    assert (behind["aheadBy"], behind["behindBy"], behind["status"]) == (0, 1, "BEHIND")
    assert behind["commits"]["totalCount"] == 0 and behind["diff"]["files"] == []
    same = compare(main)
    assert same is not None and same["status"] == "IDENTICAL"
    assert compare("no-such-branch") is None

"""SSH keys through GraphQL: public keys, deploy keys, bad keys and who may do what."""

from __future__ import annotations

from pathlib import Path

from tests.forge import Forge
from tests.ssh.keys import make_key

ADD = """mutation($i: AddPublicKeyInput!) { addPublicKey(input: $i) {
  publicKey { id databaseId title key fingerprint keyType createdAt lastUsedAt user { login } } } }"""
DELETE = "mutation($i: ID!) { deletePublicKey(input: {id: $i}) { deletedPublicKeyId } }"
LIST = """query($l: String!) { user(login: $l) { publicKeys { id title key fingerprint keyType
  createdAt lastUsedAt } } }"""
ADD_DEPLOY = """mutation($i: AddDeployKeyInput!) { addDeployKey(input: $i) {
  deployKey { id title key fingerprint keyType readOnly createdAt lastUsedAt } } }"""
DELETE_DEPLOY = "mutation($i: ID!) { deleteDeployKey(input: {id: $i}) { deletedDeployKeyId } }"
DEPLOY_KEYS = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  sshUrl deployKeys { id title fingerprint readOnly } } }"""
COLLABORATE = """mutation($r: ID!, $l: String!, $p: RepositoryPermission!) {
  addCollaborator(input: {repositoryId: $r, login: $l, permission: $p}) { __typename } }"""
NODE = "query($i: ID!) { node(id: $i) { __typename id } }"


def _add(forge: Forge, token: str, title: str, key: str, login: str | None = None) -> dict:
    variables = {"i": {"title": title, "key": key, **({"login": login} if login else {})}}
    found: dict = forge.gql(ADD, variables, token=token)["addPublicKey"]["publicKey"]
    return found


def test_user_can_add_list_and_delete_public_keys(forge: Forge, tmp_path: Path) -> None:
    user, other = forge.new_user("key"), forge.new_user("see")
    ed = make_key(tmp_path, "ed25519")
    ec = make_key(tmp_path, "ecdsa", 384)
    rsa = make_key(tmp_path, "rsa", 3072)
    added = [
        _add(forge, user.token, title, k.public_text)
        for title, k in (("laptop", ed), ("work", ec), ("old", rsa))
    ]
    assert [a["keyType"] for a in added] == ["ssh-ed25519", "ecdsa-sha2-nistp384", "ssh-rsa"]
    for found, pair in zip(added, (ed, ec, rsa), strict=True):
        assert found["fingerprint"] == pair.fingerprint  # exactly ssh-keygen -lf
        assert found["key"] == pair.type_and_base64  # the comment dropped
        assert found["lastUsedAt"] is None and found["createdAt"]
        assert found["user"] == {"login": user.login}
    # Public, as on GitHub: anyone (even anonymous) lists them, oldest first.
    for token in (None, other.token):
        listed = forge.gql(LIST, {"l": user.login}, token=token)["user"]["publicKeys"]
        assert [k["title"] for k in listed] == ["laptop", "work", "old"]
        assert [k["fingerprint"] for k in listed] == [a["fingerprint"] for a in added]
    assert forge.gql(NODE, {"i": added[0]["id"]})["node"]["__typename"] == "PublicKey"

    # Another user cannot delete it: it does not exist for them.
    refused = forge.gql_error(DELETE, {"i": added[0]["id"]}, token=other.token)
    assert refused.codes == ["NOT_FOUND"]
    gone = forge.gql(DELETE, {"i": added[0]["id"]}, token=user.token)
    assert gone["deletePublicKey"]["deletedPublicKeyId"] == added[0]["id"]
    listed = forge.gql(LIST, {"l": user.login})["user"]["publicKeys"]
    assert [k["title"] for k in listed] == ["work", "old"]
    again = forge.gql_error(DELETE, {"i": added[0]["id"]}, token=user.token)
    assert again.codes == ["NOT_FOUND"]


def test_user_cannot_add_bad_keys(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user("bad")
    dsa = make_key(tmp_path, "dsa")
    short = make_key(tmp_path, "rsa", 1024)
    good = make_key(tmp_path)
    cases = {
        "not a key": "malformed",
        "ssh-ed25519 AAAAnotbase64!!": "malformed",
        dsa.public_text: "DSA",
        short.public_text: "2048",
        good.private.read_text(): "private key",
        f'no-pty,command="/bin/sh" {good.public_text}': "options",
        "": "empty",
        f"{good.public_text}\n{dsa.public_text}": "one key",
    }
    for text, _why in cases.items():
        error = forge.gql_error(ADD, {"i": {"title": "t", "key": text}}, token=user.token)
        assert error.codes == ["BAD_USER_INPUT"], (text, error.errors)
        assert error.errors[0]["extensions"].get("field") in (None, "key")
    empty_title = forge.gql_error(
        ADD, {"i": {"title": " ", "key": good.public_text}}, token=user.token
    )
    assert empty_title.codes == ["BAD_USER_INPUT"]
    assert forge.gql(LIST, {"l": user.login})["user"]["publicKeys"] == []


def test_key_is_registered_once_across_accounts_and_deploy_keys(
    forge: Forge, tmp_path: Path
) -> None:
    alice, bob = forge.new_user("al"), forge.new_user("bo")
    repo = forge.new_repo(bob)
    key = make_key(tmp_path)
    _add(forge, alice.token, "mine", key.public_text)
    # Again, with another comment: the same key.
    other_comment = f"{key.type_and_base64} someone@else"
    for token in (alice.token, bob.token):
        dup = forge.gql_error(ADD, {"i": {"title": "x", "key": other_comment}}, token=token)
        assert dup.codes == ["CONFLICT"]
    dup_deploy = forge.gql_error(
        ADD_DEPLOY,
        {"i": {"repositoryId": repo["id"], "title": "ci", "key": key.public_text}},
        token=bob.token,
    )
    assert dup_deploy.codes == ["CONFLICT"]
    deploy = make_key(tmp_path)
    forge.gql(
        ADD_DEPLOY,
        {"i": {"repositoryId": repo["id"], "title": "ci", "key": deploy.public_text}},
        token=bob.token,
    )
    dup_account = forge.gql_error(
        ADD, {"i": {"title": "x", "key": deploy.public_text}}, token=alice.token
    )
    assert dup_account.codes == ["CONFLICT"]


def test_scopes_and_site_admins_for_public_keys(forge: Forge, tmp_path: Path) -> None:
    user, other = forge.new_user("sc"), forge.new_user("ot")
    reader = forge.token_for(user, ["repo:read"])
    writer = forge.token_for(user, ["repo:write"])
    key = make_key(tmp_path)
    # A key pushes like the account: a token that cannot push cannot mint one.
    refused = forge.gql_error(ADD, {"i": {"title": "t", "key": key.public_text}}, token=reader)
    assert refused.codes == ["FORBIDDEN"]
    anonymous = forge.gql_error(ADD, {"i": {"title": "t", "key": key.public_text}})
    assert anonymous.codes == ["UNAUTHENTICATED"]
    added = _add(forge, writer, "t", key.public_text)
    # Only site admins add for someone else.
    for_other = forge.gql_error(
        ADD,
        {"i": {"title": "t", "key": make_key(tmp_path).public_text, "login": other.login}},
        token=user.token,
    )
    assert for_other.codes == ["FORBIDDEN"]
    admin_added = _add(
        forge, forge.admin.token, "given", make_key(tmp_path).public_text, login=other.login
    )
    assert admin_added["user"] == {"login": other.login}
    missing = forge.gql_error(
        ADD,
        {"i": {"title": "t", "key": make_key(tmp_path).public_text, "login": "nobody-x"}},
        token=forge.admin.token,
    )
    assert missing.codes == ["NOT_FOUND"]
    reader_delete = forge.gql_error(DELETE, {"i": added["id"]}, token=reader)
    assert reader_delete.codes == ["FORBIDDEN"]
    forge.gql(DELETE, {"i": admin_added["id"]}, token=forge.admin.token)
    assert forge.gql(LIST, {"l": other.login})["user"]["publicKeys"] == []


def test_repository_admins_manage_deploy_keys_others_cannot(forge: Forge, tmp_path: Path) -> None:
    owner, collaborator, stranger = (forge.new_user(p) for p in ("dow", "dco", "dst"))
    repo = forge.new_repo(owner)
    private = forge.new_repo(owner, private=True)
    forge.gql(
        COLLABORATE, {"r": repo["id"], "l": collaborator.login, "p": "WRITE"}, token=owner.token
    )
    o, n = repo["nameWithOwner"].split("/")
    key = make_key(tmp_path)
    made = forge.gql(
        ADD_DEPLOY,
        {"i": {"repositoryId": repo["id"], "title": "ci", "key": key.public_text}},
        token=owner.token,
    )["addDeployKey"]["deployKey"]
    assert made["readOnly"] is True and made["fingerprint"] == key.fingerprint
    assert made["key"] == key.type_and_base64 and made["keyType"] == "ssh-ed25519"
    assert made["lastUsedAt"] is None
    writer = forge.gql(
        ADD_DEPLOY,
        {
            "i": {
                "repositoryId": repo["id"],
                "title": "bot",
                "key": make_key(tmp_path).public_text,
                "readOnly": False,
            }
        },
        token=owner.token,
    )["addDeployKey"]["deployKey"]
    assert writer["readOnly"] is False
    listed = forge.gql(DEPLOY_KEYS, {"o": o, "n": n}, token=owner.token)["repository"]
    assert listed["sshUrl"] is None  # the shared test servers run without SSH
    assert [(k["title"], k["readOnly"]) for k in listed["deployKeys"]] == [
        ("ci", True),
        ("bot", False),
    ]
    assert forge.gql(NODE, {"i": made["id"]}, token=owner.token)["node"]["__typename"] == (
        "DeployKey"
    )
    # A reader of a public repository: FORBIDDEN to list or add, the key's node is null.
    for token in (stranger.token, None):
        error = forge.gql_error(DEPLOY_KEYS, {"o": o, "n": n}, token=token)
        assert error.codes == ["FORBIDDEN"] or error.codes == ["UNAUTHENTICATED"]
        assert forge.gql(NODE, {"i": made["id"]}, token=token)["node"] is None
    add_refused = forge.gql_error(
        ADD_DEPLOY,
        {"i": {"repositoryId": repo["id"], "title": "x", "key": make_key(tmp_path).public_text}},
        token=stranger.token,
    )
    assert add_refused.codes == ["FORBIDDEN"]
    delete_refused = forge.gql_error(DELETE_DEPLOY, {"i": made["id"]}, token=stranger.token)
    assert delete_refused.codes == ["FORBIDDEN"]
    # A private repository does not exist for a stranger.
    hidden = forge.gql_error(
        ADD_DEPLOY,
        {"i": {"repositoryId": private["id"], "title": "x", "key": make_key(tmp_path).public_text}},
        token=stranger.token,
    )
    assert hidden.codes == ["NOT_FOUND"]
    # The owner's token without repo:write cannot manage them.
    reader = forge.token_for(owner, ["repo:read"])
    assert forge.gql_error(DELETE_DEPLOY, {"i": made["id"]}, token=reader).codes == ["FORBIDDEN"]
    # A WRITE collaborator cannot; an ADMIN collaborator can.
    assert forge.gql_error(DEPLOY_KEYS, {"o": o, "n": n}, token=collaborator.token).codes == [
        "FORBIDDEN"
    ]
    forge.gql(
        COLLABORATE, {"r": repo["id"], "l": collaborator.login, "p": "ADMIN"}, token=owner.token
    )
    as_admin = forge.gql(DEPLOY_KEYS, {"o": o, "n": n}, token=collaborator.token)
    assert len(as_admin["repository"]["deployKeys"]) == 2
    # A site admin can; the owner deletes one.
    admin_list = forge.gql(DEPLOY_KEYS, {"o": o, "n": n}, token=forge.admin.token)
    assert len(admin_list["repository"]["deployKeys"]) == 2
    done = forge.gql(DELETE_DEPLOY, {"i": made["id"]}, token=owner.token)
    assert done["deleteDeployKey"]["deletedDeployKeyId"] == made["id"]
    left = forge.gql(DEPLOY_KEYS, {"o": o, "n": n}, token=owner.token)["repository"]
    assert [k["title"] for k in left["deployKeys"]] == ["bot"]
    # A public key's id is not a deploy key's.
    public = _add(forge, owner.token, "mine", make_key(tmp_path).public_text)
    assert forge.gql_error(DELETE_DEPLOY, {"i": public["id"]}, token=owner.token).codes == [
        "NOT_FOUND"
    ]

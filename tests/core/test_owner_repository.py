"""RepositoryOwner.repository(name:) and Query.currentAccessToken."""

from __future__ import annotations

from tests.forge import Forge

OWNER_REPO = """query($o: String!, $n: String!) { user(login: $o) { repository(name: $n) { nameWithOwner isPrivate } } }"""
CURRENT = "{ currentAccessToken { databaseId name scopes } }"


def test_owner_repository_hides_private_repositories_like_repository(forge: Forge) -> None:
    owner, other = forge.new_user(), forge.new_user()
    public, private = forge.new_repo(owner), forge.new_repo(owner, private=True)
    for repo, who, visible in [
        (public, None, True),
        (private, None, False),
        (private, other.token, False),
        (private, owner.token, True),
    ]:
        name = repo["name"]
        data = forge.gql(OWNER_REPO, {"o": owner.login, "n": name.upper()}, token=who)
        found = data["user"]["repository"]
        assert (found is not None) == visible
        if found:
            assert found["nameWithOwner"] == repo["nameWithOwner"]
    reader = forge.token_for(owner, [])
    data = forge.gql(OWNER_REPO, {"o": owner.login, "n": private["name"]}, token=reader)
    assert data["user"]["repository"] is None
    missing = forge.gql(OWNER_REPO, {"o": owner.login, "n": "nope"}, token=owner.token)
    assert missing["user"]["repository"] is None


def test_current_access_token_is_the_one_the_request_used(forge: Forge) -> None:
    user = forge.new_user()
    token = forge.token_for(user, ["repo:read"])
    assert forge.gql(CURRENT) == {"currentAccessToken": None}
    current = forge.gql(CURRENT, token=token)["currentAccessToken"]
    assert current["scopes"] == ["repo:read"]
    # Listing tokens needs 'admin' (issue 14): the user's session lists this one.
    listed = forge.gql("{ viewer { accessTokens { databaseId } } }", token=user.token)
    assert current["databaseId"] in [t["databaseId"] for t in listed["viewer"]["accessTokens"]]

"""A private repository's forks are private; nobody else sees them anywhere; hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.forge import Forge
from tests.forks.helpers import FORK, api, pushed_parent, show
from tests.git.gitcli import Git, url

COLLABORATE = (
    """mutation($i: AddCollaboratorInput!) { addCollaborator(input: $i) { __typename } }"""
)


def test_private_parent_gives_private_forks_invisible_to_others(
    forge: Forge, tmp_path: Path
) -> None:
    git = Git(tmp_path / "home")
    owner, reader, outsider = forge.new_user("vo"), forge.new_user("vr"), forge.new_user("vx")
    parent = pushed_parent(forge, git, owner, tmp_path, private=True)
    # An outsider cannot fork what they cannot read: 404, and NOT_FOUND.
    with api(forge, outsider.token) as client:
        assert client.post(f"/repos/{parent.full_name}/forks", json={}).status_code == 404
        assert client.get(f"/repos/{parent.full_name}/forks").status_code == 404
    refused = forge.gql_error(FORK, {"i": {"repositoryId": parent.id}}, token=outsider.token)
    assert refused.codes == ["NOT_FOUND"]
    forge.gql(
        COLLABORATE,
        {"i": {"repositoryId": parent.id, "login": reader.login, "permission": "READ"}},
        token=owner.token,
    )
    with api(forge, reader.token) as client:
        made = client.post(f"/repos/{parent.full_name}/forks", json={})
        assert made.status_code == 202, made.text
        fork = made.json()
    assert fork["private"] is True and fork["parent"]["full_name"] == parent.full_name
    # Everyone else: 404 on every REST route, null in GraphQL, 404 to git.
    for token in (outsider.token, None):
        with api(forge, token) as client:
            assert client.get(f"/repos/{fork['full_name']}").status_code == 404
            assert client.get(f"/repos/{fork['full_name']}/forks").status_code == 404
            assert client.post(f"/repos/{fork['full_name']}/forks", json={}).status_code == 404
        assert show(forge, fork["full_name"], token) is None
    cloned = git.run(
        "clone",
        "-q",
        url(forge, fork["full_name"], outsider.token),
        str(tmp_path / "x"),
        check=False,
    )
    assert cloned.returncode != 0
    # The list shows the forks the caller may read: the fork's owner sees it, the
    # parent's owner (who has no access to the fork) counts it but is not shown it.
    with api(forge, reader.token) as client:
        listed = client.get(f"/repos/{parent.full_name}/forks").json()
        assert [r["full_name"] for r in listed] == [fork["full_name"]]
    with api(forge, owner.token) as client:
        assert client.get(f"/repos/{parent.full_name}/forks").json() == []
        assert client.get(f"/repos/{parent.full_name}").json()["forks_count"] == 1
    # Losing access to the parent hides it as the fork's parent, not the fork.
    forge.gql(
        """mutation($i: RemoveCollaboratorInput!) { removeCollaborator(input: $i) { __typename } }""",
        {"i": {"repositoryId": parent.id, "login": reader.login}},
        token=owner.token,
    )
    with api(forge, reader.token) as client:
        shown = client.get(f"/repos/{fork['full_name']}").json()
        assert shown["fork"] is True and shown["parent"] is None
    seen = show(forge, fork["full_name"], reader.token)
    assert seen is not None and seen["isFork"] is True and seen["parent"] is None
    # The fork stays private while its parent is.
    public = forge.gql_error(
        """mutation($i: UpdateRepositoryInput!) { updateRepository(input: $i) {
           repository { isPrivate } } }""",
        {"i": {"repositoryId": seen["id"], "visibility": "PUBLIC"}},
        token=reader.token,
    )
    assert public.codes == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    "body",
    [
        {"name": "../escape"},
        {"name": "a/b"},
        {"name": ""},
        {"name": "x" * 5000},
        {"name": ".git"},
        {"name": 12},
        {"name": ["x"]},
        {"organization": ["x"]},
        {"organization": "no-such-org-\u0000"},
        {"organization": "../../etc"},
        {"organization": "x" * 5000},
        ["not", "an", "object"],
        "text",
    ],
)
def test_hostile_fork_requests_are_refused_without_a_server_error(
    forge: Forge, tmp_path: Path, body: object
) -> None:
    owner = forge.new_user("ho")
    repo = forge.new_repo(owner)
    with api(forge, owner.token) as client:
        # Forking into one's own account under the parent's name would collide: use names.
        response = client.post(f"/repos/{repo['nameWithOwner']}/forks", json=body)
        assert 400 <= response.status_code < 500, response.text
        garbled = client.post(
            f"/repos/{repo['nameWithOwner']}/forks",
            content=b'{"name": ',
            headers={"Content-Type": "application/json"},
        )
        assert 400 <= garbled.status_code < 500
        assert client.post("/repos/no-one/../forks", json={}).status_code == 404

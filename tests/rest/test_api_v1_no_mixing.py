"""``/api/v1`` speaks Gogs and the Gitea superset only: no other dialect answers there.

The attack that found it: a Gitea client's ``POST .../pulls/1/merge {"Do": "squash"}``
reached Isurus' merge route and wrote a merge commit nobody asked for.
"""

from __future__ import annotations

from tests.forge import Forge
from tests.pulls.builder import new_project


def test_a_gitea_merge_request_reaches_no_other_dialects_merge(forge: Forge) -> None:
    user = forge.new_user("mix")
    project = new_project(forge, user)
    pr = project.open(user.token)
    before = project.builder.tip("main")
    headers = {"Authorization": f"token {user.token}"}
    url = f"{forge.url}/api/v1/repos/{project.owner}/{project.name}/pulls/{pr['number']}/merge"
    answer = forge.client.post(url, json={"Do": "squash"}, headers=headers)
    assert answer.status_code in (404, 405), answer.text
    assert set(answer.json()) == {"message", "url"}  # Gogs' error shape
    assert project.builder.tip("main") == before
    assert project.get(pr["number"], user.token)["state"] == "OPEN"


def test_isurus_only_routes_are_gogs_404s_at_api_v1(forge: Forge) -> None:
    user = forge.new_user("mix")
    headers = {"Authorization": f"token {user.token}"}
    # GET /user/tokens is Isurus' (Gogs lists tokens at /users/{u}/tokens).
    for method, path in [("GET", "/user/tokens"), ("GET", "/repos/a/b/log")]:
        answer = forge.client.request(method, f"{forge.url}/api/v1{path}", headers=headers)
        assert answer.status_code in (404, 405), (path, answer.text)
        assert set(answer.json()) == {"message", "url"}, path
        isurus = forge.client.request(method, f"{forge.url}/isurus/api/v1{path}", headers=headers)
        assert "error" in isurus.json() or "data" in isurus.json(), path

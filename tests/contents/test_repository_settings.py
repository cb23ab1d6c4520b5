"""Issue tracker and wiki settings (Gogs ``editIssueTracker``, ``editWiki``) and
``getEditorconfig``, through REST and GraphQL."""

from __future__ import annotations

from typing import Any

import httpx

from tests.contents.builder import Builder, bare_path
from tests.forge import Forge, User

SETTINGS = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  hasIssuesEnabled hasWikiEnabled externalWikiUrl
  externalIssueTracker { url format style } } }"""

ISSUE = """mutation($i: CreateIssueInput!) { createIssue(input: $i) { issue { number } } }"""

EDITORCONFIG = """root = true

[*]
charset = utf-8
end_of_line = LF
insert_final_newline = true

[*.py]
indent_style = space
indent_size = 4

[Makefile]
indent_style = tab

[docs/**.md]
trim_trailing_whitespace = false
"""


def _patch(forge: Forge, token: str, full: str, what: str, body: Any) -> httpx.Response:
    return forge.client.patch(
        f"{forge.url}/api/v1/repos/{full}/{what}",
        json=body,
        headers={"Authorization": f"token {token}"},
    )


def _settings(forge: Forge, user: User, full: str) -> dict[str, Any]:
    owner, name = full.split("/")
    found: dict[str, Any] = forge.gql(SETTINGS, {"o": owner, "n": name}, token=user.token)[
        "repository"
    ]
    return found


def test_admin_can_turn_the_issue_tracker_and_wiki_off_and_on(forge: Forge) -> None:
    owner = forge.new_user()
    writer = forge.new_user()
    repo = forge.new_repo(owner)
    full = repo["nameWithOwner"]
    forge.gql(
        "mutation($i: AddCollaboratorInput!) { addCollaborator(input: $i) { permission } }",
        {"i": {"repositoryId": repo["id"], "login": writer.login, "permission": "WRITE"}},
        token=owner.token,
    )
    assert _settings(forge, owner, full) == {
        "hasIssuesEnabled": True,
        "hasWikiEnabled": True,
        "externalWikiUrl": None,
        "externalIssueTracker": None,
    }
    assert (
        _patch(forge, writer.token, full, "issue-tracker", {"enable_issues": False}).status_code
        == 403
    )
    response = _patch(forge, owner.token, full, "issue-tracker", {"enable_issues": False})
    assert response.status_code == 204, response.text
    assert _settings(forge, owner, full)["hasIssuesEnabled"] is False
    # A disabled tracker refuses new issues, on REST and GraphQL alike.
    created = forge.client.post(
        f"{forge.url}/api/v1/repos/{full}/issues",
        json={"title": "t"},
        headers={"Authorization": f"token {owner.token}"},
    )
    assert created.status_code == 403, created.text
    error = forge.gql_error(ISSUE, {"i": {"repositoryId": repo["id"], "title": "t"}}, owner.token)
    assert error.codes == ["FORBIDDEN"]
    tracker = {
        "enable_issues": True,
        "enable_external_tracker": True,
        "external_tracker_url": "https://tracker.example.com/",
        "tracker_url_format": "https://tracker.example.com/{user}/{repo}/{index}",
        "tracker_issue_style": "alphanumeric",
    }
    assert _patch(forge, owner.token, full, "issue-tracker", tracker).status_code == 204
    assert _settings(forge, owner, full)["externalIssueTracker"] == {
        "url": "https://tracker.example.com/",
        "format": "https://tracker.example.com/{user}/{repo}/{index}",
        "style": "alphanumeric",
    }
    error = forge.gql_error(ISSUE, {"i": {"repositoryId": repo["id"], "title": "t"}}, owner.token)
    assert error.codes == ["FORBIDDEN"]
    for bad in [
        {"tracker_issue_style": "roman"},
        {"external_tracker_url": "javascript:alert(1)"},
        {"enable_issues": "no"},
        {"enable_external_tracker": True, "external_tracker_url": ""},
    ]:
        response = _patch(forge, owner.token, full, "issue-tracker", bad)
        assert response.status_code == 422, (bad, response.text)
    off = {"enable_external_tracker": False}
    assert _patch(forge, owner.token, full, "issue-tracker", off).status_code == 204
    forge.gql(ISSUE, {"i": {"repositoryId": repo["id"], "title": "t"}}, owner.token)

    wiki = {
        "enable_wiki": False,
        "enable_external_wiki": True,
        "external_wiki_url": "https://w.example.com",
    }
    assert _patch(forge, writer.token, full, "wiki", wiki).status_code == 403
    assert _patch(forge, owner.token, full, "wiki", wiki).status_code == 204
    settings = _settings(forge, owner, full)
    assert settings["hasWikiEnabled"] is False
    assert settings["externalWikiUrl"] == "https://w.example.com"
    assert _patch(forge, owner.token, full, "wiki", {"enable_wiki": "x"}).status_code == 422
    assert _patch(forge, owner.token, full, "wiki", []).status_code in {400, 422}
    stranger = forge.new_user()
    private = forge.new_repo(owner, private=True)
    hidden = _patch(forge, stranger.token, private["nameWithOwner"], "wiki", {"enable_wiki": True})
    assert hidden.status_code == 404


def test_editorconfig_answers_the_definition_for_a_file(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    full = repo["nameWithOwner"]

    def get(name: str) -> httpx.Response:
        return forge.client.get(
            f"{forge.url}/api/v1/repos/{full}/editorconfig/{name}",
            headers={"Authorization": f"token {user.token}"},
        )

    assert get("a.py").status_code == 404  # an empty repository
    git = Builder(bare_path(forge, full))
    git.commit({"README.md": b"hi\n"}, "No editorconfig")
    assert get("a.py").status_code == 404
    git.commit({"README.md": b"hi\n", ".editorconfig": EDITORCONFIG.encode()}, "Add one")
    response = get("src/app.py")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "charset": "utf-8",
        "indent_style": "space",
        "indent_size": "4",
        "tab_width": 4,
        "end_of_line": "lf",
        "insert_final_newline": True,
    }
    assert get("Makefile").json() == {
        "charset": "utf-8",
        "indent_style": "tab",
        "indent_size": "tab",
        "end_of_line": "lf",
        "insert_final_newline": True,
    }
    assert get("docs/guide/x.md").json()["trim_trailing_whitespace"] is False
    assert get("..%2F..%2Fetc%2Fpasswd").status_code in {404, 422}
    found = forge.gql(
        """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
             editorConfig(path: "x.py") { indentStyle indentSize tabWidth charset } } }""",
        {"o": full.split("/")[0], "n": full.split("/")[1]},
        token=user.token,
    )
    assert found["repository"]["editorConfig"] == {
        "indentStyle": "space",
        "indentSize": "4",
        "tabWidth": 4,
        "charset": "utf-8",
    }
    private = forge.new_repo(user, private=True)
    stranger = forge.new_user()
    hidden = forge.client.get(
        f"{forge.url}/api/v1/repos/{private['nameWithOwner']}/editorconfig/a.py",
        headers={"Authorization": f"token {stranger.token}"},
    )
    assert hidden.status_code == 404

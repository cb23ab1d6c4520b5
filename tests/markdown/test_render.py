"""renderMarkdown (the editors' Preview) and Gogs' /markdown and /markdown/raw, per contract."""

from __future__ import annotations

from typing import Any

import httpx

from tests.forge import Forge
from tests.markdown.conftest import World

RENDER = """query($t: String!, $m: MarkdownMode!, $r: ID, $c: String) {
  renderMarkdown(text: $t, mode: $m, repositoryId: $r, context: $c) }"""
XSS = '<script>alert(1)</script><a href="javascript:alert(1)" onclick="x">a</a>'


def _render(forge: Forge, token: str | None, **variables: Any) -> str:
    html: str = forge.gql(RENDER, {"m": "GFM", **variables}, token=token)["renderMarkdown"]
    return html


def test_viewer_can_preview_with_references(forge: Forge, world: World) -> None:
    text = f"#{world.issue} line\nnext @{world.owner.login}"
    html = _render(forge, world.outsider.token, t=text, r=world.public["id"])
    assert f'/issues/{world.issue}" class="issue-link"' in html
    assert "line<br>\nnext" in html and 'class="user-mention"' in html
    # The same text by context path, and without any repository: no #12 link.
    by_path = _render(forge, None, t=text, c=world.public["nameWithOwner"])
    assert 'class="issue-link"' in by_path
    assert 'class="issue-link"' not in _render(forge, None, t=text)
    plain = _render(forge, None, t=text, m="MARKDOWN", r=world.public["id"])
    assert plain == f"<p>#{world.issue} line\nnext @{world.owner.login}</p>\n"


def test_outsider_cannot_preview_in_a_private_repository(forge: Forge, world: World) -> None:
    text = f"#{world.private_issue}"
    for variables in ({"r": world.private["id"]}, {"c": world.private["nameWithOwner"]}):
        assert _render(forge, world.outsider.token, t=text, **variables) == f"<p>{text}</p>\n"
        owner_html = _render(forge, world.owner.token, t=text, **variables)
        assert 'title="Secret title"' in owner_html


def test_preview_cannot_inject_script(forge: Forge, world: World) -> None:
    html = _render(forge, None, t=XSS)
    assert "<script" not in html and "javascript:" not in html and "onclick" not in html


def test_caller_cannot_preview_too_much(forge: Forge, world: World) -> None:
    error = forge.gql_error(RENDER, {"t": "a" * (1024 * 1024 + 1), "m": "GFM"})
    assert error.codes == ["BAD_USER_INPUT"]
    both = {"t": "x", "m": "GFM", "r": world.public["id"], "c": "a/b"}
    assert forge.gql_error(RENDER, both).codes == ["BAD_USER_INPUT"]


def _post(forge: Forge, path: str, token: str | None = None, **kwargs: Any) -> httpx.Response:
    headers = {"Authorization": f"token {token}"} if token else {}
    headers.update(kwargs.pop("headers", {}))
    return forge.client.post(f"{forge.url}/api/v1{path}", headers=headers, **kwargs)


def _is_html(response: httpx.Response) -> None:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]


def test_gogs_client_can_render_markdown(forge: Forge, world: World) -> None:
    text = f"**#{world.issue}**\n@{world.owner.login}"
    context = f"{forge.url}/{world.public['nameWithOwner']}"
    gfm = _post(forge, "/markdown", json={"text": text, "mode": "gfm", "context": context})
    _is_html(gfm)
    assert f'/issues/{world.issue}" class="issue-link"' in gfm.text and "<br>" in gfm.text
    plain = _post(forge, "/markdown", json={"text": text, "context": context})
    _is_html(plain)
    assert plain.text == f"<p><strong>#{world.issue}</strong>\n@{world.owner.login}</p>\n"
    empty = _post(forge, "/markdown", json={"text": ""})
    _is_html(empty)
    assert empty.text == ""


def test_gogs_client_can_render_raw_markdown(forge: Forge, world: World) -> None:
    raw = _post(
        forge,
        "/markdown/raw",
        content=f"# Title\n\n#{world.issue} {XSS}".encode(),
        headers={"Content-Type": "text/plain"},
    )
    _is_html(raw)
    assert raw.text.startswith('<h1 id="user-content-title">Title</h1>')
    assert "issue-link" not in raw.text and "<script" not in raw.text
    assert "javascript:" not in raw.text and "onclick" not in raw.text


def test_outsider_cannot_render_private_references_through_gogs(forge: Forge, world: World) -> None:
    body = {
        "text": f"#{world.private_issue}",
        "mode": "gfm",
        "context": world.private["nameWithOwner"],
    }
    response = _post(forge, "/markdown", world.outsider.token, json=body)
    _is_html(response)
    assert response.text == f"<p>#{world.private_issue}</p>\n"
    assert "issue-link" in _post(forge, "/markdown", world.owner.token, json=body).text


def test_gogs_client_cannot_render_without_text(forge: Forge, world: World) -> None:
    missing = _post(forge, "/markdown", json={"mode": "gfm"})
    assert missing.status_code == 422
    assert missing.json() == {
        "message": "'text' is required.",
        "url": "/api/v1/markdown",
        "field": "text",
    }
    assert _post(forge, "/markdown", json=["x"]).status_code == 400
    assert _post(forge, "/markdown", json={"text": 1}).status_code == 422
    too_much = _post(forge, "/markdown", json={"text": "a" * (1024 * 1024 + 1)})
    assert too_much.status_code == 422 and too_much.json()["field"] == "text"
    raw_too_much = _post(forge, "/markdown/raw", content=b"a" * (1024 * 1024 + 1))
    assert raw_too_much.status_code == 422
    assert _post(forge, "/markdown/raw", content=b"\xff\xfe").status_code == 400
    assert forge.client.get(f"{forge.url}/api/v1/markdown").status_code == 405

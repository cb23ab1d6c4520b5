"""bodyHTML, readmeHTML and Blob.html: GFM rendered on the server, references linked only
where the viewer may see their target."""

from __future__ import annotations

from typing import Any

from tests.contents.builder import Builder, bare_path
from tests.forge import Forge
from tests.markdown.conftest import World

ISSUE = "query($id: ID!) { node(id: $id) { ... on Issue { body bodyHTML } } }"

GFM = """| a | b |
|---|--:|
| 1 | 2 |

- [ ] todo
- [x] done

```python
print("#1")
```

~~gone~~ https://example.com/x
<script>alert(1)</script><img src=x onerror=alert(1)>"""


def _html(forge: Forge, world: World, body: str, token: str | None) -> str:
    issue_id = world.create_issue(forge, body)
    node: dict[str, Any] = forge.gql(ISSUE, {"id": issue_id}, token=token)["node"]
    assert node["body"] == body
    html: str = node["bodyHTML"]
    return html


def test_reader_can_see_gfm_rendered(forge: Forge, world: World) -> None:
    html = _html(forge, world, GFM, None)
    assert "<table>" in html and '<td align="right">2</td>' in html
    assert '<ul class="contains-task-list">' in html and 'checked=""' in html
    assert '<pre><code class="language-python">print("#1")' in html
    assert "<s>gone</s>" in html
    assert '<a href="https://example.com/x" rel="nofollow noopener noreferrer">' in html
    assert "<script" not in html and "onerror" not in html and "alert(1)" not in html


def test_reader_can_follow_references_to_what_they_see(forge: Forge, world: World) -> None:
    path = world.public["nameWithOwner"]
    body = (
        f"See #{world.issue}, #{world.pull}, {path}#{world.issue}, #999999 and @{world.owner.login}"
    )
    html = _html(forge, world, body, world.outsider.token)
    url = forge.url
    assert f'<a href="{url}/{path}/issues/{world.issue}" class="issue-link" ' in html
    assert 'title="Public &lt;b&gt;target&lt;/b&gt;"' in html
    assert f'<a href="{url}/{path}/pull/{world.pull}" class="issue-link" title="A pull"' in html
    assert f">{path}#{world.issue}</a>" in html
    assert " #999999 " in html
    assert f'<a href="{url}/{world.owner.login}" class="user-mention"' in html


def test_outsider_cannot_see_a_private_reference(forge: Forge, world: World) -> None:
    private = world.private["nameWithOwner"]
    body = f"Leak {private}#{world.private_issue}?"
    for token in (None, world.outsider.token, forge.token_for(world.owner, [])):
        html = _html(forge, world, body, token)
        assert html == f"<p>Leak {private}#{world.private_issue}?</p>\n"
    owner_html = _html(forge, world, body, world.owner.token)
    assert 'class="issue-link" title="Secret title"' in owner_html


def test_outsider_cannot_see_private_references_in_the_private_repository(
    forge: Forge, world: World
) -> None:
    # Inside the private repository only its readers see the body at all.
    issue_id = world.create_issue(forge, f"#{world.private_issue}", world.private)
    assert forge.gql(ISSUE, {"id": issue_id}, token=world.outsider.token) == {"node": None}
    html = forge.gql(ISSUE, {"id": issue_id}, token=world.owner.token)["node"]["bodyHTML"]
    assert 'title="Secret title"' in html


def test_references_in_code_and_links_stay_text(forge: Forge, world: World) -> None:
    body = f"`#{world.issue}` [#{world.issue}](https://x.example) x#{world.issue}"
    html = _html(forge, world, body, world.owner.token)
    assert "issue-link" not in html


def test_reader_can_see_every_body_html(forge: Forge, world: World) -> None:
    token, body = world.owner.token, f"**#{world.issue}**<script>x</script>"
    pull = forge.gql(
        """query($o: String!, $n: String!, $p: Int!) { repository(owner: $o, name: $n) {
        pullRequest(number: $p) { id } } }""",
        {"o": world.owner.login, "n": world.public["name"], "p": world.pull},
        token=token,
    )["repository"]["pullRequest"]
    issue_id = world.create_issue(forge, body)
    comment = forge.gql(
        """mutation($s: ID!, $b: String!) { addComment(input: {subjectId: $s, body: $b}) {
        comment { bodyHTML issue { bodyHTML } } } }""",
        {"s": issue_id, "b": body},
        token=token,
    )["addComment"]["comment"]
    pull_comment = forge.gql(
        """mutation($p: ID!, $b: String!) { addPullRequestComment(input: {pullRequestId: $p,
        body: $b}) { comment { bodyHTML } } }""",
        {"p": pull["id"], "b": body},
        token=token,
    )["addPullRequestComment"]["comment"]
    updated = forge.gql(
        """mutation($p: ID!, $b: String!) { updatePullRequest(input: {pullRequestId: $p,
        body: $b}) { pullRequest { bodyHTML } } }""",
        {"p": pull["id"], "b": body},
        token=token,
    )["updatePullRequest"]["pullRequest"]
    release = forge.gql(
        """mutation($r: ID!, $b: String!) { createRelease(input: {repositoryId: $r,
        tagName: "v1", description: $b}) { release { bodyHTML descriptionHTML } } }""",
        {"r": world.public["id"], "b": body},
        token=token,
    )["createRelease"]["release"]
    for html in (
        comment["bodyHTML"],
        comment["issue"]["bodyHTML"],
        pull_comment["bodyHTML"],
        updated["bodyHTML"],
        release["bodyHTML"],
        release["descriptionHTML"],
    ):
        assert html.startswith("<p><strong><a href=") and "issue-link" in html, html
        assert "<script" not in html


README_QUERY = """query($o: String!, $n: String!, $e: String!) { repository(owner: $o, name: $n) {
  readmeHTML object(expression: $e) { ... on Blob { html } } } }"""


def test_reader_can_see_the_readme_rendered(forge: Forge, world: World) -> None:
    owner, name = world.public["nameWithOwner"].split("/")
    found = forge.gql(README_QUERY, {"o": owner, "n": name, "e": "main:docs/guide.md"})[
        "repository"
    ]
    prefix = f"/{owner}/{name}"
    readme = found["readmeHTML"]
    assert '<h1 id="user-content-project">Project</h1>' in readme
    assert f'<img src="{prefix}/raw/main/docs/logo.png" alt="logo">' in readme
    assert f'href="{prefix}/blob/main/docs/guide.md"' in readme
    assert "<script" not in readme and "disabled" in readme
    # A file is a document: references are left as written, relative links resolve.
    assert found["object"]["html"] == (
        f'<p>Guide #1 <a href="{prefix}/blob/main/README.md" '
        'rel="nofollow noopener noreferrer">up</a></p>\n'
    )


def test_non_markdown_files_have_no_html(forge: Forge, world: World) -> None:
    owner, name = world.public["nameWithOwner"].split("/")
    found = forge.gql(README_QUERY, {"o": owner, "n": name, "e": "feature:feature.txt"})
    assert found["repository"]["object"] == {"html": None}
    empty = forge.new_repo(world.owner)
    found = forge.gql(
        README_QUERY,
        {"o": owner, "n": empty["name"], "e": "main:README.md"},
        token=world.owner.token,
    )
    assert found["repository"] == {"readmeHTML": None, "object": None}


def test_owner_sees_a_private_readme_without_relative_images(forge: Forge, world: World) -> None:
    git = Builder(bare_path(forge, world.private["nameWithOwner"]))
    git.commit({"README.md": b"![logo](logo.png) ![x](https://cdn.example/x.png)\n"}, "Start")
    owner, name = world.private["nameWithOwner"].split("/")
    found = forge.gql(
        README_QUERY, {"o": owner, "n": name, "e": "main:README.md"}, token=world.owner.token
    )["repository"]
    expected = "<p>[logo] [x]</p>\n"
    assert found == {"readmeHTML": expected, "object": {"html": expected}}

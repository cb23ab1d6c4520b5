"""The Markdown renderer (app.markdown): GFM, the sanitizer policy, references."""

from __future__ import annotations

import asyncio
import uuid
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app.markdown import (
    MAX_INPUT_BYTES,
    IssueLink,
    IssueRef,
    Links,
    parse,
    references,
    render,
    to_html,
)
from app.markdown import html as cached_html

SAFE_TAGS = {"p", "a", "img", "em", "details", "div", "code", "pre", "input", "ul", "li"}


class Elements(HTMLParser):
    """Every start tag of a fragment, with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def html(text: str, links: Links | None = None) -> str:
    return render(parse(text), links or Links())


def test_tables_render() -> None:
    out = html("| a | b |\n|:--|--:|\n| 1 | 2 |")
    assert (
        "<table>" in out and '<th align="left">a</th>' in out and '<td align="right">2</td>' in out
    )


def test_task_lists_render_disabled_checkboxes() -> None:
    out = html("- [ ] todo\n- [x] done")
    assert '<ul class="contains-task-list">' in out
    assert out.count('type="checkbox"') == 2 and out.count('disabled=""') == 2
    assert out.count('checked=""') == 1


def test_autolinks_render() -> None:
    out = html("see www.example.com and https://example.org/x and <https://a.b/c>")
    assert 'href="http://www.example.com"' in out
    assert 'href="https://example.org/x"' in out
    assert 'href="https://a.b/c"' in out
    assert 'rel="nofollow noopener noreferrer"' in out


def test_strikethrough_renders() -> None:
    assert "<s>gone</s>" in html("~~gone~~")


def test_fenced_code_keeps_a_sanitized_language_class() -> None:
    assert '<pre><code class="language-python">x = 1\n</code></pre>' in html(
        "```python title\nx = 1\n```"
    )
    out = html('```py" onmouseover="alert(1)\nx\n```')
    assert "onmouseover" not in out and "class" not in out
    assert "&lt;b&gt;" in html("```\n<b>\n```")


def test_headings_get_prefixed_ids_and_fragment_links_follow() -> None:
    out = html("# Hello World\n\n[up](#hello-world)")
    assert '<h1 id="user-content-hello-world">' in out
    assert 'href="#user-content-hello-world"' in out


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        "[x](javascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        "<svg onload=alert(1)><script>alert(1)</script></svg>",
        '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
        '<div style="background:url(javascript:alert(1))">x</div>',
        "<style>body{display:none}</style>",
        "<iframe src=https://evil.example></iframe>",
        "<object data=x></object><embed src=x>",
        '<form action="https://evil.example"><button formaction=javascript:alert(1)>b</button></form>',
        "<!-- --><script>alert(1)</script><!-- -->",
        "<!--><img src=x onerror=alert(1)>-->",
        '<details open ontoggle="alert(1)">x</details>',
        "*<img src=x onerror=alert(1)>*",
        '[<img src=x onerror=alert(1)>](https://a.b "t\\" onclick=\\"x")',
        '<a href="https://a.b" onclick="alert(1)" style="color:red">x</a>',
        "<base href=https://evil.example><meta http-equiv=refresh content=0>",
        '<input type="text" onfocus="alert(1)" autofocus>',
        "```\n</code><script>alert(1)</script>\n```",
        "`<script>alert(1)</script>`",
        "<textarea><script>alert(1)</script></textarea>",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    ],
)
def test_markdown_cannot_inject_script(text: str) -> None:
    elements = Elements()
    elements.feed(html(text))
    for tag, attrs in elements.found:
        assert tag in SAFE_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on") and name not in ("style", "formaction"), name
            if name in ("href", "src"):
                assert urlsplit(value or "").scheme in ("", "http", "https", "mailto"), value


def test_references_become_links_only_when_resolved() -> None:
    links = Links(
        issues={
            IssueRef(12): IssueLink("/o/r/issues/12", "Twelve"),
            IssueRef(3, "a", "b"): IssueLink("/a/b/pull/3", "Three"),
        },
        mentions={"bob": "/bob"},
    )
    out = html("#12 #13 a/b#3 @Bob @carol", links)
    assert '<a href="/o/r/issues/12" class="issue-link" title="Twelve"' in out
    assert '<a href="/a/b/pull/3" class="issue-link" title="Three"' in out
    assert '<a href="/bob" class="user-mention"' in out and ">@Bob</a>" in out
    assert " #13 " in out and "@carol" in out and out.count("<a ") == 3


def test_references_in_code_and_links_and_words_stay_text() -> None:
    text = (
        "`#12` [#12](https://x.y) https://x.y/#12 a#12 me@bob.example\n\n    #12\n\n```\n@bob\n```"
    )
    document = parse(text)
    assert document.issues == set() and document.mentions == set()
    links = Links(issues={IssueRef(12): IssueLink("/i/12", "t")}, mentions={"bob": "/bob"})
    assert "/i/12" not in html(text, links) and 'href="/bob"' not in html(text, links)


def test_references_are_found_for_the_resolver() -> None:
    document = parse("Fixes #1, owner/repo#2 and @Alice; see #1 again")
    assert document.issues == {IssueRef(1), IssueRef(2, "owner", "repo")}
    assert document.mentions == {"alice"}


def test_relative_images_and_links_resolve_against_the_bases() -> None:
    links = Links(image_base="/o/r/raw/main/docs/", link_base="http://h/o/r/blob/main/docs/")
    out = html("![a](img/a.png) [b](b.md) [c](https://x.y) ![d](/abs.png)", links)
    assert 'src="/o/r/raw/main/docs/img/a.png"' in out
    assert 'href="http://h/o/r/blob/main/docs/b.md"' in out
    assert 'href="https://x.y"' in out and 'src="/abs.png"' in out


def test_images_from_elsewhere_are_not_loaded() -> None:
    out = html(
        "![pixel](https://tracker.example/p.png) ![](//cdn.example/x.png) "
        '<img src="https://tracker.example/q.png" alt="q"> <img src="/ok.png">'
    )
    assert out == '<p>[pixel] [image]  <img src="/ok.png"></p>\n'


def test_oversized_input_is_shown_escaped() -> None:
    text = "<b>x</b>" + "a" * MAX_INPUT_BYTES
    out = asyncio.run(to_html(text))
    assert out.startswith("<pre>&lt;b&gt;x&lt;/b&gt;") and out.endswith("</pre>")


def test_to_html_asks_the_resolver() -> None:
    async def resolve(document):  # type: ignore[no-untyped-def]
        assert document.issues == {IssueRef(7)}
        return Links(issues={IssueRef(7): IssueLink("/x/7", "seven")})

    assert 'href="/x/7"' in asyncio.run(to_html("#7", resolve))


def test_the_spa_inserts_html_in_one_component_only() -> None:
    source = Path(__file__).resolve().parents[2] / "frontend" / "src"
    users = {
        str(path.relative_to(source))
        for path in source.rglob("*.ts*")
        if "gql" not in path.parts and "dangerouslySetInnerHTML" in path.read_text("utf-8")
    }
    assert users == {"markdown/html.tsx"}


def test_relative_images_can_become_their_alt_text() -> None:
    out = html(
        "![the *logo*](logo.png) ![x](https://h.example/x.png)", Links(relative_images=False)
    )
    assert out == "<p>[the logo] [x]</p>\n"


def test_quadratic_inputs_are_defused() -> None:
    # Each "[" would scan to the paragraph's end: past the guard the paragraph is text.
    brackets = "[" * 20_000 + " **x**"
    assert html(brackets) == f"<p>{brackets}</p>\n"
    # Thousands of raw tags would nest deep in the sanitizer's parser: past the guard
    # raw HTML is text.
    tags = "<div>" * 6_000
    assert html(tags).startswith("<p>&lt;div&gt;&lt;div&gt;")
    assert html("<div>x</div>") == "<div>x</div>"


def test_renderings_are_remembered_per_text_and_links() -> None:
    text = "Cached #1 and @Ada " + uuid.uuid4().hex
    found, document = references(text)
    assert found.issues == frozenset({IssueRef(1)}) and found.mentions == frozenset({"ada"})
    assert document is not None and references(text) == (found, None)
    plain = cached_html(text, Links(), breaks=False, document=document)
    linked = Links(issues={IssueRef(1): IssueLink("/o/r/issues/1", "one")})
    assert cached_html(text, Links(), breaks=False) is plain
    assert "issue-link" in cached_html(text, linked, breaks=False)
    assert "issue-link" not in cached_html(text, Links(), breaks=False)

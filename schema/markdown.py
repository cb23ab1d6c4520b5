"""Markdown to HTML for the schema: references resolved with the viewer's permissions.

Every ``…HTML`` field renders through ``html_of``: ``#12``, ``owner/repo#12`` and
``@login`` become links only when the viewer may read the repository (or the account
exists); the lookups go through per-request DataLoaders, so a list of bodies costs one
query per kind, not one per body. Equal inputs render once per request.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from enum import Enum
from typing import NewType
from urllib.parse import quote, urlsplit

import anyio
import strawberry

from app import markdown
from app.errors import InvalidInput, NotFound
from app.markdown import IssueLink, IssueRef, Links, References
from app.models import Repository
from app.services import contents
from app.services import node as nodes
from app.services.permission import Access
from schema.contents import contents_of
from schema.context import Info
from schema.node import decode_global_id

HTML = NewType("HTML", str)
# GitHub's ``HTML`` scalar, given to the schema's ``scalar_map``.
HTML_SCALAR = strawberry.scalar(
    name="HTML",
    description="A fragment of sanitized HTML, safe to insert into a page as it is.",
    serialize=str,
    parse_value=str,
)

# References resolved per document: more are left as text (each repository named by
# path costs a lookup).
MAX_REFERENCES = 100
MAX_REPOSITORIES = 10
# Documents larger than this are parsed and rendered on a worker thread.
THREAD_THRESHOLD = 64 * 1024


async def _readable_path(info: Info, repo: Repository) -> str | None:
    """``owner/name`` if the viewer may read ``repo``, else None; once per request each
    (a list's bodies mostly refer to their own repository)."""
    known: dict[int, str | None] = info.context.extras.setdefault("markdown_targets", {})
    if repo.id not in known:
        path = None
        # The same check that hides a repository everywhere: no link, no title.
        if await info.context.access(repo) >= Access.READ:
            owner = await info.context.account(repo.owner_id)
            path = f"{owner.login}/{repo.name}" if owner else None
        known[repo.id] = path
    return known[repo.id]


async def _issue_links(
    info: Info, document: References, repo: Repository | None
) -> dict[IssueRef, IssueLink]:
    context = info.context
    targets: list[tuple[IssueRef, Repository, str]] = []
    named = 0
    for ref in sorted(document.issues, key=lambda r: (r.owner or "", r.repo or "", r.number)):
        if len(targets) >= MAX_REFERENCES:
            break
        target = repo
        if ref.owner is not None and ref.repo is not None:
            named += 1
            if named > MAX_REPOSITORIES:
                continue
            target = await context.repository_named(ref.owner, ref.repo)
        path = await _readable_path(info, target) if target is not None else None
        if target is not None and path is not None:
            targets.append((ref, target, path))
    found = await context.loaders.issue_titles_by_number.load_many(
        [(target.id, ref.number) for ref, target, _ in targets]
    )
    links: dict[IssueRef, IssueLink] = {}
    for (ref, _, path), hit in zip(targets, found, strict=True):
        if hit is not None:
            kind, title = hit
            links[ref] = IssueLink(f"{context.base_url}/{path}/{kind}/{ref.number}", title)
    return links


async def links_for(
    info: Info,
    document: References,
    repo: Repository | None,
    *,
    image_base: str | None = None,
    link_base: str | None = None,
    relative_images: bool = True,
) -> Links:
    """What ``document``'s references may link to for this viewer; ``#12`` is in ``repo``."""
    logins = sorted(document.mentions)[:MAX_REFERENCES]
    accounts = await info.context.loaders.logins_by_lower.load_many(logins)
    mentions = {
        lower: f"{info.context.base_url}/{login}"
        for lower, login in zip(logins, accounts, strict=True)
        if login is not None
    }
    return Links(
        issues=await _issue_links(info, document, repo),
        mentions=mentions,
        image_base=image_base,
        link_base=link_base,
        relative_images=relative_images,
    )


@dataclass(frozen=True)
class _Rendering:
    """What a rendering depends on besides the viewer (fixed for the request)."""

    text: str
    repository_id: int | None
    breaks: bool
    references: bool
    image_base: str | None
    link_base: str | None
    relative_images: bool


async def html_of(
    info: Info,
    text: str,
    repo: Repository | None,
    *,
    breaks: bool = True,
    references: bool = True,
    image_base: str | None = None,
    link_base: str | None = None,
    relative_images: bool = True,
) -> str:
    """``text`` as sanitized HTML for this viewer; text past the size limit is shown escaped.

    ``breaks``: newlines are line breaks (GitHub's comments; not its files).
    ``references``: resolve ``#12`` and ``@login`` (GitHub's ``gfm`` mode).
    Equal inputs render once per request, even when asked for at the same time (the
    resolvers of a list run together), so the cache holds futures.
    """
    if markdown.too_large(text):
        return markdown.escaped(text)
    key = _Rendering(
        text, repo.id if repo else None, breaks, references, image_base, link_base, relative_images
    )
    cache: dict[_Rendering, asyncio.Future[str]] = info.context.extras.setdefault("markdown", {})
    if key in cache:
        return await cache[key]
    future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    cache[key] = future
    try:
        future.set_result(await _render(info, key, repo))
    except BaseException as exc:
        future.set_exception(exc)
        # Whoever else waits sees the error; nobody need retrieve it.
        future.exception()
        raise
    return future.result()


async def _render(info: Info, key: _Rendering, repo: Repository | None) -> str:
    # Parsing and rendering are remembered across requests (app.markdown.cache); a large
    # text that is new runs on a worker thread, so the event loop goes on meanwhile.
    large = len(key.text) > THREAD_THRESHOLD
    if large:
        found, document = await anyio.to_thread.run_sync(markdown.references, key.text)
    else:
        found, document = markdown.references(key.text)
    links = Links(
        image_base=key.image_base, link_base=key.link_base, relative_images=key.relative_images
    )
    if key.references and (found.issues or found.mentions):
        links = await links_for(
            info,
            found,
            repo,
            image_base=key.image_base,
            link_base=key.link_base,
            relative_images=key.relative_images,
        )
    if large:
        return await anyio.to_thread.run_sync(
            lambda: markdown.html(key.text, links, breaks=key.breaks, document=document)
        )
    return markdown.html(key.text, links, breaks=key.breaks, document=document)


BODY_HTML = (
    "The body as sanitized HTML: GitHub Flavored Markdown, the references the viewer may "
    "see linked."
)


async def body_html(info: Info, text: str, repository_id: int) -> str:
    """An issue's, pull request's, comment's or release's text, as GitHub renders comments."""
    return await html_of(info, text, await info.context.repository(repository_id))


MARKDOWN_FILE = re.compile(r".*\.(md|markdown|mdown|mkd|mkdn)", re.IGNORECASE)
README = re.compile(r"readme(\.[A-Za-z0-9]+)?", re.IGNORECASE)


def is_markdown(path: str) -> bool:
    return bool(MARKDOWN_FILE.fullmatch(path.rsplit("/", 1)[-1]))


def readme_order(name: str) -> tuple[int, str] | None:
    """How early a README of this name is chosen (Markdown first); None for no README."""
    if not README.fullmatch(name):
        return None
    return (0 if is_markdown(name) else 1, name.lower())


async def file_html(
    info: Info, repo: Repository, revision: str | None, path: str, text: str
) -> str | None:
    """A repository file shown as a page: Markdown rendered like GitHub's files (no
    references, no hard breaks), relative links and images resolved against the file's
    directory at ``revision`` (relative images only in a public repository: an ``<img>``
    cannot send the reader's token); any other text escaped in a ``<pre>``."""
    if not is_markdown(path):
        return markdown.escaped(text)
    image_base = link_base = None
    owner = await info.context.account(repo.owner_id)
    if revision is not None and owner is not None:
        directory = quote(f"{revision}/{path}".rsplit("/", 1)[0] + "/", safe="/")
        # Paths from the forge's root: images load only from this forge (app.markdown).
        root = urlsplit(info.context.base_url).path.rstrip("/")
        prefix = f"{root}/{quote(owner.login)}/{quote(repo.name)}"
        image_base, link_base = f"{prefix}/raw/{directory}", f"{prefix}/blob/{directory}"
    return await html_of(
        info,
        text,
        repo,
        breaks=False,
        references=False,
        image_base=image_base,
        link_base=link_base,
        relative_images=not repo.is_private,
    )


async def readme_html(info: Info, repo: Repository) -> str | None:
    """The README at the root of the default branch, rendered; None if there is none."""
    git = await contents_of(info, repo)
    branch = repo.default_branch
    try:
        commit = await contents.resolve(git, branch)
    except InvalidInput:
        return None
    if not isinstance(commit, contents.CommitInfo):
        return None
    tree = await git.object(commit.tree_oid)
    if not isinstance(tree, contents.TreeInfo):
        return None
    found = [
        (order, entry)
        for entry in tree.entries
        if entry.type == "blob" and (order := readme_order(entry.name)) is not None
    ]
    if not found:
        return None
    entry = min(found, key=lambda pair: pair[0])[1]
    text = (await git.blob(entry.oid)).text()
    if text is None:
        return None
    return await file_html(info, repo, branch, entry.path, text)


@strawberry.enum(description="How renderMarkdown reads the text (GitHub's REST markdown modes).")
class MarkdownMode(Enum):
    GFM = "gfm"
    MARKDOWN = "markdown"


def _context_path(context: str) -> tuple[str, str] | None:
    """``owner/name`` from ``owner/name``, ``/owner/name`` or a URL ending in it (Gogs)."""
    parts = [part for part in urlsplit(context).path.split("/") if part]
    return (parts[-2], parts[-1]) if len(parts) >= 2 else None


async def _context_repository(
    info: Info, repository_id: strawberry.ID | None, context: str | None
) -> Repository | None:
    repo: Repository | None = None
    if repository_id is not None:
        found = await nodes.find_visible(info.context, "Repository", _repository_pk(repository_id))
        repo = found.row if found else None
    elif context:
        path = _context_path(context)
        repo = await info.context.repository_named(*path) if path else None
    # An unknown repository and one the viewer may not read render alike: without it.
    if repo is None or await info.context.access(repo) < Access.READ:
        return None
    return repo


def _repository_pk(global_id: strawberry.ID) -> int:
    try:
        type_name, pk = decode_global_id(str(global_id))
    except NotFound:
        return 0
    return pk if type_name == "Repository" else 0


async def render_markdown(
    info: Info,
    text: str,
    mode: MarkdownMode = MarkdownMode.GFM,
    repository_id: strawberry.ID | None = None,
    context: str | None = None,
) -> HTML:
    """The Preview of every editor and the REST markdown routes: one renderer for all."""
    if markdown.too_large(text):
        raise InvalidInput(
            f"The text is larger than {markdown.MAX_INPUT_BYTES} bytes.", field="text"
        )
    if repository_id is not None and context is not None:
        raise InvalidInput("Pass 'repositoryId' or 'context', not both.", field="context")
    gfm = mode == MarkdownMode.GFM
    repo = await _context_repository(info, repository_id, context) if gfm else None
    return HTML(await html_of(info, text, repo, breaks=gfm, references=gfm))

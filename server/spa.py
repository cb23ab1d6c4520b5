"""The single-page app: ``/`` and every path no other route claims.

Mounted last by the composition root, and only when the frontend has been
built (``make run`` builds it). Client-side routing decides what a path shows,
so every unclaimed ``GET`` answers ``index.html``; the hashed assets live
under ``/-/assets``, a prefix no user, organization or repository name can take.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from server import pages
from server.browser_pass import BrowserPass

SPA_DIR = Path(__file__).resolve().parents[1] / "frontend" / "dist" / "spa"
ASSETS_PATH = "/-/assets"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


# Gitea's URL forms that people paste, and ours: a permanent redirect keeps links working.
_GITEA_URLS = [
    (re.compile(r"^/([^/]+)/([^/]+)/pulls/(\d+)(?:/(?:files|commits))?/?$"), r"/\1/\2/pull/\3"),
    (re.compile(r"^/([^/]+)/([^/]+)/src/(?:branch|tag|commit)/(.+)$"), r"/\1/\2/tree/\3"),
    (re.compile(r"^/([^/]+)/([^/]+)/commits/(?:branch|tag|commit)/(.+)$"), r"/\1/\2/commits/\3"),
]


def gitea_redirect(path: str) -> str | None:
    """Our path for one of Gitea's (``/o/r/pulls/2`` -> ``/o/r/pull/2``), or None."""
    for pattern, target in _GITEA_URLS:
        ours = pattern.sub(target, path, count=1)
        if ours != path:
            return ours
    return None


def available(directory: Path = SPA_DIR) -> bool:
    """Whether a built SPA is there to serve."""
    return (directory / "index.html").is_file()


class _Assets(StaticFiles):
    """Content-hashed build output: cacheable forever."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        response.headers.update(SECURITY_HEADERS)
        return response


def _index_endpoint(directory: Path, browser: BrowserPass | None) -> Any:
    index = directory / "index.html"

    async def spa_index(request: Request) -> Response:
        # A stray API path keeps its JSON 404, whoever mounted the API.
        if request.url.path == "/api" or request.url.path.startswith("/api/"):
            return await pages.api_not_found(request)
        # No client route has a dot segment; answering one would hide a probe's failure.
        if any(part in {".", ".."} for part in request.url.path.split("/")):
            return Response("Not found.", status_code=404, media_type="text/plain")
        ours = gitea_redirect(request.url.path)
        if ours is not None:
            query = request.url.query
            return RedirectResponse(ours + (f"?{query}" if query else ""), status_code=301)
        headers = {**SECURITY_HEADERS, "Cache-Control": "no-cache"}
        response = FileResponse(index, media_type="text/html", headers=headers)
        if browser is not None:
            browser.give(response, secure=request.url.scheme == "https")
        return response

    return spa_index


def routes(directory: Path = SPA_DIR, browser: BrowserPass | None = None) -> list[BaseRoute]:
    """The SPA's routes; they must come after every other route. Each page hands out
    ``browser``'s pass (``server/browser_pass.py``)."""
    assets = directory / ASSETS_PATH.lstrip("/")
    return [
        Mount(ASSETS_PATH, app=_Assets(directory=assets, check_dir=False), name="spa-assets"),
        Route("/{path:path}", _index_endpoint(directory, browser), methods=["GET"], name="spa"),
    ]

"""Kod's git URLs: ``/kod/repos/NAME.git`` is ``/OWNER/NAME.git`` of the token's account.

Kod names are flat (see ``rest_compat/kod/repositories.py``): the owner is
the account of the token the git client sends as its password, so a request
without one is 401 and git asks for credentials. The smart HTTP exchange
itself is ``server.git_http``'s, with the same checks as on ``/OWNER/NAME.git``.
"""

from __future__ import annotations

from starlette.datastructures import Headers, QueryParams
from starlette.routing import BaseRoute, Route
from starlette.types import Receive, Scope, Send

from app.errors import IngotError
from app.git import transport
from app.services import git_access
from app.services.runtime import Runtime
from server import git_http

PREFIX = "/kod/repos/{name}.git"


class KodGit:
    """Raw ASGI: finds the owner from the credentials, then hands over to ``GitHttp``."""

    def __init__(self, inner: git_http.GitHttp) -> None:
        self.inner = inner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope)
        query = QueryParams(scope.get("query_string", b"").decode("latin-1"))
        try:
            actor = await git_access.actor_for(headers, query)
        except IngotError as exc:
            await _unauthorized(send, exc.message)
            return
        if actor.account is None:
            await _unauthorized(
                send, "Kod: authentication required; use an access token as the password."
            )
            return
        params = {"owner": actor.account.login, "repo": scope["path_params"]["name"]}
        await self.inner({**scope, "path_params": params}, receive, send)


async def _unauthorized(send: Send, text: str) -> None:
    body = (text + "\n").encode()
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"www-authenticate", b'Basic realm="Ingot"'),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def routes(runtime: Runtime) -> list[BaseRoute]:
    """The three smart HTTP routes under Kod's prefix, only in their ``.git`` form."""
    hooks_dir = runtime.settings.hooks_dir
    return [
        Route(f"{PREFIX}/{action}", KodGit(git_http.GitHttp(runtime, action, hooks_dir)))
        for action in ("info/refs", transport.UPLOAD_PACK, transport.RECEIVE_PACK)
    ]

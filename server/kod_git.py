"""Kod's git URLs: ``/kod/repos/NAME.git`` is the ``/OWNER/NAME.git`` the flat name means.

Kod names are flat: ``app.services.flat_name.resolve`` (the resolution every
Kod route uses) turns ``NAME`` into one repository for the account of the
token the git client sends as its password: its own, else the one it
collaborates on, else (site administrators) the one on the server; an
ambiguous name is 409 naming the candidates. A request without a token is
401 and git asks for credentials. The smart HTTP exchange itself is
``server.git_http``'s, with the same checks as on ``/OWNER/NAME.git``.
"""

from __future__ import annotations

from starlette.datastructures import Headers, QueryParams
from starlette.routing import BaseRoute, Route
from starlette.types import Receive, Scope, Send

from app.errors import IngotError
from app.git import transport
from app.services import flat_name, git_access
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
        name = scope["path_params"]["name"]
        resolution = await flat_name.resolve(actor, name)
        if resolution.candidates:
            message = flat_name.ambiguous_message(name, resolution.candidates)
            await _answer(send, 409, f"Kod: {message}", [])
            return
        repo = resolution.repository
        # No repository: the token owner's name, so the answer is the usual 404.
        owner = repo.owner.login if repo is not None else actor.account.login
        params = {"owner": owner, "repo": repo.name if repo is not None else name}
        await self.inner({**scope, "path_params": params}, receive, send)


async def _unauthorized(send: Send, text: str) -> None:
    await _answer(send, 401, text, [(b"www-authenticate", b'Basic realm="Ingot"')])


async def _answer(send: Send, status: int, text: str, headers: list[tuple[bytes, bytes]]) -> None:
    body = (text + "\n").encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *headers,
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

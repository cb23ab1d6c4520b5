"""Turning credentials into an actor: the one authentication path for every transport."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from app.auth.credentials import Credentials, MalformedCredentials, parse_once
from app.auth.password import Passwords
from app.auth.token import looks_like_token
from app.errors import Unauthenticated
from app.services import account as accounts
from app.services import runner as runners
from app.services import token as tokens
from app.services.actor import ANONYMOUS, Actor
from app.services.sign_in_limit import SignInLimit


async def authenticate(
    credentials: Credentials | None,
    *,
    passwords: Passwords | None = None,
    accept_runner: bool = False,
    limit: SignInLimit | None = None,
    address: str = "unknown",
) -> Actor:
    """The actor behind the credentials.

    A password attempt from ``address`` goes through ``limit`` (``app.services.sign_in_limit``).

    A Basic password that is a token is a token. An account password is
    accepted only where the caller hands over ``passwords`` (token minting).
    A runner token is accepted only with ``accept_runner`` (the CI agent API);
    anywhere else it is an invalid token, like any string that is not a user token.
    """
    if credentials is None:
        return ANONYMOUS
    if accept_runner and runners.is_runner_token(credentials.secret):
        return Actor(runner=await runners.authenticate_runner(credentials.secret))
    if credentials.kind == "token" or looks_like_token(credentials.secret):
        return await tokens.authenticate_token(credentials.secret)
    if passwords is None:
        raise Unauthenticated(
            "Passwords are accepted only to create a token; use an access token instead."
        )
    account = await accounts.authenticate_password(
        passwords, credentials.user, credentials.secret, limit=limit, address=address
    )
    return Actor(account=account)


async def authenticate_request(
    state: MutableMapping[str, Any],
    headers: Mapping[str, str],
    query: Mapping[str, str],
    *,
    passwords: Passwords | None = None,
    accept_runner: bool = False,
    limit: SignInLimit | None = None,
) -> Actor:
    """The actor behind a request's credentials (parsed once per request, see ``parse_once``).

    Every transport calls this: GraphQL and REST through their context, raw files,
    archives and release downloads directly. Raises Unauthenticated.
    """
    try:
        credentials = parse_once(state, headers, query)
    except MalformedCredentials as exc:
        raise Unauthenticated(str(exc)) from None
    address = state.get("client_address")
    return await authenticate(
        credentials,
        passwords=passwords,
        accept_runner=accept_runner,
        limit=limit,
        address=address if isinstance(address, str) else "unknown",
    )

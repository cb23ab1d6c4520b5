"""Kod's two SSH commands besides git's: ``repos`` and ``info NAME``.

``repos`` lists what Kod's ``GET /repos`` lists for the key's account (its own
repositories and those it collaborates on; everything for a site administrator),
one per line: ``OWNER/NAME``, visibility, the SSH URL. A deploy key lists its one
repository; an anonymous reader has no repositories of its own. ``info NAME``
reads like ``key: value`` lines for one repository the caller can read.
"""

from __future__ import annotations

from app.errors import InvalidInput
from app.models import Account, Repository
from app.services import flat_name
from app.services.runtime import Runtime
from server.ssh import access
from server.ssh.command import KodCommand, repository_path

MAX_LISTED = 1000


async def answer(runtime: Runtime, who: access.Caller, command: KodCommand) -> str:
    if command.verb == "repos":
        return await _repos(runtime, who)
    assert command.name is not None
    grant = await access.grant(runtime.storage, who, repository_path(command.name), write=False)
    (repo,) = await _with_owners([grant.repository])
    return _info(runtime, repo)


async def _repos(runtime: Runtime, who: access.Caller) -> str:
    rows: list[Repository]
    if who.deploy_key is not None:
        rows = [who.deploy_key.repository] if who.deploy_key.repository else []
    elif who.actor.account is None:
        raise InvalidInput("Ingot: 'repos' lists a key's repositories; sign in with a key.")
    else:
        query = await flat_name.listed(who.actor)
        rows = (
            await query.select_related("owner")
            .order_by("owner__login_lower", "name_lower")
            .limit(MAX_LISTED)
        )
    lines = [_line(runtime, repo) for repo in await _with_owners(rows)]
    return "".join(f"{line}\n" for line in lines)


async def _with_owners(rows: list[Repository]) -> list[Repository]:
    for repo in rows:
        if not isinstance(repo.owner, Account):
            repo.owner = await Account.get(id=repo.owner_id)
    return rows


def _owner(repo: Repository) -> str:
    owner = repo.owner
    return owner.login if isinstance(owner, Account) else ""


def _line(runtime: Runtime, repo: Repository) -> str:
    visibility = "private" if repo.is_private else "public"
    url = runtime.settings.ssh_url(_owner(repo), repo.name) or ""
    return f"{_owner(repo)}/{repo.name}\t{visibility}\t{url}"


def _info(runtime: Runtime, repo: Repository) -> str:
    settings = runtime.settings
    owner = _owner(repo)
    fields = {
        "name": repo.name,
        "owner": owner,
        "full_name": f"{owner}/{repo.name}",
        "visibility": "private" if repo.is_private else "public",
        "description": " ".join(repo.description.split()),
        "default_branch": repo.default_branch,
        "ssh_url": settings.ssh_url(owner, repo.name) or "",
        "clone_url": f"{settings.base_url}/{owner}/{repo.name}.git",
        "kod_ssh_url": _kod_url(runtime, repo.name),
    }
    return "".join(f"{key}: {value}\n" for key, value in fields.items())


def _kod_url(runtime: Runtime, name: str) -> str:
    url = runtime.settings.ssh_url("x", name)
    return url.replace("ssh://git@", "ssh://kod@").replace("/x/", "/") if url else ""

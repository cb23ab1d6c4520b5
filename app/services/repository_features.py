"""A repository's issue tracker and wiki settings (Gogs' ``editIssueTracker``, ``editWiki``).

Only the repository's admins change them. A repository whose issue tracker is
off, or points to an external tracker, takes no new issues (``require_issue_tracker``,
FORBIDDEN); its existing issues stay readable and can still be commented on and
closed, so turning the tracker off loses nothing. Ingot has no wiki of its own:
the wiki flags are stored and shown for clients that read them.
"""

from __future__ import annotations

from app.errors import Forbidden, InvalidInput
from app.git import remote as remotes
from app.models import Repository
from app.services import permission
from app.services.actor import Actor
from app.services.naming import validate_text

TRACKER_STYLES = ("numeric", "alphanumeric")
MAX_URL = 2048


def require_issue_tracker(repo: Repository) -> None:
    """FORBIDDEN unless the repository takes new issues."""
    if not repo.has_issues:
        raise Forbidden("The issue tracker of this repository is disabled.")
    if repo.uses_external_tracker:
        raise Forbidden(
            "This repository uses an external issue tracker: "
            f"{repo.external_tracker_url or 'see its settings'}."
        )


def _url(value: str, field: str) -> str:
    validate_text(value, field=field, max_length=MAX_URL)
    value = value.strip()
    if value:
        try:
            remotes.parse(value, for_git=False)
        except remotes.UnsafeRemote as exc:
            raise InvalidInput(
                f"'{field}' is not a valid http(s) URL: {exc}", field=field
            ) from None
    return value


async def update_issue_tracker(
    actor: Actor,
    repo: Repository,
    *,
    has_issues: bool | None = None,
    uses_external_tracker: bool | None = None,
    external_tracker_url: str | None = None,
    external_tracker_format: str | None = None,
    external_tracker_style: str | None = None,
) -> Repository:
    await permission.require_access(actor, repo, permission.Access.ADMIN)
    changes: dict[str, object] = {}
    if has_issues is not None:
        changes["has_issues"] = has_issues
    if uses_external_tracker is not None:
        changes["uses_external_tracker"] = uses_external_tracker
    if external_tracker_url is not None:
        changes["external_tracker_url"] = _url(external_tracker_url, "externalTrackerUrl")
    if external_tracker_format is not None:
        validate_text(external_tracker_format, field="externalTrackerFormat", max_length=MAX_URL)
        changes["external_tracker_format"] = external_tracker_format.strip()
    if external_tracker_style is not None:
        if external_tracker_style not in TRACKER_STYLES:
            raise InvalidInput(
                "The style is 'numeric' or 'alphanumeric'.", field="externalTrackerStyle"
            )
        changes["external_tracker_style"] = external_tracker_style
    if changes.get("uses_external_tracker", repo.uses_external_tracker) and not changes.get(
        "external_tracker_url", repo.external_tracker_url
    ):
        raise InvalidInput("An external tracker needs its URL.", field="externalTrackerUrl")
    return await _save(repo, changes)


async def update_wiki(
    actor: Actor,
    repo: Repository,
    *,
    has_wiki: bool | None = None,
    allow_public_wiki: bool | None = None,
    uses_external_wiki: bool | None = None,
    external_wiki_url: str | None = None,
) -> Repository:
    await permission.require_access(actor, repo, permission.Access.ADMIN)
    changes: dict[str, object] = {}
    if has_wiki is not None:
        changes["has_wiki"] = has_wiki
    if allow_public_wiki is not None:
        changes["allow_public_wiki"] = allow_public_wiki
    if uses_external_wiki is not None:
        changes["uses_external_wiki"] = uses_external_wiki
    if external_wiki_url is not None:
        changes["external_wiki_url"] = _url(external_wiki_url, "externalWikiUrl")
    if changes.get("uses_external_wiki", repo.uses_external_wiki) and not changes.get(
        "external_wiki_url", repo.external_wiki_url
    ):
        raise InvalidInput("An external wiki needs its URL.", field="externalWikiUrl")
    return await _save(repo, changes)


async def _save(repo: Repository, changes: dict[str, object]) -> Repository:
    if changes:
        for name, value in changes.items():
            setattr(repo, name, value)
        await repo.save(update_fields=[*changes, "updated_at"])
    return repo

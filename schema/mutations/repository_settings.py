"""A repository's issue tracker and wiki settings, and syncing a mirror."""

from __future__ import annotations

import strawberry

from app.services import mirror as mirrors
from app.services import repository_features
from schema.context import Info
from schema.lookup import repository_by_id
from schema.types.repository import Repository


@strawberry.input
class UpdateIssueTrackerInput:
    repository_id: strawberry.ID
    has_issues_enabled: bool | None = None
    external_tracker_enabled: bool | None = strawberry.field(
        default=None, description="Send new issues to the external tracker instead."
    )
    external_tracker_url: str | None = None
    external_tracker_format: str | None = strawberry.field(
        default=None,
        description="The URL of one issue, with {user}, {repo} and {index} placeholders.",
    )
    external_tracker_style: str | None = strawberry.field(
        default=None, description="'numeric' or 'alphanumeric'."
    )


@strawberry.input
class UpdateWikiInput:
    repository_id: strawberry.ID
    has_wiki_enabled: bool | None = None
    allow_public_wiki: bool | None = None
    external_wiki_enabled: bool | None = None
    external_wiki_url: str | None = None


@strawberry.input
class SyncMirrorInput:
    repository_id: strawberry.ID


@strawberry.type
class UpdateRepositorySettingsPayload:
    repository: Repository


@strawberry.type
class SyncMirrorPayload:
    repository: Repository


@strawberry.type
class RepositorySettingsMutations:
    @strawberry.mutation(
        description="Turn the issue tracker on or off, or point it to an external tracker "
        "(admins). Without a tracker of its own, a repository takes no new issues."
    )
    async def update_issue_tracker(
        self, info: Info, input: UpdateIssueTrackerInput
    ) -> UpdateRepositorySettingsPayload:
        repo = await repository_by_id(info, str(input.repository_id))
        repo = await repository_features.update_issue_tracker(
            info.context.actor,
            repo,
            has_issues=input.has_issues_enabled,
            uses_external_tracker=input.external_tracker_enabled,
            external_tracker_url=input.external_tracker_url,
            external_tracker_format=input.external_tracker_format,
            external_tracker_style=input.external_tracker_style,
        )
        return UpdateRepositorySettingsPayload(repository=Repository.of(repo))

    @strawberry.mutation(description="The wiki settings (admins); Ingot stores them only.")
    async def update_wiki(
        self, info: Info, input: UpdateWikiInput
    ) -> UpdateRepositorySettingsPayload:
        repo = await repository_by_id(info, str(input.repository_id))
        repo = await repository_features.update_wiki(
            info.context.actor,
            repo,
            has_wiki=input.has_wiki_enabled,
            allow_public_wiki=input.allow_public_wiki,
            uses_external_wiki=input.external_wiki_enabled,
            external_wiki_url=input.external_wiki_url,
        )
        return UpdateRepositorySettingsPayload(repository=Repository.of(repo))

    @strawberry.mutation(
        description="Queue a mirror's sync from its source now (writers); follow it with "
        "Repository.mirrorUpdatedAt."
    )
    async def sync_mirror(self, info: Info, input: SyncMirrorInput) -> SyncMirrorPayload:
        repo = await repository_by_id(info, str(input.repository_id))
        await mirrors.request_sync(info.context.runtime, info.context.actor, repo)
        return SyncMirrorPayload(repository=Repository.of(repo))

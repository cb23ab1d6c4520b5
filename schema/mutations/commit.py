"""Committing files through GraphQL: GitHub's ``createCommitOnBranch``."""

from __future__ import annotations

import strawberry

from app.errors import InvalidInput, NotFound
from app.models import Repository as RepositoryModel
from app.services import contents, file_commit, permission
from schema.contents import contents_of
from schema.context import Info
from schema.lookup import repository_by_id
from schema.types.git import Commit


@strawberry.input(description="The branch to commit to: by repository id or owner/name.")
class CommittableBranch:
    branch_name: str
    repository_name_with_owner: str | None = None
    id: strawberry.ID | None = strawberry.field(default=None, description="The repository's id.")


@strawberry.input
class CommitMessage:
    headline: str
    body: str | None = None


@strawberry.input
class FileAddition:
    path: str
    contents: str = strawberry.field(description="The new contents, base64-encoded.")
    expected_blob_oid: str | None = strawberry.field(
        default=None,
        description="Ingot: the blob the file must have now (forty zeros: the file must not "
        "exist yet); otherwise CONFLICT. Unchecked when null.",
    )


@strawberry.input
class FileDeletion:
    path: str


@strawberry.input
class FileChanges:
    additions: list[FileAddition] = strawberry.field(default_factory=list)
    deletions: list[FileDeletion] = strawberry.field(default_factory=list)


@strawberry.input
class CreateCommitOnBranchInput:
    branch: CommittableBranch
    message: CommitMessage
    file_changes: FileChanges = strawberry.field(default_factory=FileChanges)
    expected_head_oid: str | None = strawberry.field(
        default=None,
        description="The commit the branch must point at; CONFLICT otherwise. When null, a "
        "branch moved by someone else meanwhile gets the commit on its new tip.",
    )
    client_mutation_id: str | None = None


@strawberry.type
class CreateCommitOnBranchPayload:
    commit: Commit
    client_mutation_id: str | None = None


async def _repository(info: Info, branch: CommittableBranch) -> RepositoryModel:
    if branch.id is not None:
        return await repository_by_id(info, str(branch.id), "branch.id")
    owner, _, name = (branch.repository_name_with_owner or "").partition("/")
    if not owner or not name:
        raise InvalidInput(
            "Give the branch's repository as 'owner/name' or by id.",
            field="branch.repositoryNameWithOwner",
        )
    repo = await info.context.repository_named(owner, name)
    if repo is None or await info.context.access(repo) < permission.Access.READ:
        raise NotFound("Repository not found.", field="branch.repositoryNameWithOwner")
    return repo


@strawberry.type
class CommitMutations:
    @strawberry.mutation(
        description="Commit file additions and deletions to a branch as the viewer: a push in "
        "every respect (write access, protected branches, webhooks, CI)."
    )
    async def create_commit_on_branch(
        self, info: Info, input: CreateCommitOnBranchInput
    ) -> CreateCommitOnBranchPayload:
        repo = await _repository(info, input.branch)
        changes = input.file_changes
        outcome = await file_commit.commit_on_branch(
            info.context.runtime,
            info.context.actor,
            repo,
            input.branch.branch_name,
            headline=input.message.headline,
            body=input.message.body or "",
            additions=[
                file_commit.FileAddition(a.path, a.contents, a.expected_blob_oid)
                for a in changes.additions
            ],
            deletions=[d.path for d in changes.deletions],
            expected_head_oid=input.expected_head_oid,
        )
        git = await contents_of(info, repo)
        found = await git.object(outcome.new_oid)
        if not isinstance(found, contents.CommitInfo):
            raise NotFound("The new commit is missing.")
        return CreateCommitOnBranchPayload(
            commit=Commit(git=git, data=found), client_mutation_id=input.client_mutation_id
        )

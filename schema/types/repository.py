"""Repositories."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from enum import Enum
from typing import Annotated, TypeVar

import strawberry

from app.errors import InvalidInput, NotFound
from app.models import Account, columns
from app.models import MilestoneState as MilestoneStateModel
from app.models import PullRequestState as PullRequestStateModel
from app.models import Release as ReleaseModel
from app.models import Repository as RepositoryModel
from app.services import activity as activities
from app.services import (
    branch_protection,
    ci_secret,
    contents,
    counters,
    editorconfig,
    pagination,
    permission,
    pipeline_action,
    repository_users,
)
from app.services import fork as forks
from app.services import issue as issues
from app.services import milestone as milestones
from app.services import mirror as mirrors
from app.services import pipeline as pipelines
from app.services import pull_request as pulls
from app.services import push as pushes
from app.services import release as releases
from app.services import repository as repository_service
from app.services import ssh_key as ssh_keys
from app.services import webhook as webhooks
from app.services.issue_filter import IssueFilter
from app.services.permission import Access
from schema.contents import contents_of
from schema.context import Info
from schema.eventually import load_now, then
from schema.markdown import HTML, readme_html
from schema.node import Node
from schema.types import fields, registry
from schema.types.account import RepositoryOwner, User
from schema.types.activity import Activity, activity_connection
from schema.types.collaborator import RepositoryCollaboratorConnection, collaborator_connection
from schema.types.connection import Connection, connection, paged
from schema.types.git import GitObject, wrap
from schema.types.issue import Issue, IssueComment, Label
from schema.types.issue_list import issue_connection, pull_request_connection
from schema.types.issue_state import IssueState, state_values
from schema.types.milestone import Milestone, MilestoneState
from schema.types.order import (
    RELEASE_COLUMNS,
    IssueFilters,
    IssueOrder,
    ReleaseOrder,
    ordered,
)
from schema.types.pipeline import (
    Pipeline,
    PipelineStatus,
    RepositorySecret,
    model_statuses,
    pipeline_connection,
)
from schema.types.pull_request import IssueOrPullRequest, PullRequest, PullRequestState
from schema.types.push import BranchProtectionRule, Push
from schema.types.ref import Ref, RefConnection, ref_page
from schema.types.release import Release
from schema.types.repository_github import RepositoryGitHubFields
from schema.types.repository_import import RepositoryImport
from schema.types.repository_permission import RepositoryPermission
from schema.types.repository_settings import EditorConfigDefinition, ExternalIssueTracker
from schema.types.ssh_key import DeployKey
from schema.types.webhook import Webhook


@strawberry.enum
class RepositoryVisibility(Enum):
    PUBLIC = "public"
    PRIVATE = "private"


T = TypeVar("T")

_FULL_OID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")

_PERMISSION = {
    Access.ADMIN: RepositoryPermission.ADMIN,
    Access.WRITE: RepositoryPermission.WRITE,
    Access.READ: RepositoryPermission.READ,
}


def _with_owner(info: Info, model: RepositoryModel, use: Callable[[Account | None], T]) -> T:
    """``use(owner)``, at once when the request already loaded the owner (see schema.eventually)."""
    return then(load_now(info.context.loaders.accounts_by_id, model.owner_id), use)


def _owner_login(owner: Account | None) -> str:
    return owner.login if owner else ""


def _present_owner(owner: Account | None) -> RepositoryOwner:
    if owner is None:
        raise NotFound("Repository owner not found.")
    return RepositoryOwner.of(owner)


@strawberry.type(description="A git repository with its issues.")
class Repository(RepositoryGitHubFields, Node):
    model: strawberry.Private[RepositoryModel]

    @staticmethod
    def of(model: RepositoryModel) -> Repository:
        return Repository(model=model)

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field(description="owner/name")
    def name_with_owner(self, info: Info) -> str:
        name = self.model.name
        return _with_owner(info, self.model, lambda owner: f"{_owner_login(owner)}/{name}")

    @strawberry.field
    def owner(self, info: Info) -> RepositoryOwner:
        return _with_owner(info, self.model, _present_owner)

    @strawberry.field
    def description(self) -> str:
        return self.model.description

    @strawberry.field
    def is_private(self) -> bool:
        return self.model.is_private

    @strawberry.field
    def visibility(self) -> RepositoryVisibility:
        return (
            RepositoryVisibility.PRIVATE if self.model.is_private else RepositoryVisibility.PUBLIC
        )

    @strawberry.field(description="The branch HEAD points at.")
    def default_branch(self) -> str:
        return self.model.default_branch

    created_at = strawberry.field(resolver=fields.created_at)
    updated_at = strawberry.field(resolver=fields.updated_at)

    @strawberry.field(description="When a push last moved a ref.")
    def pushed_at(self) -> datetime | None:
        return self.model.pushed_at

    @strawberry.field(description="How its import from a URL went; null if it was not imported.")
    async def import_status(self, info: Info) -> RepositoryImport | None:
        found = await info.context.loaders.imports_by_repository_id.load(self.model.id)
        return RepositoryImport(model=found) if found is not None else None

    # --- Issue tracker, wiki and mirror settings (app/services/repository_features.py,
    # app/services/mirror.py) and .editorconfig (app/services/editorconfig.py).

    @strawberry.field(description="Whether the issue tracker is on.")
    def has_issues_enabled(self) -> bool:
        return self.model.has_issues

    @strawberry.field(
        description="The external tracker new issues go to instead; null when none is used."
    )
    def external_issue_tracker(self) -> ExternalIssueTracker | None:
        model = self.model
        if not model.uses_external_tracker:
            return None
        return ExternalIssueTracker(
            url=model.external_tracker_url,
            format=model.external_tracker_format,
            style=model.external_tracker_style,
        )

    @strawberry.field(description="Whether the wiki is on (Ingot stores the setting only).")
    def has_wiki_enabled(self) -> bool:
        return self.model.has_wiki

    @strawberry.field(description="The external wiki used instead; null when none is.")
    def external_wiki_url(self) -> str | None:
        return self.model.external_wiki_url if self.model.uses_external_wiki else None

    @strawberry.field(description="Whether the repository is a pull mirror of another one.")
    def is_mirror(self) -> bool:
        return self.model.is_mirror

    @strawberry.field(
        description="Where a mirror fetches from, without credentials; null for other "
        "repositories and for viewers without write access."
    )
    async def mirror_url(self, info: Info) -> str | None:
        if not self.model.is_mirror or await info.context.access(self.model) < Access.WRITE:
            return None
        found = await info.context.loaders.mirrors_by_repository_id.load(self.model.id)
        return mirrors.display_url(found) if found is not None else None

    @strawberry.field(description="When a mirror last fetched from its source; null if never.")
    async def mirror_updated_at(self, info: Info) -> datetime | None:
        if not self.model.is_mirror:
            return None
        found = await info.context.loaders.mirrors_by_repository_id.load(self.model.id)
        return found.last_synced_at if found is not None else None

    @strawberry.field(
        description="The default branch's root .editorconfig applied to 'path'; null when "
        "there is no such file or no section matches."
    )
    async def editor_config(self, info: Info, path: str) -> EditorConfigDefinition | None:
        git = await contents_of(info, self.model)
        found = await editorconfig.definition(git, self.model.default_branch, path)
        return EditorConfigDefinition(definition=found) if found is not None else None

    @strawberry.field(description="The repository's web page.")
    def url(self, info: Info) -> str:
        base, name = info.context.base_url, self.model.name
        return _with_owner(info, self.model, lambda owner: f"{base}/{_owner_login(owner)}/{name}")

    @strawberry.field(description="The HTTPS clone URL; the password is an access token.")
    def clone_url(self, info: Info) -> str:
        base, name = info.context.base_url, self.model.name
        return _with_owner(
            info, self.model, lambda owner: f"{base}/{_owner_login(owner)}/{name}.git"
        )

    @strawberry.field(
        description="The SSH clone URL (ssh://git@HOST:PORT/OWNER/NAME.git); null when the "
        "server runs no SSH."
    )
    def ssh_url(self, info: Info) -> str | None:
        settings, name = info.context.runtime.settings, self.model.name
        if settings.ssh_port is None:
            return None
        return _with_owner(
            info, self.model, lambda owner: settings.ssh_url(_owner_login(owner), name)
        )

    @strawberry.field(description="The viewer's access, or null for none.")
    def viewer_permission(self, info: Info) -> RepositoryPermission | None:
        return then(info.context.access_now(self.model), _PERMISSION.get)

    @strawberry.field(description="How many issues are OPEN (triaged or not).")
    def open_issue_count(self) -> int:
        return self.model.open_issue_count

    @strawberry.field(
        description="How many pull requests are open, batched across repositories (exact, "
        "unlike the capped 'pullRequests(states: [OPEN]) { totalCount }')."
    )
    async def open_pull_request_count(self, info: Info) -> int:
        counts = await info.context.loaders.pull_request_counts_by_repository_id.load(self.model.id)
        return counts.get(PullRequestStateModel.OPEN, 0)

    @strawberry.field(
        description="Issues; filters combine with AND, and 'labels' must all be carried."
    )
    async def issues(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        page: int | None = None,
        states: list[IssueState] | None = None,
        newest_first: bool = False,
        labels: list[str] | None = None,
        created_by: str | None = None,
        assignee: str | None = None,
        milestone_number: int | None = None,
        search: str | None = None,
        is_triaged: bool | None = None,
        order_by: IssueOrder | None = None,
        filter_by: IssueFilters | None = None,
    ) -> Connection[Issue]:
        where = IssueFilter(
            labels=list(labels or []),
            created_by=created_by,
            assignee=assignee,
            milestone_number=milestone_number,
            search=search,
            triaged=is_triaged,
        )
        return await issue_connection(
            self.model,
            where,
            state_values(states),
            order_by=order_by,
            filter_by=filter_by,
            newest_first=newest_first,
            first=first,
            after=after,
            last=last,
            before=before,
            page=page,
            total=(
                None
                if replace(where, triaged=None).narrows() or filter_by is not None
                else counters.issue_total(self.model, state_values(states), where.triaged)
            ),
        )

    @strawberry.field(description="One issue by its number.")
    async def issue(self, number: int) -> Issue | None:
        found = await issues.issues_query(self.model, None).filter(number=number).first()
        return Issue.of(found) if found else None

    @strawberry.field
    async def labels(
        self,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
    ) -> Connection[Label]:
        return await paged(
            issues.labels_query(self.model), Label.of, first=first, after=after, page=page
        )

    @strawberry.field(description="Whether nothing has been pushed yet: no branch and no tag.")
    async def is_empty(self, info: Info) -> bool:
        return await contents.is_empty(await contents_of(info, self.model))

    @strawberry.field(description="The default branch, or null before it has been pushed.")
    async def default_branch_ref(self, info: Info) -> Ref | None:
        git = await contents_of(info, self.model)
        found = await contents.find_ref(git, f"refs/heads/{self.model.default_branch}")
        return Ref(git=git, data=found) if found else None

    @strawberry.field(description="A branch or tag: 'main', 'v1.0' or 'refs/heads/main'.")
    async def ref(self, info: Info, qualified_name: str) -> Ref | None:
        git = await contents_of(info, self.model)
        found = await contents.find_ref(git, qualified_name)
        return Ref(git=git, data=found) if found else None

    @strawberry.field(description="Refs under a prefix such as 'refs/heads/' or 'refs/tags/'.")
    async def refs(
        self,
        info: Info,
        ref_prefix: str,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        query: str | None = None,
        page: int | None = None,
    ) -> RefConnection:
        git = await contents_of(info, self.model)
        found = await contents.list_refs(git, ref_prefix)
        if query:
            needle = query.lower()
            found = [r for r in found if needle in r.name[len(ref_prefix) :].lower()]
        return ref_page(git, found, first=first, after=after, last=last, before=before, page=page)

    @strawberry.field(
        name="readmeHTML",
        description="The README at the root of the default branch as sanitized HTML (Markdown "
        "rendered, other formats escaped in a <pre>); null if there is none.",
    )
    async def readme_html(self, info: Info) -> HTML | None:
        found = await readme_html(info, self.model)
        return HTML(found) if found is not None else None

    @strawberry.field(
        description="An object by revision expression ('main', 'v1', an oid, 'main:src/app.py') "
        "or by full oid; null if it names nothing."
    )
    async def object(
        self, info: Info, expression: str | None = None, oid: str | None = None
    ) -> GitObject | None:
        if (expression is None) == (oid is None):
            raise InvalidInput("Pass either 'expression' or 'oid'.", field="expression")
        git = await contents_of(info, self.model)
        if oid is not None:
            if not _FULL_OID.fullmatch(oid):
                raise InvalidInput("'oid' must be a full object id in hex.", field="oid")
            return wrap(git, await git.object(oid))
        expression = expression or ""
        revision, _, path = expression.partition(":")
        return wrap(git, await contents.resolve(git, expression), revision=revision, path=path)

    @strawberry.field(description="What happened in this repository, newest first.")
    async def activity(
        self, first: int | None = None, after: str | None = None
    ) -> Connection[Activity]:
        return await activity_connection(activities.repository_query(self.model), first, after)

    @strawberry.field(description="Accepted pushes, newest first unless newestFirst is false.")
    async def pushes(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        page: int | None = None,
        newest_first: bool = True,
    ) -> Connection[Push]:
        return await paged(
            pushes.pushes_query(self.model),
            Push.of,
            first=first,
            after=after,
            last=last,
            before=before,
            page=page,
            descending=newest_first,
        )

    @strawberry.field(
        description="Patterns of branches only the repository's admins may push to, oldest "
        "first; batched across the repositories of a list."
    )
    async def branch_protection_rules(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
    ) -> Connection[BranchProtectionRule]:
        loader = info.context.loaders.branch_protection_rules_by_repository_id
        rows = await loader.load(self.model.id)
        query = branch_protection.rules_query(self.model)
        result = pagination.paginate_loaded(rows, query, first=first, after=after, page=page)
        return connection(result, BranchProtectionRule.of)

    @strawberry.field(description="Comments on all of this repository's issues, oldest first.")
    async def issue_comments(
        self,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
    ) -> Connection[IssueComment]:
        query = issues.repository_comments_query(self.model)
        return await paged(query, IssueComment.of, first=first, after=after, page=page)

    @strawberry.field
    async def pull_requests(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        page: int | None = None,
        states: list[PullRequestState] | None = None,
        head_ref_name: str | None = None,
        base_ref_name: str | None = None,
        newest_first: bool = False,
        labels: list[str] | None = None,
        order_by: IssueOrder | None = None,
    ) -> Connection[PullRequest]:
        chosen = [PullRequestStateModel(s.value) for s in states] if states else None
        query = pulls.pull_requests_query(self.model, chosen)
        unfiltered = head_ref_name is None and base_ref_name is None
        if head_ref_name is not None:
            query = query.filter(head_ref=head_ref_name)
        if base_ref_name is not None:
            query = query.filter(base_ref=base_ref_name)
        return await pull_request_connection(
            query,
            labels=labels,
            order_by=order_by,
            newest_first=newest_first,
            first=first,
            after=after,
            last=last,
            before=before,
            page=page,
            total=counters.pull_request_total(self.model, chosen) if unfiltered else None,
        )

    @strawberry.field(description="One pull request by its number.")
    async def pull_request(self, number: int) -> PullRequest | None:
        found = await pulls.pull_requests_query(self.model, None).filter(number=number).first()
        return PullRequest.of(found) if found else None

    @strawberry.field(description="The issue or pull request with this number.")
    async def issue_or_pull_request(self, number: int) -> IssueOrPullRequest | None:
        issue = await issues.issues_query(self.model, None).filter(number=number).first()
        if issue is not None:
            return Issue.of(issue)
        found = await pulls.pull_requests_query(self.model, None).filter(number=number).first()
        return PullRequest.of(found) if found else None

    @strawberry.field
    async def milestones(
        self,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
        states: list[MilestoneState] | None = None,
    ) -> Connection[Milestone]:
        query = milestones.milestones_query(
            self.model, [MilestoneStateModel(s.value) for s in states] if states else None
        )
        return await paged(query, Milestone.of, first=first, after=after, page=page)

    @strawberry.field(description="One milestone by its number.")
    async def milestone(self, number: int) -> Milestone | None:
        found = await milestones.milestones_query(self.model, None).filter(number=number).first()
        return Milestone.of(found) if found else None

    @strawberry.field(
        description="Users given access to this repository; needs the collaborator:read scope."
    )
    async def collaborators(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
        login: Annotated[
            str | None,
            strawberry.argument(description="Only this user (none if they do not collaborate)."),
        ] = None,
    ) -> RepositoryCollaboratorConnection:
        return await collaborator_connection(info, self.model, first, after, page, login)

    @strawberry.field(
        description="Users who can be assigned to issues and pull requests here (GitHub's): "
        "those who can write it (a user owner, the organization's members, collaborators "
        "and teams with WRITE or ADMIN), by id; ``query`` keeps those whose login or name "
        "starts with it (case-insensitive)."
    )
    async def assignable_users(
        self,
        first: int | None = None,
        after: str | None = None,
        query: str | None = None,
    ) -> Connection[User]:
        found = repository_users.assignable_users(self.model, query)
        return await paged(found, lambda a: User(model=a), first=first, after=after)

    @strawberry.field(
        description="Users who can be @mentioned here (GitHub's): the assignable users and "
        "the authors of its issues, pull requests and comments (of a private repository "
        "those who can still read it), by id; ``query`` as in assignableUsers."
    )
    async def mentionable_users(
        self,
        first: int | None = None,
        after: str | None = None,
        query: str | None = None,
    ) -> Connection[User]:
        found = repository_users.mentionable_users(self.model, query)
        return await paged(found, lambda a: User(model=a), first=first, after=after)

    @strawberry.field(
        description="Keys that reach this repository only, oldest first; for its admins "
        "(FORBIDDEN to other readers)."
    )
    async def deploy_keys(self, info: Info) -> list[DeployKey]:
        found = await ssh_keys.list_deploy_keys(info.context.actor, self.model)
        return [DeployKey.of(key) for key in found]

    @strawberry.field(description="Releases, newest first; drafts only for those with WRITE.")
    async def releases(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
        order_by: ReleaseOrder | None = None,
    ) -> Connection[Release]:
        query = releases.releases_query(self.model, await info.context.access(self.model))
        if order_by is None:
            return await paged(
                query, Release.of, first=first, after=after, page=page, descending=True
            )
        return await ordered(
            query,
            Release.of,
            order_by.field.value,
            order_by.direction,
            first=first,
            after=after,
            last=None,
            before=None,
            page=page,
            columns=RELEASE_COLUMNS,
        )

    @strawberry.field(description="The newest published release that is not a prerelease.")
    async def latest_release(self, info: Info) -> Release | None:
        query = releases.releases_query(self.model, permission.Access.READ)
        found = await query.filter(is_prerelease=False).order_by("-published_at", "-id").first()
        return Release.of(found) if found else None

    @strawberry.field(description="The release of a tag, or null.")
    async def release(self, info: Info, tag_name: str) -> Release | None:
        if not columns.fits(ReleaseModel, "tag_name", tag_name):
            return None
        query = releases.releases_query(self.model, await info.context.access(self.model))
        found = await query.filter(tag_name=tag_name).first()
        return Release.of(found) if found else None

    @strawberry.field(
        description="Its webhooks, oldest first: for the owner and admins, with webhook:read."
    )
    async def webhooks(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
    ) -> Connection[Webhook]:
        await webhooks.require_manage(info.context.actor, self.model)
        return await paged(
            webhooks.webhooks_query(self.model), Webhook.of, first=first, after=after, page=page
        )

    @strawberry.field(
        description="CI pipelines, newest first (tokens need workflow:read); 'status' filters."
    )
    async def pipelines(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        page: int | None = None,
        status: PipelineStatus | None = None,
    ) -> Connection[Pipeline]:
        await pipeline_action.require_read(info.context.actor, self.model)
        query = pipelines.pipelines_query(self.model, model_statuses([status] if status else None))
        return await pipeline_connection(query, first, after, last, before, page)

    @strawberry.field(description="One pipeline by its number; null if there is none.")
    async def pipeline(self, info: Info, number: int) -> Pipeline | None:
        await pipeline_action.require_read(info.context.actor, self.model)
        if not -(2**31) <= number < 2**31:
            return None
        found = await pipelines.pipelines_query(self.model).filter(number=number).first()
        return Pipeline.of(found) if found else None

    @strawberry.field(
        description="CI secrets by name (never their values): for the owner and admins, "
        "with secrets:read."
    )
    async def secrets(self, info: Info) -> list[RepositorySecret]:
        rows = await ci_secret.list_secrets(info.context.actor, self.model)
        return [RepositorySecret(model=row) for row in rows]

    # --- forks (app.services.fork) ---

    @strawberry.field(description="Whether this repository is a fork of another.")
    def is_fork(self) -> bool:
        return self.model.parent_id is not None

    @strawberry.field(
        description="The repository this one was forked from; null if it is no fork, the "
        "parent was deleted, or the viewer cannot read it."
    )
    async def parent(self, info: Info) -> Repository | None:
        if self.model.parent_id is None:
            return None
        found = await info.context.repository(self.model.parent_id)
        if found is None or await info.context.access(found) < Access.READ:
            return None
        return Repository.of(found)

    @strawberry.field(description="How many forks this repository has (all of them).")
    def fork_count(self) -> int:
        return self.model.fork_count

    @strawberry.field(description="The forks of this repository the viewer can read, oldest first.")
    async def forks(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
        owner_login: Annotated[
            str | None,
            strawberry.argument(
                description="Only the fork this account owns (Gitea's "
                "'owner:branch' heads name a fork by its owner)."
            ),
        ] = None,
    ) -> Connection[Repository]:
        readable = await repository_service.visible_query(info.context.actor)
        query = forks.forks_query(self.model, readable)
        if owner_login is not None:
            query = query.filter(owner__login_lower=owner_login[:100].lower())
        return await paged(query, Repository.of, first=first, after=after, page=page)


registry.register(RepositoryModel, Repository)

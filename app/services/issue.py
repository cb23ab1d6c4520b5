"""Issues and comments. Numbers come from a per-repository counter row."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.auth import scopes as sc
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.models import (
    Account,
    AccountKind,
    ActivityKind,
    Comment,
    Issue,
    IssueState,
    Label,
    Milestone,
    Repository,
    case_key,
    columns,
)
from app.services import activity, counters, permission, repository_features, webhook_event
from app.services import repository as repositories
from app.services.actor import Actor
from app.services.issue_filter import IssueFilter, with_states
from app.services.naming import validate_text

MAX_BODY = 65_536
MAX_ASSIGNEES = 10


class Unset:
    """Marks an argument the caller did not pass (``None`` means "clear it")."""


UNSET = Unset()


async def create_issue(
    actor: Actor,
    repo: Repository,
    title: str,
    body: str = "",
    *,
    label_ids: list[int] | None = None,
    milestone_id: int | None = None,
    assignees: list[Account] | None = None,
) -> Issue:
    """Open an issue; anyone who can read the repository and holds ``repo:write`` may.

    Labels, a milestone and assignees need WRITE; everything is checked before
    the issue is written, so a refused part leaves nothing behind.
    """
    await permission.require_read(actor, repo)
    author = actor.require_account()
    await require_write_scope(actor, repo)
    repository_features.require_issue_tracker(repo)
    validate_text(title, field="title", max_length=255, required=True)
    validate_text(body, field="body", max_length=MAX_BODY)
    labels: list[Label] = []
    if label_ids or milestone_id is not None or assignees:
        await permission.require_access(actor, repo, permission.Access.WRITE)
    if label_ids:
        labels = await _labels_of(repo, label_ids)
    if milestone_id is not None:
        await _require_milestone(repo, milestone_id)
    if assignees:
        assignees = await _readers(repo, assignees)
    async with in_transaction():
        # The row update takes the row's write lock; the read-back sees our own increment.
        await Repository.filter(id=repo.id).update(
            issue_counter=F("issue_counter") + 1,
            open_issue_count=F("open_issue_count") + 1,
            new_issue_count=F("new_issue_count") + 1,
        )
        counts = await Repository.filter(id=repo.id).values_list(
            "issue_counter", "open_issue_count", "new_issue_count"
        )
        number, repo.open_issue_count, repo.new_issue_count = counts[0]
        issue = await Issue.create(
            repository_id=repo.id,
            number=number,
            title=title.strip(),
            body=body,
            author=author,
            milestone_id=milestone_id,
        )
        if labels:
            await issue.labels.add(*labels)
        if assignees:
            await issue.assignees.add(*assignees)
        await activity.record(ActivityKind.ISSUE_OPENED, repo, author, issue=issue)
        await webhook_event.issue(repo, author, "opened", issue.id, issue.number)
    return issue


async def require_write_scope(actor: Actor, repo: Repository) -> None:
    if not actor.has_scope(sc.REPO_WRITE):
        raise Forbidden("This token lacks the 'repo:write' scope.")


async def can_edit(actor: Actor, repo: Repository, issue: Issue) -> bool:
    account = actor.account
    if account is None:
        return False
    if issue.author_id == account.id and await permission.repository_access(actor, repo) >= (
        permission.Access.READ
    ):
        return True
    return await permission.repository_access(actor, repo) >= permission.Access.WRITE


async def update_issue(
    actor: Actor,
    repo: Repository,
    issue: Issue,
    *,
    title: str | None = None,
    body: str | None = None,
    state: IssueState | None = None,
    triaged: bool | None = None,
    milestone_id: int | Unset | None = UNSET,
    assignees: list[Account] | Unset = UNSET,
) -> Issue:
    """Edit, close, reopen or triage: the author or a writer.

    Setting the milestone or the assignees (replacing them all) needs WRITE. Reopening
    triages too (Isurus' reopened issues are ``open``, not ``new``); an issue is never
    untriaged again.
    """
    await permission.require_read(actor, repo)
    actor.require_account()
    await require_write_scope(actor, repo)
    if not await can_edit(actor, repo, issue):
        raise Forbidden("Only the author or a repository writer can change this issue.")
    old_title, old_body, old_milestone = issue.title, issue.body, issue.milestone_id
    if not isinstance(milestone_id, Unset) and milestone_id != issue.milestone_id:
        await permission.require_access(actor, repo, permission.Access.WRITE)
        if milestone_id is not None:
            await _require_milestone(repo, milestone_id)
        issue.milestone_id = milestone_id
    if not isinstance(assignees, Unset):
        await permission.require_access(actor, repo, permission.Access.WRITE)
        assignees = await _readers(repo, assignees)
    if title is not None:
        issue.title = validate_text(title, field="title", max_length=255, required=True).strip()
    if body is not None:
        issue.body = validate_text(body, field="body", max_length=MAX_BODY)
    if triaged is False and issue.triaged:
        raise InvalidInput("A triaged issue cannot become untriaged again.", field="isTriaged")
    async with in_transaction():
        await issue.save(update_fields=["title", "body", "milestone_id", "updated_at"])
        kind = await _move(repo, issue, state) if state is not None else None
        if triaged and not issue.triaged:
            # Only the request that triages it moves the counts (two may race).
            if await Issue.filter(id=issue.id, triaged=False).update(triaged=True):
                await counters.issue_moved(
                    repo,
                    counters.issue_class(issue.state, False),
                    counters.issue_class(issue.state, True),
                )
            issue.triaged = True
        if not isinstance(assignees, Unset):
            await issue.assignees.clear()
            if assignees:
                await issue.assignees.add(*assignees)
        if kind is not None:
            await activity.record(kind, repo, actor.account, issue=issue)
        edited = webhook_event.changes(
            title=old_title if issue.title != old_title else None,
            body=old_body if issue.body != old_body else None,
        )
        await _raise_update(repo, actor.account, issue, edited, kind, old_milestone, assignees)
    return issue


async def _raise_update(
    repo: Repository,
    sender: Account | None,
    issue: Issue,
    edited: dict[str, dict[str, object]],
    kind: ActivityKind | None,
    old_milestone: int | None,
    assignees: list[Account] | Unset,
) -> None:
    """The ``issues`` events of one update, in its transaction."""
    if edited:
        await webhook_event.issue(repo, sender, "edited", issue.id, issue.number, changes=edited)
    if kind is not None:
        action = "closed" if issue.state == IssueState.CLOSED else "reopened"
        await webhook_event.issue(repo, sender, action, issue.id, issue.number)
    if issue.milestone_id != old_milestone:
        await webhook_event.issue(
            repo, sender, "milestoned", issue.id, issue.number, milestone_id=issue.milestone_id
        )
    if not isinstance(assignees, Unset):
        await webhook_event.issue(
            repo,
            sender,
            "assigned",
            issue.id,
            issue.number,
            assignee_ids=[account.id for account in assignees],
        )


async def _move(repo: Repository, issue: Issue, state: IssueState) -> ActivityKind | None:
    """Set the issue's state in the current transaction, only if no one else just did.

    The row changes only if it still holds the state this request read, so of two
    requests racing to close (or reopen) an issue one changes it and one finds it
    done; the repository's open-issue count moves with the change that happened.
    """
    old, old_triaged = issue.state, issue.triaged
    if state == old:
        return None
    closed_at = datetime.now(UTC) if state == IssueState.CLOSED else None
    # Reopening triages: Isurus' lifecycle returns a reopened issue to ``open``.
    triaged = issue.triaged or state == IssueState.OPEN
    if not await Issue.filter(id=issue.id, state=old).update(
        state=state, closed_at=closed_at, triaged=triaged
    ):
        await issue.refresh_from_db(fields=["state", "closed_at", "triaged"])
        return None
    issue.state, issue.closed_at, issue.triaged = state, closed_at, triaged
    await counters.issue_moved(
        repo, counters.issue_class(old, old_triaged), counters.issue_class(state, triaged)
    )
    return activity.issue_transition(old, state)


async def _require_milestone(repo: Repository, milestone_id: int) -> None:
    if not await Milestone.exists(id=milestone_id, repository_id=repo.id):
        raise NotFound("No such milestone in this repository.", field="milestoneId")


async def _labels_of(repo: Repository, label_ids: list[int]) -> list[Label]:
    labels = await Label.filter(repository_id=repo.id, id__in=label_ids)
    if len(labels) != len(set(label_ids)):
        raise NotFound("One of the labels does not exist in this repository.")
    return list(labels)


async def _readers(repo: Repository, accounts: list[Account]) -> list[Account]:
    """These accounts (at most ten), each once, if each is a user who reads the repository
    by their own standing (see ``_readers_of``)."""
    if len({account.id for account in accounts}) > MAX_ASSIGNEES:
        raise InvalidInput(f"An issue has at most {MAX_ASSIGNEES} assignees.", field="assigneeIds")
    for account in accounts:
        if account.kind != AccountKind.USER:
            raise NotFound(f"No user named '{account.login}'.", field="assigneeIds")
    by_login = {account.login_lower: account for account in accounts}
    return await _readers_of(repo, by_login, [account.login for account in accounts])


async def _readers_of(
    repo: Repository, accounts: dict[str, Account], logins: list[str]
) -> list[Account]:
    for login in logins:
        # Gogs' and Gitea's rule: an assignee reads the repository by their own standing
        # (owner, member, collaborator, site admin), not because it is public: anyone could
        # otherwise be assigned, and notified, by any writer of a public repository.
        reader = Actor(account=accounts[login.lower()])
        access = await permission.role_access(reader, repo, public_reads=False)
        if access < permission.Access.READ:
            raise InvalidInput(f"'{login}' cannot see this repository.", field="assigneeIds")
    return list({accounts[login.lower()].id: accounts[login.lower()] for login in logins}.values())


async def add_comment(actor: Actor, repo: Repository, issue: Issue, body: str) -> Comment:
    await permission.require_read(actor, repo)
    author = actor.require_account()
    await require_write_scope(actor, repo)
    validate_text(body, field="body", max_length=MAX_BODY, required=True)
    async with in_transaction():
        comment = await Comment.create(issue_id=issue.id, author=author, body=body)
        await Issue.filter(id=issue.id).update(updated_at=comment.created_at)
        await activity.record(ActivityKind.ISSUE_COMMENTED, repo, author, issue=issue)
        await webhook_event.issue_comment(
            repo, author, "created", comment_id=comment.id, number=issue.number, issue_id=issue.id
        )
    return comment


def issues_query(
    repo: Repository, states: Collection[str] | None, where: IssueFilter | None = None
) -> QuerySet[Issue]:
    """``states`` are ``IssueState`` values or the deprecated ``UNTRIAGED`` ("NEW")."""
    query = with_states(Issue.filter(repository_id=repo.id), states)
    return where.apply(query) if where else query


async def assigned_query(
    actor: Actor, user: Account, states: Collection[str] | None
) -> QuerySet[Issue]:
    """Issues assigned to ``user`` in every repository the actor can read."""
    readable = (await repositories.visible_query(actor)).values("id")
    assigned = Issue.filter(assignees__id=user.id).values("id")
    query = Issue.filter(id__in=Subquery(assigned), repository_id__in=Subquery(readable))
    return with_states(query, states)


async def create_label(
    actor: Actor, repo: Repository, name: str, color: str, description: str = ""
) -> Label:
    await permission.require_access(actor, repo, permission.Access.WRITE)
    validate_text(name, field="name", max_length=50, required=True)
    color = validate_color(color)
    validate_text(description, field="description", max_length=255)
    await require_free_label_name(repo, name.strip())
    try:
        return await Label.create(
            repository_id=repo.id, name=name.strip(), color=color, description=description
        )
    except IntegrityError:
        raise Conflict(f"A label named '{name}' already exists.", field="name") from None


async def require_free_label_name(repo: Repository, name: str, label_id: int | None = None) -> None:
    """Label names are unique per repository whatever their case ("Bug" and "bug" are one
    name, as filters match them); the unique index backs up the exact-case duplicate."""
    taken = Label.filter(repository_id=repo.id, name_lower=case_key(name))
    if label_id is not None:
        taken = taken.exclude(id=label_id)
    if await taken.exists():
        raise Conflict(f"A label named '{name}' already exists.", field="name")


def validate_color(color: str) -> str:
    value = color if color.startswith("#") else f"#{color}"
    if len(value) != 7 or any(c not in "0123456789abcdefABCDEF" for c in value[1:]):
        raise InvalidInput("A colour is six hexadecimal digits, like #DC2626.", field="color")
    return value.upper()


async def set_labels(actor: Actor, repo: Repository, issue: Issue, label_ids: list[int]) -> Issue:
    await permission.require_access(actor, repo, permission.Access.WRITE)
    labels = await _labels_of(repo, label_ids)
    async with in_transaction():
        await issue.labels.clear()
        if labels:
            await issue.labels.add(*labels)
        await Issue.filter(id=issue.id).update(updated_at=datetime.now(UTC))
        await webhook_event.issue(
            repo,
            actor.account,
            "labeled",
            issue.id,
            issue.number,
            label_ids=[label.id for label in labels],
        )
    return issue


async def label_ids(issue: Issue) -> set[int]:
    """The ids of the issue's labels."""
    return {label.id for label in await issue.labels.all()}


def labels_query(repo: Repository) -> QuerySet[Label]:
    return Label.filter(repository_id=repo.id)


def comments_query(issue: Issue) -> QuerySet[Comment]:
    return Comment.filter(issue_id=issue.id)


# A whole thread in one answer stops here: a bound on one response's size.
MAX_THREAD = 10_000


async def thread(issue: Issue) -> list[Comment]:
    """The issue's comments, oldest first, in one query (at most ``MAX_THREAD``)."""
    return await comments_query(issue).order_by("id").limit(MAX_THREAD)


def repository_comments_query(repo: Repository) -> QuerySet[Comment]:
    """Every comment on every issue of the repository."""
    return Comment.filter(issue__repository_id=repo.id)


async def set_assignees(
    actor: Actor, repo: Repository, issue: Issue, add: list[str], remove: list[str]
) -> Issue:
    """Add and remove assignees by login; each must be able to read the repository."""
    await permission.require_access(actor, repo, permission.Access.WRITE)
    if len(add) + len(remove) > 5 * MAX_ASSIGNEES:
        raise InvalidInput("Too many assignees in one request.", field="assigneeIds")
    wanted = await _accounts_by_login([*add, *remove])
    new = {account.id: account for account in await _readers_of(repo, wanted, add)}
    async with in_transaction():
        removing = [wanted[login.lower()] for login in remove]
        if removing:
            await issue.assignees.remove(*removing)
        current = {a.id for a in await issue.assignees.all()}
        adding = [account for pk, account in new.items() if pk not in current]
        if len(current) + len(adding) > MAX_ASSIGNEES:
            raise InvalidInput(
                f"An issue has at most {MAX_ASSIGNEES} assignees.", field="assigneeIds"
            )
        if adding:
            await issue.assignees.add(*adding)
        await Issue.filter(id=issue.id).update(updated_at=datetime.now(UTC))
        await webhook_event.issue(
            repo,
            actor.account,
            "assigned",
            issue.id,
            issue.number,
            assignee_ids=sorted([*current, *(account.id for account in adding)]),
        )
    return issue


async def _accounts_by_login(logins: list[str]) -> dict[str, Account]:
    lowered = {
        login.lower()
        for login in logins
        if isinstance(login, str) and columns.fits(Account, "login_lower", login)
    }
    found = {
        a.login_lower: a
        for a in await Account.filter(login_lower__in=lowered, kind=AccountKind.USER)
    }
    for login in logins:
        if login.lower() not in found:
            raise NotFound(f"No user named '{login}'.", field="assigneeIds")
    return found

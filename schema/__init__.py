"""The GraphQL schema: the one model of the forge."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncGenerator, Iterator
from typing import Any

import strawberry
from graphql import DocumentNode, GraphQLError, validate
from graphql import execute as execute_graphql
from graphql.language import OperationType as OperationTypeNode
from graphql.validation import OverlappingFieldsCanBeMergedRule
from strawberry.extensions import (
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType
from tortoise.exceptions import ValidationError

from app import json_reader
from app.errors import IngotError, InvalidInput
from app.services.pagination import MAX_OFFSET
from schema.context import Context, build_context
from schema.graphql_internals import (
    VALIDATION_RULES,
    Executor,
    OverlappingFieldsOfDistinctObjects,
    core_schema,
    is_awaitable,
)
from schema.inputs import StorableStrings
from schema.limits import DEFAULT_LIMITS, Limits, limits_rule
from schema.markdown import HTML, HTML_SCALAR
from schema.mutations.account import AccountMutations
from schema.mutations.branch_protection import BranchProtectionMutations
from schema.mutations.collaborator import CollaboratorMutations
from schema.mutations.comment import CommentMutations
from schema.mutations.commit import CommitMutations
from schema.mutations.email_address import EmailAddressMutations
from schema.mutations.follow import FollowMutations
from schema.mutations.fork import ForkMutations
from schema.mutations.issue import IssueMutations
from schema.mutations.milestone import MilestoneMutations
from schema.mutations.pipeline import PipelineMutations
from schema.mutations.pull_request import PullRequestMutations
from schema.mutations.pull_request_draft import PullRequestDraftMutations
from schema.mutations.ref import RefMutations
from schema.mutations.release import ReleaseMutations
from schema.mutations.repository import RepositoryMutations
from schema.mutations.repository_settings import RepositorySettingsMutations
from schema.mutations.runner import RunnerMutations
from schema.mutations.site_admin import SiteAdminMutations
from schema.mutations.ssh_key import SshKeyMutations
from schema.mutations.team import TeamMutations
from schema.mutations.webhook import WebhookMutations
from schema.node import Node, encode_global_id, is_database_id
from schema.queries import Query
from schema.subscriptions import Subscription
from schema.types.account import AccessToken, Organization, User
from schema.types.git import Blob, Commit, Tag, Tree
from schema.types.issue import Issue, IssueComment, Label
from schema.types.milestone import Milestone
from schema.types.pipeline import Pipeline
from schema.types.pull_request import PullRequest, PullRequestComment
from schema.types.push import BranchProtectionRule, Push
from schema.types.release import Release, ReleaseAsset
from schema.types.repository import Repository
from schema.types.runner import Runner
from schema.types.webhook import Webhook, WebhookDelivery

log = logging.getLogger("ingot.graphql")

Mutation = merge_types(
    "Mutation",
    (
        AccountMutations,
        RepositoryMutations,
        IssueMutations,
        BranchProtectionMutations,
        RefMutations,
        PullRequestMutations,
        PullRequestDraftMutations,
        CommentMutations,
        MilestoneMutations,
        CollaboratorMutations,
        ReleaseMutations,
        WebhookMutations,
        SshKeyMutations,
        PipelineMutations,
        RunnerMutations,
        EmailAddressMutations,
        FollowMutations,
        TeamMutations,
        SiteAdminMutations,
        ForkMutations,
        CommitMutations,
        RepositorySettingsMutations,
    ),
)


def classify(error: GraphQLError) -> None:
    """Give every error an ``extensions.code``; mask the unexpected ones."""
    original = error.original_error
    while isinstance(original, GraphQLError) and original.original_error is not None:
        original = original.original_error
    if isinstance(original, IngotError):
        extensions: dict[str, Any] = {"code": original.code}
        if original.field:
            extensions["field"] = original.field
        if hasattr(original, "retry_after"):
            extensions["retryAfter"] = original.retry_after
        error.extensions = extensions
        error.message = original.message
    elif isinstance(original, InvalidOperationTypeError):
        # Only a subscription's transport limits operation types this way (GET refuses
        # mutations before executing): queries and mutations are sent over HTTP.
        error.message = (
            f"A {original.operation_type.value} cannot run here: only subscriptions run "
            "over WebSocket; send queries and mutations with POST."
        )
        error.extensions = {"code": "BAD_USER_INPUT"}
    elif isinstance(original, ValidationError):
        # Tortoise refused a value for its column (input types and lookups check lengths
        # first, app/models/columns.py): still the caller's input, never a 500.
        log.warning("a value reached the ORM unchecked in %s: %s", error.path, original)
        error.message = "A value is too long or not storable."
        error.extensions = {"code": "BAD_USER_INPUT"}
    elif original is None or isinstance(original, GraphQLError):
        # Syntax, validation and variable-coercion errors: the caller's input.
        error.extensions = {"code": "BAD_USER_INPUT", **(error.extensions or {})}
    else:
        log.error("unexpected error in %s", error.path, exc_info=original)
        error.message = "Internal server error."
        error.extensions = {"code": "INTERNAL_SERVER_ERROR"}


class IngotSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            classify(error)


def _parser_cache() -> SchemaExtension:
    return ParserCache(maxsize=1024)


def _token_limit() -> SchemaExtension:
    return MaxTokensLimiter(max_token_count=10_000)


class _QueryLimits(SchemaExtension):
    """Adds the rule for the limits the request's context carries, and merges fields as
    GitHub's server does (``OverlappingFieldsOfDistinctObjects``)."""

    def on_operation(self) -> Iterator[None]:
        execution = self.execution_context
        limits = execution.context.limits
        execution.validation_rules = (
            *(
                OverlappingFieldsOfDistinctObjects
                if rule is OverlappingFieldsCanBeMergedRule
                else rule
                for rule in execution.validation_rules
            ),
            limits_rule(limits),
            StorableStrings,
        )
        yield


def _validation_cache() -> SchemaExtension:
    return ValidationCache(maxsize=1024)


# Factories, so each request gets its own extension objects; the caches behind
# ParserCache and ValidationCache are module-level and shared. The limits come
# before the validation cache so their rule is part of the cached validation.
_EXTENSIONS = [_parser_cache, _token_limit, _QueryLimits, _validation_cache]

schema = IngotSchema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    types=[
        User,
        Organization,
        Repository,
        Issue,
        IssueComment,
        Label,
        AccessToken,
        Push,
        BranchProtectionRule,
        Node,
        Commit,
        Tree,
        Blob,
        Tag,
        PullRequest,
        PullRequestComment,
        Milestone,
        Release,
        ReleaseAsset,
        Webhook,
        WebhookDelivery,
        Pipeline,
        Runner,
    ],
    extensions=_EXTENSIONS,
    execution_context_class=Executor,
    config=StrawberryConfig(scalar_map={HTML: HTML_SCALAR}),
)


async def execute(
    context: Context,
    query: str,
    variables: dict[str, Any] | None = None,
    operation_name: str | None = None,
    *,
    read_only: bool = False,
) -> ExecutionResult:
    """Run one operation from the wire (the GraphQL endpoint).

    ``read_only`` (GET requests) allows queries only: a mutation raises InvalidInput.
    An ``operation_name`` the document does not have is an error in the result.
    """
    refused = _refused_variables(variables)
    if refused is not None:
        return refused
    allowed = {OperationType.QUERY} if read_only else {OperationType.QUERY, OperationType.MUTATION}
    try:
        result = await schema.execute(
            query,
            variable_values=variables,
            context_value=context,
            operation_name=operation_name,
            allowed_operation_types=allowed,
        )
        # A mutation may have written webhook deliveries, committed by now: send them
        # promptly. The text test may wake the senders for nothing, which costs one read.
        if not read_only and "mutation" in query:
            context.runtime.webhooks.wake()
        return result
    except InvalidOperationTypeError:
        raise InvalidInput("Mutations must be sent with POST.") from None
    except CannotGetOperationTypeError:
        if operation_name:
            message = f"The document has no operation named '{operation_name}'."
        else:
            message = "The document has several operations: name one in 'operationName'."
        return _error_result(InvalidInput(message, field="operationName"))


async def subscribe(
    context: Context,
    query: str,
    variables: dict[str, Any] | None = None,
    operation_name: str | None = None,
) -> AsyncGenerator[ExecutionResult, None]:
    """Run one subscription from the wire (the WebSocket transport): its results, one per event.

    The same parser and validation caches, token limit and query limits as ``execute``;
    anything but a subscription is refused. A first result for which ``is_refusal`` is
    true means the operation never started (invalid, over a limit, NOT_FOUND).
    """
    refused = _refused_variables(variables)
    if refused is not None:
        return _once(PreExecutionError(data=None, errors=refused.errors))
    results = await schema.subscribe(
        query, variable_values=variables, context_value=context, operation_name=operation_name
    )
    return _refusing_syntax_errors(results)


async def _refusing_syntax_errors(
    results: AsyncGenerator[ExecutionResult, None],
) -> AsyncGenerator[ExecutionResult, None]:
    """``results``, with a document that does not parse refused like an invalid one
    (Strawberry's streaming path lets the parser's error escape)."""
    async with contextlib.aclosing(results):
        try:
            first = await anext(results)
        except StopAsyncIteration:
            return
        except GraphQLError as error:
            classify(error)
            yield PreExecutionError(data=None, errors=[error])
            return
        yield first
        async for result in results:
            yield result


async def _once(result: ExecutionResult) -> AsyncGenerator[ExecutionResult, None]:
    yield result


def is_refusal(result: ExecutionResult) -> bool:
    """Whether a subscription's result says it was refused before it started."""
    return isinstance(result, PreExecutionError)


def _error_result(error: IngotError) -> ExecutionResult:
    found = GraphQLError(error.message, original_error=error)
    classify(found)
    return ExecutionResult(data=None, errors=[found])


def _refused_variables(variables: dict[str, Any] | None) -> ExecutionResult | None:
    """An error result if a variable holds a string no column can store (NUL, lone surrogate)."""
    try:
        json_reader.check_strings(variables)
    except InvalidInput as exc:
        return _error_result(InvalidInput(exc.message.replace("the JSON", "'variables'")))
    return None


async def execute_checked(
    context: Context,
    document: DocumentNode,
    variables: dict[str, Any] | None = None,
    operation_name: str | None = None,
) -> ExecutionResult:
    """Run a document ``check_document`` accepted at start-up (the REST routes' operations).

    The document was parsed and validated once, limits included, so this goes
    straight to the executor that ``execute`` ends in: the same schema, resolvers,
    context and error classification, without the per-request parse, validation
    and extension hooks meant for documents that arrive over the wire. Variables
    (from paths, query strings and bodies) get the same string check as ``execute``'s.
    """
    refused = _refused_variables(variables)
    if refused is not None:
        return refused
    result = execute_graphql(
        core_schema(schema),
        document,
        context_value=context,
        variable_values=variables,
        operation_name=operation_name,
        executor_class=Executor,
        is_awaitable=is_awaitable,  # type: ignore[arg-type]
    )
    if is_awaitable(result):
        result = await result  # type: ignore[misc]
    errors = list(result.errors or [])  # type: ignore[union-attr]
    for error in errors:
        classify(error)
    if any(
        getattr(d, "operation", None) == OperationTypeNode.MUTATION for d in document.definitions
    ):
        # Webhook deliveries the mutation wrote are committed: wake this process's senders.
        context.runtime.webhooks.wake()
    return ExecutionResult(data=result.data, errors=errors or None)  # type: ignore[union-attr]


def global_id(type_name: str, database_id: int) -> str:
    """The Relay id of ``type_name`` row ``database_id`` (REST paths carry numeric ids)."""
    return encode_global_id(type_name, database_id)


def check_document(document: DocumentNode) -> list[str]:
    """Validation errors of a document against this schema (empty when it is valid).

    The default limits apply: this checks the documents Ingot ships (the REST
    routes' operations), which do not change with what a server allows clients.
    """
    rules = [*VALIDATION_RULES, limits_rule(DEFAULT_LIMITS)]
    return [error.message for error in validate(core_schema(schema), document, rules)]


def sdl() -> str:
    return schema.as_str() + "\n"


__all__ = [
    "MAX_OFFSET",
    "Context",
    "IngotError",
    "Limits",
    "build_context",
    "check_document",
    "execute",
    "execute_checked",
    "global_id",
    "is_database_id",
    "is_refusal",
    "schema",
    "sdl",
    "subscribe",
]

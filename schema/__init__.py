"""The GraphQL schema: the one model of the forge."""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext, ExecutionResult

from app.errors import IngotError
from schema.context import Context
from schema.limits import QueryLimits
from schema.mutations.account import AccountMutations
from schema.mutations.issue import IssueMutations
from schema.mutations.repository import RepositoryMutations
from schema.node import Node
from schema.queries import Query
from schema.types.account import AccessToken, Organization, User
from schema.types.issue import Issue, IssueComment, Label
from schema.types.repository import Repository

log = logging.getLogger("ingot.graphql")

Mutation = merge_types("Mutation", (AccountMutations, RepositoryMutations, IssueMutations))


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


def _limits() -> SchemaExtension:
    return AddValidationRules([QueryLimits])


def _validation_cache() -> SchemaExtension:
    return ValidationCache(maxsize=1024)


# Factories, so each request gets its own extension objects; the caches behind
# ParserCache and ValidationCache are module-level and shared. The limits come
# before the validation cache so their rule is part of the cached validation.
_EXTENSIONS = [_parser_cache, _token_limit, _limits, _validation_cache]

schema = IngotSchema(
    query=Query,
    mutation=Mutation,
    types=[User, Organization, Repository, Issue, IssueComment, Label, AccessToken, Node],
    extensions=_EXTENSIONS,
)


async def execute(
    context: Context,
    query: str,
    variables: dict[str, Any] | None = None,
    operation_name: str | None = None,
) -> ExecutionResult:
    """Run one operation in-process (the GraphQL endpoint and every REST route use this)."""
    return await schema.execute(
        query,
        variable_values=variables,
        context_value=context,
        operation_name=operation_name,
    )


def sdl() -> str:
    return schema.as_str() + "\n"


__all__ = ["Context", "execute", "schema", "sdl"]

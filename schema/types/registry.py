"""The GraphQL type of a model's rows, for the few fields that return a type from a module above.

The modules of ``schema.types`` import one another in one direction only: users and accounts
first, then the shared field resolvers, the aggregates (issues, pull requests, ...), and
repositories last (the ``acyclic_siblings`` contract in pyproject.toml keeps it so). Where two
types genuinely reference each other (a user's repositories and a repository's owner), the
lower module annotates its field with ``strawberry.lazy`` and builds the objects with
``type_for(Model).of``. The higher module registers its type when it is imported, which
resolving that lazy annotation (when the schema is built) guarantees before any query runs.
"""

from __future__ import annotations

from typing import Any

from tortoise.models import Model

_TYPES: dict[type[Model], Any] = {}


def register(model: type[Model], graphql_type: type) -> None:
    """Record ``graphql_type`` (which has a static ``of(row)``) as the type of ``model``'s rows."""
    _TYPES[model] = graphql_type


def type_for(model: type[Model]) -> Any:
    """The GraphQL type registered for ``model``'s rows; build objects with its ``of``."""
    return _TYPES[model]

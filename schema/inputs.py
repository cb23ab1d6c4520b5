"""Input types whose text fields are stored in ``CharField`` columns, checked against them.

``@bounded(Model, "field", other="column")`` is ``@strawberry.input`` plus a
check, as the input is built from a request, that each named text field (or
each string of a list) fits the model's column (``app/models/columns.py``): a
value too long for its column is BAD_USER_INPUT naming the GraphQL field,
before any resolver or the database sees it. Lookup keys (a login, a tag to
find) are not declared here: a key too long for its column matches nothing,
which the service answers NOT_FOUND.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLError, StringValueNode, ValidationRule
from strawberry.utils.str_converters import to_camel_case
from tortoise.models import Model

from app.json_reader import unstorable
from app.models import columns

T = TypeVar("T")


def bounded(model: type[Model], *same: str, **renamed: str) -> Callable[[type[T]], type[T]]:
    """``same`` input fields share their column's name; ``renamed`` maps field to column."""
    pairs = {**{name: name for name in same}, **renamed}
    for column in pairs.values():
        columns.max_length(model, column)  # a wrong column name fails at import

    def check(self: Any) -> None:
        for name, column in pairs.items():
            value = getattr(self, name)
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str):
                    columns.check(model, column, text, name=to_camel_case(name))

    def decorate(cls: type[T]) -> type[T]:
        # Set before the dataclass is made, so its __init__ calls it.
        cls.__post_init__ = check  # type: ignore[attr-defined]
        return strawberry.input(cls)

    return decorate


class StorableStrings(ValidationRule):
    """String literals in a document must be storable, like strings in its variables:
    no NUL (PostgreSQL refuses it in text). The lexer already refuses lone surrogates."""

    def enter_string_value(self, node: StringValueNode, *_args: Any) -> None:
        problem = unstorable(node.value)
        if problem:
            self.report_error(GraphQLError(f"A string in the document {problem}.", node))

"""How much text each column holds, read from the model: input is checked before the database.

Tortoise validates a ``CharField``'s length only when it builds a query, by
raising from deep inside the ORM, and the prepared lookups
(``app/models/prepared.py``) do not build one at all. Checking input against
``max_length`` here, with the length taken from the field itself, keeps one
source of truth: a longer value is the caller's mistake (``InvalidInput``
naming the input field) when it would be stored, and simply matches nothing
when it is a lookup key (``fits``).
"""

from __future__ import annotations

from tortoise.fields import CharField
from tortoise.models import Model

from app.errors import InvalidInput
from app.json_reader import unstorable


def max_length(model: type[Model], column: str) -> int:
    """The ``max_length`` of ``model``'s ``CharField`` ``column``."""
    field = model._meta.fields_map[column]
    if not isinstance(field, CharField):
        raise TypeError(f"{model.__name__}.{column} is not a CharField")
    return int(field.max_length)


def fits(model: type[Model], column: str, value: str) -> bool:
    """Whether ``value`` can be stored in (so can match a row of) ``column``."""
    return len(value) <= max_length(model, column) and unstorable(value) is None


def check(model: type[Model], column: str, value: str, *, name: str) -> None:
    """Raise InvalidInput naming the input field ``name`` unless ``value`` fits ``column``."""
    most = max_length(model, column)
    if len(value) > most:
        raise InvalidInput(f"'{name}' is longer than {most} characters.", field=name)
    problem = unstorable(value)
    if problem:
        raise InvalidInput(f"'{name}' {problem}.", field=name)

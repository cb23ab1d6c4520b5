"""What belongs to a dialect rather than to a route: envelope, errors, pagination, scopes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request

from rest_compat.errors import ApiError, not_found
from schema import is_database_id

DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class RestSettings:
    """What the composition root tells every dialect (kept on ``app.state.rest``)."""

    base_url: str
    max_body_bytes: int
    # The largest file a multipart upload may carry (INGOT_MAX_ASSET_BYTES).
    max_upload_bytes: int = 0


@dataclass(frozen=True)
class Page:
    """One page of a list route: the items, where it sits and how many there are in all."""

    items: list[Any]
    total: int
    number: int = 1
    size: int = DEFAULT_PER_PAGE
    # False when ``total`` is a lower bound (the schema's isTotalCountExact): no last page.
    exact: bool = True

    @property
    def last(self) -> int:
        return max(1, -(-self.total // self.size)) if self.size else 1


@dataclass(frozen=True)
class Unwrapped:
    """A route's body that the dialect's envelope leaves as it is (Isurus' pipeline
    routes document bare objects where its other routes wrap ``{"data"}``)."""

    body: Any


def rfc3339(value: str | None) -> str | None:
    """A GraphQL DateTime as RFC 3339 in UTC to the second: ``2006-01-02T15:04:05Z``."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _identity(body: Any) -> Any:
    return body


def _no_pagination(request: Request, body: Any, page: Page) -> tuple[Any, dict[str, str]]:
    return body, {}


def path_id(raw: str | int, what: str) -> int:
    """A number or id in a URL (``/issues/7``; an ``int`` when the route converts it): ASCII
    digits naming a row the database can hold; anything else (zero, negative, huge,
    Arabic-Indic digits) names nothing: 404."""
    raw = str(raw)
    if not is_database_id(raw):
        raise not_found(f"{what} not found.")
    return int(raw)


def _positive(query: Mapping[str, str], name: str, default: int, most: int) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    digits = raw.removeprefix("-")
    # int() would also take " 7", "+7", "1_0" and non-ASCII digits; a page number is plainer.
    if not (digits.isascii() and digits.isdigit()):
        raise ApiError(
            "BAD_USER_INPUT", f"'{name}' must be a number.", field=name, constraint="type"
        )
    value = int(raw) if len(digits) <= 18 else (most if raw == digits else -1)
    if value < 1:
        raise ApiError(
            "BAD_USER_INPUT", f"'{name}' must be at least 1.", field=name, constraint="min"
        )
    return min(value, most)


def page_numbers(query: Mapping[str, str], size_name: str = "limit") -> tuple[int, int]:
    """1-based ``page`` and the page size (capped), from the query string."""
    # Any page GraphQL's 32-bit Int can name; past a list's end the page is empty.
    page = _positive(query, "page", 1, 2**31 - 1)
    return page, _positive(query, size_name, DEFAULT_PER_PAGE, MAX_PER_PAGE)


@dataclass(frozen=True)
class Dialect:
    """A REST dialect.

    ``error`` turns an ``ApiError`` into (status, body); ``envelope`` wraps a
    successful body; ``paginate`` adds a list's place (Link header, a
    ``pagination`` object...) to the enveloped body; ``scopes`` names the
    dialect's scope vocabulary in ``app.auth.scopes.DIALECT_SCOPES``;
    ``page_size_param`` is the query parameter holding the page size;
    ``fields`` renames the schema's input fields an error names to the dialect's body
    names wherever one name holds for every route (a ``Spec``'s own ``fields`` win).
    """

    name: str
    error: Callable[[ApiError, Request], tuple[int, Any]]
    scopes: str
    envelope: Callable[[Any], Any] = _identity
    paginate: Callable[[Request, Any, Page], tuple[Any, dict[str, str]]] = _no_pagination
    page_size_param: str = "limit"
    headers: dict[str, str] = field(default_factory=dict)
    fields: Mapping[str, str] = field(default_factory=dict)

"""The Gogs dialect's conventions: bare JSON, ``{"message", "url"}`` errors, Link pagination."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from rest_compat.dialect import Dialect, Page
from rest_compat.errors import ApiError

# Gogs answers a validation failure with 422, a body it cannot read with 400.
_STATUS = {"BAD_USER_INPUT": 422, "MALFORMED_BODY": 400}


def error(err: ApiError, request: Request) -> tuple[int, Any]:
    body: dict[str, Any] = {"message": err.message, "url": str(request.url.path)}
    if err.field:
        body["field"] = err.field
    return _STATUS.get(err.code, err.status), body


def link_header(request: Request, body: Any, page: Page) -> tuple[Any, dict[str, str]]:
    """``Link`` with next/last/first/prev, GitHub style; past the last page the body is ``[]``.

    A count that is a lower bound gets no ``last`` and ``X-Total-Count-Estimate: true``.
    """
    links = []

    def url(number: int) -> str:
        return str(request.url.include_query_params(page=number, limit=page.size))

    if page.number < page.last:
        links.append(f'<{url(page.number + 1)}>; rel="next"')
        if page.exact:
            links.append(f'<{url(page.last)}>; rel="last"')
    if page.number > 1:
        links.append(f'<{url(1)}>; rel="first"')
        links.append(f'<{url(min(page.number - 1, page.last))}>; rel="prev"')
    headers = {"X-Total-Count": str(page.total)}
    if not page.exact:
        headers["X-Total-Count-Estimate"] = "true"
    if links:
        headers["Link"] = ", ".join(links)
    return body, headers


# The schema's input names to the body names of Gogs' routes (``login`` differs per route).
FIELDS = {
    "assigneeIds": "assignee",
    "milestoneId": "milestone",
    "labelIds": "labels",
    "websiteUrl": "website",
    "displayName": "full_name",
    "dueOn": "due_on",
    "visibility": "private",
}

GOGS = Dialect(name="gogs", error=error, scopes="gogs", paginate=link_header, fields=FIELDS)

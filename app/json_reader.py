"""The one reader of JSON from the wire: request bodies, GraphQL variables, multipart operations.

It refuses, as ``InvalidInput``, what ``json.loads`` alone would crash on or
pass on to places that cannot take it: nesting deeper than ``MAX_DEPTH``
(``json.loads`` recurses, and so does everything that walks its result),
numbers too long to convert, ``NaN``/``Infinity``, and strings (keys
included) holding a lone UTF-16 surrogate (not encodable as UTF-8) or a NUL
character (PostgreSQL refuses it in text).
"""

from __future__ import annotations

import json
import re
from typing import Any

from app.errors import InvalidInput

MAX_DEPTH = 64

# A JSON string, escapes included (the unrolled form: no backtracking per character).
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _refuse_constant(name: str) -> Any:
    raise InvalidInput(f"The JSON holds {name}, which is not a JSON number.")


def _check_depth(raw: bytes, limit: int) -> None:
    """Refuse nesting deeper than ``limit`` without parsing (hand-written: the stdlib
    parser recurses and has no depth option). Strings are blanked out first so their
    brackets do not count."""
    brackets = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    # Peel innermost pairs level by level at C speed; when ``limit`` rounds leave
    # something, or a round peels nothing, count exactly (stopping past the limit).
    rest = brackets
    for _ in range(limit):
        if not rest:
            return
        peeled = rest.replace(b"[]", b"").replace(b"{}", b"")
        if len(peeled) == len(rest):
            break
        rest = peeled
    depth = 0
    for byte in brackets:
        depth += 1 if byte in b"[{" else -1
        if depth > limit:
            raise InvalidInput(f"The JSON is nested deeper than {limit} levels.")


def unstorable(text: str) -> str | None:
    """What is wrong with a string no text column can hold, or None when it is fine."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "holds a NUL character"
    return "holds a lone UTF-16 surrogate"


def check_strings(value: Any) -> None:
    """InvalidInput if a string in ``value`` (keys included) is ``unstorable``.

    Walks dicts and lists with a stack instead of recursion; other values are skipped.
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            problem = unstorable(item)
            if problem:
                raise InvalidInput(f"A string in the JSON {problem}.")
        elif isinstance(item, dict):
            for key, inner in item.items():
                problem = unstorable(key)
                if problem:
                    raise InvalidInput(f"A key in the JSON {problem}.")
                stack.append(inner)
        elif isinstance(item, list):
            stack.extend(item)


def loads(raw: bytes | str, *, max_depth: int = MAX_DEPTH, what: str = "The request body") -> Any:
    """The value of the JSON document ``raw``; InvalidInput saying what is wrong with it.

    ``what`` names the document in messages ("The request body", "'variables'").
    """
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    try:
        _check_depth(data, max_depth)
    except InvalidInput as exc:
        raise InvalidInput(f"{what} is not accepted: {exc.message}") from None
    try:
        value = json.loads(data, parse_constant=_refuse_constant)
    except InvalidInput as exc:
        raise InvalidInput(f"{what} is not accepted: {exc.message}") from None
    except RecursionError:
        raise InvalidInput(f"{what} is nested too deeply.") from None
    except ValueError as exc:
        # JSONDecodeError, UnicodeDecodeError and int()'s digit limit are all ValueErrors.
        raise InvalidInput(f"{what} is not valid JSON: {exc}.") from None
    try:
        check_strings(value)
    except InvalidInput as exc:
        raise InvalidInput(f"{what} is not accepted: {exc.message}") from None
    return value

"""Opaque cursors of commit lists: a commit's oid, or where a history walk resumes."""

from __future__ import annotations

import base64
import binascii
import re

from app.errors import InvalidInput
from app.services import contents

_CURSOR = "commit:v1:"
_HISTORY_CURSOR = "history:v1:"
_OID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


def _unb64(cursor: str, prefix: str, field: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raw = ""
    if not raw.startswith(prefix):
        raise InvalidInput("That cursor is not valid.", field=field)
    return raw[len(prefix) :]


def encode_commit_cursor(oid: str) -> str:
    return _b64(f"{_CURSOR}{oid}")


def decode_commit_cursor(cursor: str, field: str = "after") -> str:
    oid = _unb64(cursor, _CURSOR, field)
    if not _OID.fullmatch(oid):
        raise InvalidInput("That cursor is not valid.", field=field)
    return oid


def encode_history_cursor(resume: contents.Resume) -> str:
    """``last:frontier,oids`` (``*`` for a frontier too wide to carry)."""
    frontier = "*" if resume.frontier is None else ",".join(resume.frontier)
    return _b64(f"{_HISTORY_CURSOR}{resume.last}:{frontier}")


def decode_history_cursor(cursor: str, field: str = "after") -> contents.Resume:
    last, _, rest = _unb64(cursor, _HISTORY_CURSOR, field).partition(":")
    frontier = None if rest == "*" else tuple(o for o in rest.split(",") if o)
    if (
        not _OID.fullmatch(last)
        or (frontier is not None and len(frontier) > contents.MAX_FRONTIER)
        or not all(_OID.fullmatch(o) for o in frontier or ())
    ):
        raise InvalidInput("That cursor is not valid.", field=field)
    return contents.Resume(last, frontier)

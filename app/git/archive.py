"""``git archive`` command lines for downloads of a commit's tree as zip or tar.gz.

Nothing the client typed reaches the command line: the commit is a full
object id checked here, the format comes from a fixed table, and the prefix
is built by ``prefix`` from names reduced to a safe alphabet, glued to its
option (``--prefix=...``) so it can never read as one.
"""

from __future__ import annotations

import re
from pathlib import Path

# URL suffix -> git archive --format; longest first so "x.tar.gz" is not read as ".gz".
FORMATS = {".tar.gz": "tar.gz", ".zip": "zip"}
MEDIA_TYPES = {"tar.gz": "application/gzip", "zip": "application/zip"}

_FULL_OID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_UNSAFE = re.compile(r"[^\w.-]+")


class InvalidArchive(ValueError):
    """A format or object id that must not reach ``git archive``."""


def split_name(archive: str) -> tuple[str, str] | None:
    """``feature/x.tar.gz`` -> (``feature/x``, ``tar.gz``); None for another suffix."""
    for suffix, fmt in FORMATS.items():
        if archive.endswith(suffix) and len(archive) > len(suffix):
            return archive[: -len(suffix)], fmt
    return None


def label(repo_name: str, ref: str) -> str:
    """``{repo}-{ref}`` with slashes and anything outside letters, digits, ``.-_`` as ``-``.

    Unicode letters stay (the download name carries them, RFC 5987-encoded).
    """
    cleaned = _UNSAFE.sub("-", f"{repo_name}-{ref}").strip("-.")
    return cleaned or "archive"


def command(repo_path: Path, oid: str, fmt: str, prefix: str) -> list[str]:
    """The argv writing the archive of commit ``oid`` to stdout."""
    if not _FULL_OID.fullmatch(oid):
        raise InvalidArchive(oid)
    if fmt not in MEDIA_TYPES:
        raise InvalidArchive(fmt)
    if _UNSAFE.search(prefix) or prefix.startswith(("-", ".")):
        raise InvalidArchive(prefix)
    return [
        "git",
        f"--git-dir={repo_path}",
        "archive",
        f"--format={fmt}",
        f"--prefix={prefix}/",
        "--end-of-options",
        oid,
    ]

"""Writing commits: the one way Ingot creates a commit object, and the text rules it keeps.

libgit2 writes whatever it is given: a newline in a name makes a commit that
``git fsck`` and every clone with ``transfer.fsckObjects`` refuse for good, a
NUL silently cuts a name short, and ``<`` or ``>`` fail deep inside with a
generic error. ``create_commit`` refuses all of these before anything is
written; services check the same rules where the text comes in (``person_problem``,
``message_problem``) so the user hears which field is wrong.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pygit2

# What git fsck refuses in an author or committer line (fsck_ident), and control characters.
_IDENT_FORBIDDEN = frozenset("<>")
# Direction overrides would make a name read differently in every log.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
MAX_IDENT = 255


@dataclass(frozen=True)
class Signature:
    name: str
    email: str


class BadObjectText(ValueError):
    """Text that cannot go into a git object as given; ``part`` is name, email or message."""

    def __init__(self, part: str, reason: str) -> None:
        super().__init__(f"the {part} {reason}")
        self.part = part
        self.reason = reason


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def ident_problem(value: str) -> str | None:
    """Why ``value`` may not be a name or email in an author/committer line, or None."""
    if not _encodes(value):
        return "is not valid Unicode text"
    if not value.strip():
        return "is empty"
    if len(value) > MAX_IDENT:
        return f"is longer than {MAX_IDENT} characters"
    for char in value:
        if char in _IDENT_FORBIDDEN:
            return f"contains '{char}'"
        if unicodedata.category(char) == "Cc":
            return f"contains a control character (U+{ord(char):04X}) such as a line break"
        if char in _BIDI_CONTROLS:
            return f"contains a text-direction control character (U+{ord(char):04X})"
    return None


def message_problem(message: str) -> str | None:
    """Why ``message`` may not be a commit or tag message (git fsck refuses a NUL), or None."""
    if not _encodes(message):
        return "is not valid Unicode text"
    if "\x00" in message:
        return "contains a NUL character"
    return None


def check(who: Signature) -> Signature:
    """``who``, if git accepts it in an author or committer line (BadObjectText otherwise)."""
    for part, value in (("name", who.name), ("email", who.email)):
        problem = ident_problem(value)
        if problem:
            raise BadObjectText(part, problem)
    return who


def create_commit(
    repo: pygit2.Repository,
    tree: pygit2.Oid,
    parents: list[pygit2.Oid],
    message: str,
    author: Signature,
    committer: Signature,
) -> pygit2.Oid:
    """Write a commit object (no ref moves) after checking every text in it."""
    problem = message_problem(message)
    if problem:
        raise BadObjectText("message", problem)
    made = [
        pygit2.Signature(check(who).name.strip(), who.email.strip()) for who in (author, committer)
    ]
    return repo.create_commit(None, made[0], made[1], message, tree, parents)

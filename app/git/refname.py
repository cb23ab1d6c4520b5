"""Which ref names may be created: one policy for pushes, releases, branches and pull requests.

A name must pass git's ``check-ref-format`` rules, and must not get in anyone's
way: no ``HEAD``-like names, no part starting with ``-`` (an option to some
tool), no invisible characters (bidi controls, zero-width and other format or
control characters), and no tag that shares its short name with a branch (or
the reverse), which makes ``git push origin main`` fail with "matches more than
one" for everybody.

Standard library only: the pre-receive hook runs this very file (copied next to
the hooks by ``app.git.hooks.install``) under ``python -S``, without
site-packages, so git's rules are written out here rather than taken from
pygit2. ``tests/fast/test_ref_policy.py`` checks them against ``git
check-ref-format``. Existing refs are never judged: only names about to be
created.
"""

from __future__ import annotations

import re
import unicodedata

BRANCHES = "refs/heads/"
TAGS = "refs/tags/"
ZERO_OIDS = frozenset({"0" * 40, "0" * 64})

# Names git gives meaning to at the top of a repository: HEAD (in any case, for clients on
# case-insensitive file systems) and its pseudorefs (FETCH_HEAD, ORIG_HEAD, MERGE_HEAD, ...).
_PSEUDOREF = re.compile(
    r"[A-Z_]+_HEAD|AUTO_MERGE|MERGE_AUTOSTASH|BISECT_[A-Z_]+|NOTES_MERGE_[A-Z_]+"
)
# A short name starting like a full one is ambiguous with the ref it spells out.
_QUALIFIED = ("refs/", "heads/", "tags/", "remotes/")
_GIT_FORBIDDEN = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]")
# Invisible or direction-changing characters (bidi controls are category Cf).
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp", "Zs"})
MAX_LENGTH = 255
# A loose ref is a file named after the last part, plus ".lock" while it is written.
MAX_PART_BYTES = 250


class BadRefName(ValueError):
    """The name may not be created; ``reason`` says why in words a user can act on."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name!r} {reason}")
        self.name = name
        self.reason = reason


def format_problem(full_name: str) -> str | None:
    """Why ``git check-ref-format <full_name>`` would refuse the name, or None."""
    if not full_name or full_name == "@":
        return "is not a ref name"
    if full_name.startswith("/") or full_name.endswith("/") or "//" in full_name:
        return "has an empty part (a leading, trailing or doubled '/')"
    if "/" not in full_name:
        return "has a single part"
    if full_name.endswith("."):
        return "ends with '.'"
    if ".." in full_name:
        return "contains '..'"
    if "@{" in full_name:
        return "contains '@{'"
    bad = _GIT_FORBIDDEN.search(full_name)
    if bad:
        return f"contains {_describe(bad.group())}, which git does not allow in ref names"
    for part in full_name.split("/"):
        if part.startswith("."):
            return "has a part starting with '.'"
        if part.endswith(".lock"):
            return "has a part ending with '.lock'"
    return None


def _describe(char: str) -> str:
    if char == " ":
        return "a space"
    if char.isprintable():
        return f"'{char}'"
    return f"the character U+{ord(char):04X}"


def shown(name: str) -> str:
    """``name`` with invisible and control characters spelled as escapes, safe to print."""
    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in _INVISIBLE and c != " " else c
        for c in name
    )


def _text_problem(name: str) -> str | None:
    for char in name:
        if unicodedata.category(char) in _INVISIBLE:
            if char == " ":
                return "contains a space"
            return f"contains an invisible or control character (U+{ord(char):04X})"
    return None


def short_name_problem(name: str, prefix: str) -> str | None:
    """Why a new ``<prefix><name>`` (``refs/heads/`` or ``refs/tags/``) is refused, or None."""
    if not isinstance(name, str) or not name:
        return "is empty"
    if len(name) > MAX_LENGTH:
        return f"is longer than {MAX_LENGTH} characters"
    problem = _text_problem(name)
    if problem:
        return problem
    if name.startswith(_QUALIFIED):
        return f"starts with '{name.split('/')[0]}/': give the short name, as in 'main'"
    if name == "@" or name.upper() == "HEAD" or _PSEUDOREF.fullmatch(name):
        return "is reserved by git"
    problem = format_problem(prefix + name)
    if problem:
        return problem
    for part in name.split("/"):
        if part.startswith("-"):
            return "has a part starting with '-'"
        if len(part.encode("utf-8")) > MAX_PART_BYTES:
            return f"has a part longer than {MAX_PART_BYTES} bytes"
    return None


def check_branch(name: str) -> str:
    """The name, if a new branch may be called that (BadRefName otherwise)."""
    problem = short_name_problem(name, BRANCHES)
    if problem:
        raise BadRefName(name, problem)
    return name


def check_tag(name: str) -> str:
    """The name, if a new tag may be called that (BadRefName otherwise)."""
    problem = short_name_problem(name, TAGS)
    if problem:
        raise BadRefName(name, problem)
    return name


def full_name_problem(full_name: str) -> str | None:
    """Why a pushed ref that does not exist yet may not be created, or None."""
    for prefix in (BRANCHES, TAGS):
        if full_name.startswith(prefix):
            return short_name_problem(full_name[len(prefix) :], prefix)
    if not full_name.startswith("refs/"):
        return "is outside refs/"
    if full_name.startswith("refs/pull/"):
        return "is kept by the forge for pull requests"
    if full_name.count("/") < 2 or full_name.startswith("refs/remotes/"):
        # git push resolves "main" through refs/main and refs/remotes/main too.
        return "would be ambiguous with branch and tag names"
    problem = _text_problem(full_name) or format_problem(full_name)
    if problem:
        return problem
    if any(part.startswith("-") for part in full_name.split("/")):
        return "has a part starting with '-'"
    return None


def counterpart(full_name: str) -> str | None:
    """The tag a branch would clash with, or the branch a tag would (None for other refs)."""
    if full_name.startswith(BRANCHES):
        return TAGS + full_name[len(BRANCHES) :]
    if full_name.startswith(TAGS):
        return BRANCHES + full_name[len(TAGS) :]
    return None


def shadow_problem(full_name: str) -> str:
    """The refusal for a name whose counterpart exists."""
    short = shown(full_name.split("/", 2)[2])
    taken, new = ("branch", "tag") if full_name.startswith(TAGS) else ("tag", "branch")
    return (
        f"is the name of a {taken}: a {new} '{short}' would make "
        f"'git push origin {short}' ambiguous"
    )


def refused_updates(updates: list[tuple[str, str, str]], existing: set[str]) -> list[str]:
    """Messages for the ``(old, new, ref)`` updates of one push that create a refused ref.

    ``existing`` holds the counterparts (see ``counterpart``) of the created refs
    that exist in the repository now. Updates and deletions of existing refs
    always pass; a counterpart deleted by the same push no longer counts, one
    created by it does (for the tag: the branch wins).
    """
    deleted = {ref for _, new, ref in updates if new in ZERO_OIDS}
    created = [ref for old, new, ref in updates if old in ZERO_OIDS and new not in ZERO_OIDS]
    taken = (existing - deleted) | {ref for ref in created if ref.startswith(BRANCHES)}
    messages = []
    for ref in created:
        problem = full_name_problem(ref)
        if problem is None and counterpart(ref) in taken:
            problem = shadow_problem(ref)
        if problem:
            messages.append(f"Ingot: ref name '{shown(ref)}' is not allowed. It {problem}.")
    return messages

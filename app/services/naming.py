"""What names git hosts accept: accounts, repositories, branches and tags, and the text
rules for what goes into a git object (people's names and emails, commit messages)."""

from __future__ import annotations

import re
import unicodedata

from app.errors import InvalidInput
from app.git import refname, signature

_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?")

# Path segments the URL layout claims for itself at /{owner}.
RESERVED_LOGINS = frozenset(
    {
        "api",
        "assets",
        "avatars",
        "css",
        "explore",
        "favicon.ico",
        "ghost",
        "git",
        "graphql",
        "graphiql",
        "health",
        "help",
        "img",
        "install",
        "isurus",
        "issues",
        "js",
        "kod",
        "login",
        "logout",
        "new",
        "notifications",
        "org",
        "organizations",
        "orgs",
        "pulls",
        "raw",
        "repo",
        "repos",
        "robots.txt",
        "search",
        "settings",
        "signin",
        "signout",
        "signup",
        "static",
        "user",
        "users",
        "viewer",
        "-",
        ".",
        "..",
    }
)
RESERVED_REPOSITORY_NAMES = frozenset({".", "..", "-", "_", "api", "graphql", "info", "raw"})


def validate_repository_name(name: object, field: str = "name") -> str:
    if not isinstance(name, str) or not name:
        raise InvalidInput("A repository name is required.", field=field)
    if len(name) > 100:
        raise InvalidInput("A repository name has at most 100 characters.", field=field)
    if not _NAME.fullmatch(name):
        raise InvalidInput(
            "A repository name may contain only ASCII letters, digits, '.', '_' and '-', "
            "and may not start with '.' or '-'.",
            field=field,
        )
    lowered = name.lower()
    if lowered.endswith(".git") or lowered.endswith(".wiki"):
        raise InvalidInput("A repository name may not end in '.git' or '.wiki'.", field=field)
    if lowered in RESERVED_REPOSITORY_NAMES:
        raise InvalidInput(f"'{name}' is a reserved name.", field=field)
    return name


def validate_login(login: object, field: str = "login") -> str:
    if not isinstance(login, str) or not login:
        raise InvalidInput("A login is required.", field=field)
    if len(login) > 39:
        raise InvalidInput("A login has at most 39 characters.", field=field)
    if not _LOGIN.fullmatch(login):
        raise InvalidInput(
            "A login may contain only ASCII letters, digits, '_' and '-', "
            "and must start and end with a letter or digit.",
            field=field,
        )
    if login.lower() in RESERVED_LOGINS:
        raise InvalidInput(f"'{login}' is a reserved name.", field=field)
    return login


_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")


def validate_email(email: object, field: str = "email") -> str:
    """An address that can also stand in a commit's author line (no '<', '>' or controls)."""
    if (
        not isinstance(email, str)
        or len(email) > 254
        or not _EMAIL.fullmatch(email)
        or any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in email)
    ):
        raise InvalidInput("A valid email address is required.", field=field)
    return email


def validate_person_name(name: str, field: str) -> str:
    """A display name, which becomes the author name of the commits Ingot writes for its
    owner: empty (the login stands in), or text git accepts in an author line."""
    validate_text(name, field=field, max_length=255)
    if name.strip():
        problem = signature.ident_problem(name)
        if problem:
            raise InvalidInput(f"A name {problem}.", field=field)
    return name


def validate_message(value: str, *, field: str, max_length: int, single_line: bool) -> str:
    """Text typed for a commit or tag message: what git accepts, without control characters
    (terminal escapes) other than tabs and line breaks; a headline is one non-empty line."""
    validate_text(value, field=field, max_length=max_length, required=single_line)
    _refuse_controls(value, field, "" if single_line else "\t\n\r")
    return value


def validate_line(value: str, *, field: str, max_length: int) -> str:
    """A one-line title (a release's name), possibly empty: no line breaks or controls."""
    validate_text(value, field=field, max_length=max_length)
    _refuse_controls(value, field, "")
    return value


def _refuse_controls(value: str, field: str, allowed: str) -> None:
    problem = signature.message_problem(value)
    if problem:
        raise InvalidInput(f"'{field}' {problem}.", field=field)
    for char in value:
        if unicodedata.category(char) == "Cc" and char not in allowed:
            if char in "\n\r":
                raise InvalidInput(f"'{field}' must be a single line.", field=field)
            raise InvalidInput(
                f"'{field}' contains a control character (U+{ord(char):04X}).", field=field
            )


def branch_name(name: str, field: str) -> str:
    """A name for a new branch (``app.git.refname``'s policy), or BAD_USER_INPUT on ``field``."""
    try:
        return refname.check_branch(name)
    except refname.BadRefName as exc:
        raise InvalidInput(
            f"'{refname.shown(name)}' is not allowed as a branch name: it {exc.reason}.",
            field=field,
        ) from None


def tag_name(name: str, field: str = "tagName") -> str:
    """A name for a new tag (``app.git.refname``'s policy), or BAD_USER_INPUT on ``field``."""
    try:
        return refname.check_tag(name)
    except refname.BadRefName as exc:
        raise InvalidInput(
            f"'{refname.shown(name)}' is not allowed as a tag name: it {exc.reason}.",
            field=field,
        ) from None


def validate_text(value: str, *, field: str, max_length: int, required: bool = False) -> str:
    if "\x00" in value:
        raise InvalidInput("Text may not contain NUL characters.", field=field)
    if required and not value.strip():
        raise InvalidInput(f"'{field}' may not be empty.", field=field)
    if len(value) > max_length:
        raise InvalidInput(f"'{field}' has at most {max_length} characters.", field=field)
    return value

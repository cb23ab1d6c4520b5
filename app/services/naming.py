"""What names git hosts accept for accounts and repositories."""

from __future__ import annotations

import re

from app.errors import InvalidInput

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


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def validate_email(email: object, field: str = "email") -> str:
    if not isinstance(email, str) or len(email) > 254 or not _EMAIL.fullmatch(email):
        raise InvalidInput("A valid email address is required.", field=field)
    return email


def validate_text(value: str, *, field: str, max_length: int, required: bool = False) -> str:
    if "\x00" in value:
        raise InvalidInput("Text may not contain NUL characters.", field=field)
    if required and not value.strip():
        raise InvalidInput(f"'{field}' may not be empty.", field=field)
    if len(value) > max_length:
        raise InvalidInput(f"'{field}' has at most {max_length} characters.", field=field)
    return value

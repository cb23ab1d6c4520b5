"""What an SSH client may run, parsed without a server (``server/ssh/command.py``)."""

from __future__ import annotations

import pytest

from server.ssh.command import GitCommand, KodCommand, Refused, RepositoryPath, parse


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (
            "git-upload-pack 'alice/hello.git'",
            GitCommand("git-upload-pack", RepositoryPath("alice", "hello")),
        ),
        (
            "git-upload-pack '/alice/hello.git'",
            GitCommand("git-upload-pack", RepositoryPath("alice", "hello")),
        ),
        (
            "git-receive-pack 'alice/hello'",
            GitCommand("git-receive-pack", RepositoryPath("alice", "hello")),
        ),
        (
            "git upload-pack 'alice/hello.git'",
            GitCommand("git-upload-pack", RepositoryPath("alice", "hello")),
        ),
        (
            "git-upload-archive 'alice/hello.git'",
            GitCommand("git-upload-archive", RepositoryPath("alice", "hello")),
        ),
        (
            "git-upload-pack 'hello.git'",
            GitCommand("git-upload-pack", RepositoryPath(None, "hello")),
        ),
        (
            "git-upload-pack '/hello.git'",
            GitCommand("git-upload-pack", RepositoryPath(None, "hello")),
        ),
        # git quotes a ' in a path as '\'' and a ! as '\!'.
        (
            "git-upload-pack 'a/it'\\''s'",
            GitCommand("git-upload-pack", RepositoryPath("a", "it's")),
        ),
        ("git-upload-pack 'a/b'\\!'c'", GitCommand("git-upload-pack", RepositoryPath("a", "b!c"))),
        ("repos", KodCommand("repos")),
        ("info hello", KodCommand("info", "hello")),
        ("info alice/hello.git", KodCommand("info", "alice/hello")),
    ],
)
def test_git_and_kod_commands_are_understood(command: str, expected: object) -> None:
    assert parse(command) == expected


@pytest.mark.parametrize(
    "command",
    [
        "",
        "ls",
        "sh -c id",
        "git-upload-pack",
        "git-upload-pack 'a/b.git' extra",
        "git-upload-pack 'a/b.git'; ls",
        "git-upload-pack 'a/b.git' && ls",
        "git-upload-pack 'a/b.git' | ls",
        "git-upload-pack '../x'",
        "git-upload-pack 'a/../b'",
        "git-upload-pack 'a/b/c.git'",
        "git-upload-pack '//a/b'",
        "git-upload-pack 'a//b'",
        "git-upload-pack --help",
        "git-upload-pack '-x'",
        "git-upload-pack '.hidden/x'",
        "git-upload-pack 'a/.git'",
        "git-upload-pack 'a\\b/c'",
        "git-upload-pack 'a/b\n'",
        "git-upload-pack 'unterminated",
        "git -c core.x=y upload-pack 'a/b'",
        "git-upload-pack 'a/" + "x" * 2000 + "'",
        "repos now",
        "info",
        "info a b",
        "git-shell -c 'git-upload-pack a/b'",
    ],
)
def test_anything_else_is_refused(command: str) -> None:
    with pytest.raises(Refused):
        parse(command)

"""The data dir, database, key files and repositories are the server user's alone.

Modes do not depend on the database backend (SQLite's files are what there is
to check): these run once.
"""

from __future__ import annotations

import stat
from pathlib import Path

from tests.conftest import start_server
from tests.git.gitcli import repo_path


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _private(data: Path) -> dict[str, int]:
    """Every path that must be private, with its mode, where group or others have any bit."""
    paths = [data, data / "repositories", data / "initial-admin-password"]
    paths += sorted(data.glob("ingot.db*")) + sorted(data.glob("*key*"))
    return {str(p): _mode(p) for p in paths if _mode(p) & 0o077}


def test_a_fresh_data_dir_and_what_the_server_writes_are_private(tmp_path: Path) -> None:
    forge = start_server(tmp_path, None)
    try:
        data = forge.data_dir
        assert (data / "ingot.db").is_file() and (data / "initial-admin-password").is_file()
        assert _mode(data) == 0o700
        assert _mode(data / "repositories") == 0o700
        assert _mode(data / "ingot.db") == 0o600
        assert _private(data) == {}
        repo = forge.new_repo(forge.new_user())
        path = repo_path(forge, repo["nameWithOwner"])
        assert _mode(path) == 0o700 and _mode(path / "config") == 0o600
        assert _mode(path.parent) == 0o700
    finally:
        forge.stop()


def test_an_existing_loose_install_is_tightened_at_start_up(tmp_path: Path) -> None:
    forge = start_server(tmp_path, None)
    forge.stop()
    data = forge.data_dir
    loose = [data, data / "repositories", data / "ingot.db", data / "initial-admin-password"]
    for path in loose:
        path.chmod(0o755 if path.is_dir() else 0o644)
    forge = start_server(tmp_path, None)
    try:
        assert _private(data) == {}
        assert _mode(data) == 0o700 and _mode(data / "ingot.db") == 0o600
        log = forge.log_path.read_text()
        for path in loose:
            assert f"Tightened the permissions of {path}" in log
        forge.new_user()  # and the server works on the tightened files
    finally:
        forge.stop()

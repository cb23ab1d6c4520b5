"""The synchronous smart-HTTP plumbing in app.git, without a server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.git import hooks, transport


def test_command_lines_take_only_known_services() -> None:
    path = Path("/srv/r.git")
    assert transport.command("git-upload-pack", path, advertise=True) == [
        "git",
        "upload-pack",
        "--stateless-rpc",
        "--advertise-refs",
        "--",
        "/srv/r.git",
    ]
    assert transport.command("git-receive-pack", path, advertise=False, hooks_dir=Path("/h")) == [
        "git",
        "-c",
        "core.hooksPath=/h",
        "-c",
        "receive.autogc=false",
        "-c",
        "receive.fsckObjects=true",
        "-c",
        "receive.fsck.zeroPaddedFilemode=ignore",
        "-c",
        "receive.fsck.badTimezone=ignore",
        "-c",
        "receive.fsck.missingSpaceBeforeDate=ignore",
        "receive-pack",
        "--stateless-rpc",
        "--",
        "/srv/r.git",
    ]
    for service in ("--upload-pack=touch x", "git-upload-archive", "upload-pack", ""):
        with pytest.raises(transport.UnknownService):
            transport.command(service, path, advertise=True)


def test_advertisement_header_is_a_pkt_line_and_skipped_for_v2_fetches() -> None:
    assert transport.advertisement_header("git-upload-pack", None) == (
        b"001e# service=git-upload-pack\n0000"
    )
    assert transport.advertisement_header("git-upload-pack", "version=2") == b""
    assert transport.advertisement_header("git-receive-pack", "version=2").startswith(b"001f#")
    assert transport.pkt_line(b"") == b"0004"
    assert transport.git_protocol("version=2") == "version=2"
    assert transport.git_protocol("version=2\nx") is None
    assert transport.git_protocol("a b") is None


def test_hooks_record_updates_and_refuse_protected_branches(tmp_path: Path) -> None:
    directory = hooks.install(tmp_path / "hooks", sys.executable)
    log = tmp_path / "push.log"
    line = f"{'0' * 40} {'a' * 40} refs/heads/main\n"
    env = {"PATH": os.defpath, hooks.PUSH_LOG_ENV: str(log)}
    subprocess.run([directory / "post-receive"], input=line, text=True, env=env, check=True)
    assert hooks.parse_updates(log.read_bytes()) == [("refs/heads/main", "0" * 40, "a" * 40)]
    env[hooks.PROTECTED_ENV] = '["release/*"]'
    ok = subprocess.run(
        [directory / "pre-receive"], input=line, text=True, env=env, capture_output=True
    )
    assert ok.returncode == 0
    release = line.replace("main", "release/1")
    refused = subprocess.run(
        [directory / "pre-receive"], input=release, text=True, env=env, capture_output=True
    )
    assert refused.returncode == 1 and "branch 'release/1' is protected" in refused.stderr

"""The real OpenSSH client and git over SSH against a live Ingot."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.forge import Forge
from tests.git.gitcli import Git
from tests.ssh.keys import KeyPair

ADD_KEY = """mutation($i: AddPublicKeyInput!) { addPublicKey(input: $i) { publicKey { id } } }"""
ADD_DEPLOY = """mutation($i: AddDeployKeyInput!) { addDeployKey(input: $i) {
  deployKey { id } } }"""


def ssh_options(forge: Forge, key: KeyPair | None) -> list[str]:
    identity = (
        ["-i", str(key.private), "-o", "IdentitiesOnly=yes"]
        if key
        else ["-o", "PubkeyAuthentication=no"]
    )
    return [
        *identity,
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "BatchMode=yes",
        "-o",
        "LogLevel=ERROR",
        "-p",
        str(forge.ssh_port),  # type: ignore[attr-defined]
    ]


def ssh(
    forge: Forge, key: KeyPair | None, *args: str, user: str = "git", timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``ssh USER@127.0.0.1 ARGS...`` with only ``key`` (or no key at all)."""
    return subprocess.run(
        ["ssh", *ssh_options(forge, key), f"{user}@127.0.0.1", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def ssh_url(forge: Forge, path: str, user: str = "git") -> str:
    return f"ssh://{user}@127.0.0.1:{forge.ssh_port}/{path}"  # type: ignore[attr-defined]


def git_env(forge: Forge, key: KeyPair | None) -> dict[str, str]:
    command = " ".join(["ssh", *ssh_options(forge, key)])
    return {"GIT_SSH_COMMAND": command}


def git_ssh(
    git: Git,
    forge: Forge,
    key: KeyPair | None,
    *args: str,
    cwd: Path | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    return git.run(*args, cwd=cwd, check=check, env=git_env(forge, key))


def add_key(forge: Forge, token: str, key: KeyPair) -> str:
    data = forge.gql(ADD_KEY, {"i": {"title": "k", "key": key.public_text}}, token=token)
    key_id: str = data["addPublicKey"]["publicKey"]["id"]
    return key_id


def add_deploy_key(
    forge: Forge, token: str, repository_id: str, key: KeyPair, *, read_only: bool
) -> str:
    data = forge.gql(
        ADD_DEPLOY,
        {
            "i": {
                "repositoryId": repository_id,
                "title": "d",
                "key": key.public_text,
                "readOnly": read_only,
            }
        },
        token=token,
    )
    key_id: str = data["addDeployKey"]["deployKey"]["id"]
    return key_id

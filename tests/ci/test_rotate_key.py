"""``ingot admin rotate-secret-key``: every secret re-encrypted; the old key no longer starts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.auth.secret_box import SecretBox
from tests.backends import database, sql
from tests.conftest import start_server
from tests.forge import ROOT, Forge

SET = """mutation($i: SetRepositorySecretInput!) { setRepositorySecret(input: $i) { name } }"""
HOOK = """mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }"""
LIST = (
    """query($o: String!, $n: String!) { repository(owner: $o, name: $n) { secrets { name } } }"""
)


def _rotate(forge: Forge, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", "admin", "rotate-secret-key"],
        cwd=ROOT,
        env={**forge.env, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _seed(forge: Forge) -> tuple[str, str, str]:
    user = forge.new_user("rot")
    repo = forge.new_repo(user, private=True)
    for name in ("ONE", "TWO"):
        forge.gql(
            SET, {"i": {"repositoryId": repo["id"], "name": name, "value": f"v-{name}"}}, user.token
        )
    forge.gql(
        HOOK,
        {"i": {"repositoryId": repo["id"], "url": "https://example.com/h", "secret": "hook-s"}},
        user.token,
    )
    owner, name = repo["nameWithOwner"].split("/")
    return user.token, owner, name


def _prefixes(forge: Forge) -> set[str]:
    rows = (
        sql(forge, "SELECT value FROM ci_secret")
        + sql(forge, "SELECT secret FROM webhook WHERE secret <> ''")
        + sql(forge, "SELECT credentials FROM repository_mirror WHERE credentials <> ''")
    )
    return {str(row[0]).split(".")[1] for row in rows}


def _seed_mirror(forge: Forge, secret: str) -> int:
    """A mirror source's credentials, sealed as app/services/mirror.py seals them."""
    repository_id = int(sql(forge, "SELECT MAX(id) FROM repository")[0][0])
    sealed = SecretBox.from_secret(secret).encrypt("Basic c2VjcmV0", f"mirror:{repository_id}")
    # Both values are the test's own (a number and base64url text): no quoting needed.
    columns = "repository_id, url, credentials, last_error, created_at"
    values = f"{repository_id}, 'https://example.com/x.git', '{sealed}', '', CURRENT_TIMESTAMP"
    insert = f"INSERT INTO repository_mirror ({columns}) VALUES ({values})"  # noqa: S608
    sql(forge, insert)
    return repository_id


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_admin_can_rotate_the_key_given_in_the_environment(backend: str, tmp_path: Path) -> None:
    with database(backend) as url:
        env = {"INGOT_SECRET_KEY": "old-key-" + "x" * 32}
        forge = start_server(tmp_path, url, env)
        try:
            token, owner, name = _seed(forge)
            mirrored = _seed_mirror(forge, env["INGOT_SECRET_KEY"])
            before = _prefixes(forge)
        finally:
            forge.stop()
        assert len(before) == 1
        refused = _rotate(forge)
        assert refused.returncode == 1 and "INGOT_NEW_SECRET_KEY" in refused.stderr
        same = _rotate(forge, INGOT_NEW_SECRET_KEY=env["INGOT_SECRET_KEY"])
        assert same.returncode == 1 and "nothing to rotate" in same.stderr
        new_key = "new-key-" + "y" * 32
        done = _rotate(forge, INGOT_NEW_SECRET_KEY=new_key)
        assert done.returncode == 0, done.stderr
        assert "Re-encrypted 1 webhook secret(s) and 2 CI secret(s)" in done.stdout
        after = _prefixes(forge)
        assert len(after) == 1 and after != before
        sealed = sql(forge, "SELECT credentials FROM repository_mirror")[0][0]
        opened = SecretBox.from_secret(new_key).decrypt(str(sealed), f"mirror:{mirrored}")
        assert opened == "Basic c2VjcmV0"
        with pytest.raises(RuntimeError, match="Refusing to start"):
            _restart(tmp_path, forge, env)
        restarted = _restart(tmp_path, forge, {"INGOT_SECRET_KEY": new_key})
        try:
            listed = restarted.gql(LIST, {"o": owner, "n": name}, token)
            assert [s["name"] for s in listed["repository"]["secrets"]] == ["ONE", "TWO"]
        finally:
            restarted.stop()


def _restart(tmp_path: Path, forge: Forge, env: dict[str, str], url: str | None = None) -> Forge:
    """The same data dir and database, started again with ``env``."""
    return start_server(tmp_path, forge.env.get("INGOT_DATABASE_URL"), env)


def test_admin_can_rotate_the_generated_key_file(tmp_path: Path) -> None:
    forge = start_server(tmp_path, None)
    try:
        _seed(forge)
    finally:
        forge.stop()
    key_file = forge.data_dir / "secret.key"
    old = key_file.read_text()
    done = _rotate(forge)
    assert done.returncode == 0, done.stderr
    assert key_file.read_text() != old
    assert not (forge.data_dir / "secret.key.new").exists()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    restarted = start_server(tmp_path, None)
    restarted.stop()
    key_file.write_text(old)
    with pytest.raises(RuntimeError, match="Refusing to start"):
        start_server(tmp_path, None)

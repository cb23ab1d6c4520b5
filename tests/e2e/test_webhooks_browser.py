"""Repository settings → Webhooks in a real browser, delivering to a receiver this test runs.

The server may deliver to loopback (``INGOT_ALLOW_PRIVATE_WEBHOOKS``); the
script (``webhooks.browser.mjs``) adds the webhook in the SPA, an issue is
opened, the delivery shows with its request and response, and Redeliver
sends the same body again, which the receiver here checks.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import start_server
from tests.e2e.test_browser import ARTIFACTS, CHROMIUM, HERE, _missing
from tests.forge import Forge
from tests.webhooks.conftest import HOOK_ENV
from tests.webhooks.dialect_receiver import Receiver, hex_hmac


@pytest.fixture(scope="module")
def hook_forge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Forge]:
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    forge = start_server(tmp_path_factory.mktemp("e2e-hooks"), None, HOOK_ENV)
    try:
        yield forge
    finally:
        forge.stop()


def test_admin_can_manage_webhooks_and_redeliver_in_the_browser(hook_forge: Forge) -> None:
    repo = hook_forge.new_repo(hook_forge.admin, name="hooks-e2e")
    with Receiver() as receiver:
        env = {
            **os.environ,
            "INGOT_URL": hook_forge.url,
            "INGOT_LOGIN": "admin",
            "INGOT_PASSWORD": hook_forge.admin_password(),
            "INGOT_E2E_ARTIFACTS": str(ARTIFACTS),
            "CHROMIUM": CHROMIUM,
            "INGOT_HOOK_REPO": repo["nameWithOwner"],
            "INGOT_HOOK_RECEIVER": receiver.url,
        }
        done = subprocess.run(
            ["node", str(Path(HERE) / "webhooks.browser.mjs")],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, f"webhooks.browser.mjs failed:\n{done.stdout}\n{done.stderr}"
        first, again, test = receiver.wait(3)
        assert first.header("X-Gogs-Event") == again.header("X-Gogs-Event") == "issues"
        assert again.body == first.body
        assert again.header("X-Gogs-Delivery") != first.header("X-Gogs-Delivery")
        signature = hex_hmac("e2e-webhook-secret", first.body)
        assert first.header("X-Gogs-Signature") == signature
        assert test.header("X-Gogs-Event") == "push"

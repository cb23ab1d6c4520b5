"""The SPA and GraphiQL in a real browser (Debian's chromium via playwright-core).

Each ``*.e2e.mjs`` script drives one live Ingot (SQLite: what a browser sees
does not depend on the backend) and exits non-zero on the first failed step,
keeping a screenshot under ``test-artifacts/e2e/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import start_server
from tests.forge import Forge

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BUILT = (ROOT / "frontend" / "dist" / "spa" / "index.html").is_file()
PLAYWRIGHT = (ROOT / "frontend" / "node_modules" / "playwright-core").is_dir()


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return "chromium is not installed (apt-get install chromium)"
    if shutil.which("node") is None:
        return "node is not installed"
    if not (BUILT and PLAYWRIGHT):
        return "the frontend is not built (make frontend)"
    return None


@pytest.fixture(scope="module")
def browser_forge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Forge]:
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    forge = start_server(tmp_path_factory.mktemp("e2e"), None)
    try:
        yield forge
    finally:
        forge.stop()


def _run(script: str, forge: Forge) -> None:
    password = (forge.data_dir / "initial-admin-password").read_text().strip()
    env = {
        **os.environ,
        "INGOT_URL": forge.url,
        "INGOT_LOGIN": "admin",
        "INGOT_PASSWORD": password,
        "INGOT_E2E_ARTIFACTS": str(ARTIFACTS),
        "CHROMIUM": CHROMIUM,
    }
    done = subprocess.run(
        ["node", str(HERE / script)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"{script} failed:\n{done.stdout}\n{done.stderr}"


@pytest.mark.parametrize("script", ["spa.e2e.mjs", "graphiql.e2e.mjs"])
def test_user_can_work_in_the_browser(browser_forge: Forge, script: str) -> None:
    _run(script, browser_forge)

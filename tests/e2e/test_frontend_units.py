"""The frontend's own unit tests (Vitest), run as part of the one test command."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"


def test_frontend_unit_tests_pass() -> None:
    if shutil.which("npm") is None or not (FRONTEND / "node_modules").is_dir():
        message = "the frontend's dependencies are not installed (make frontend)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(
        ["npm", "--prefix", str(FRONTEND), "--loglevel=error", "test", "--silent"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "CI": "true", "NO_COLOR": "1"},
    )
    assert done.returncode == 0, f"vitest failed:\n{done.stdout}\n{done.stderr}"

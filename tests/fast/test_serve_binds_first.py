"""``ingot serve`` binds its port before it writes anything."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_port_clash_fails_before_the_data_dir_is_created(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        data_dir = tmp_path / "data"
        done = subprocess.run(
            [sys.executable, "-m", "server.cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, "INGOT_DATA_DIR": str(data_dir), "INGOT_SSH_PORT": "off"},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"Cannot listen on 127.0.0.1:{port}" in done.stderr
    assert not data_dir.exists()

"""SSH key pairs made by the real ``ssh-keygen``, and what it says about them."""

from __future__ import annotations

import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class KeyPair:
    private: Path
    public_text: str

    @property
    def fingerprint(self) -> str:
        """``SHA256:...`` as ``ssh-keygen -lf`` prints it."""
        out = subprocess.run(
            ["ssh-keygen", "-l", "-E", "sha256", "-f", f"{self.private}.pub"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return out.split()[1]

    @property
    def type_and_base64(self) -> str:
        return " ".join(self.public_text.split()[:2])


def make_key(directory: Path, kind: str = "ed25519", bits: int | None = None) -> KeyPair:
    """A new key pair without a passphrase, of ``kind`` (ed25519, ecdsa, rsa, dsa)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{kind}-{uuid.uuid4().hex[:8]}"
    args = ["ssh-keygen", "-q", "-t", kind, "-N", "", "-C", f"tester@{kind}", "-f", str(path)]
    if bits is not None:
        args += ["-b", str(bits)]
    subprocess.run(args, check=True, capture_output=True)
    path.chmod(0o600)
    return KeyPair(path, Path(f"{path}.pub").read_text().strip())

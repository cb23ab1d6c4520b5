"""argon2id password hashing. Clear passwords are never stored or logged.

The cost parameters are settings (``INGOT_ARGON2_*``); a stored hash carries
the parameters it was made with, so changing them never locks anyone out, and
a successful sign-in re-hashes the password with the current ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


@dataclass(frozen=True)
class Passwords:
    """argon2id with one set of cost parameters (argon2-cffi's defaults unless told)."""

    time_cost: int = 3
    memory_kib: int = 65536
    parallelism: int = 4
    _hasher: PasswordHasher = field(init=False, repr=False, compare=False)
    # Verifying against this keeps the time of "no such user" close to "wrong password".
    _dummy: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.time_cost < 1 or self.parallelism < 1 or self.memory_kib < 8 * self.parallelism:
            raise ValueError(
                "argon2 needs a time cost and parallelism of at least 1 and at least "
                "8 KiB of memory per lane"
            )
        hasher = PasswordHasher(
            time_cost=self.time_cost, memory_cost=self.memory_kib, parallelism=self.parallelism
        )
        object.__setattr__(self, "_hasher", hasher)
        object.__setattr__(self, "_dummy", hasher.hash("ingot-timing-equaliser"))

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash or self._dummy, password) and bool(
                password_hash
            )
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether ``password_hash`` was made with other parameters than these."""
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except (InvalidHashError, ValueError):
            return True

"""The first administrator's password file, and whether it still holds the password.

``ingot serve`` creates ``admin`` on a fresh install and writes its password to
``initial-admin-password`` in the data dir (``INGOT_DATA_DIR``). The sign-in page
points to the file only while the account's password is still that one: once it
is changed (or the file is deleted) the hint goes away.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import anyio

from app.auth.password import Passwords
from app.models import Account, AccountKind

INITIAL_ADMIN_FILE = "initial-admin-password"
LOGIN = "admin"


def password_file(data_dir: Path) -> Path:
    return data_dir / INITIAL_ADMIN_FILE


# argon2 costs tens of milliseconds: one check per (hash, file content) per process,
# so showing the sign-in page does not run it again and again.
@lru_cache(maxsize=8)
def _still_valid(passwords: Passwords, password_hash: str, password: str) -> bool:
    return passwords.verify(password_hash, password)


async def unchanged_password_file(passwords: Passwords, data_dir: Path) -> Path | None:
    """The password file while ``admin``'s password is still the one in it; else None."""
    path = password_file(data_dir)
    try:
        password = (await anyio.Path(path).read_text()).strip()
    except (OSError, UnicodeDecodeError):
        return None
    account = await Account.get_or_none(login_lower=LOGIN, kind=AccountKind.USER).only(
        "id", "password_hash"
    )
    if account is None or not account.password_hash or not password:
        return None
    valid = await anyio.to_thread.run_sync(_still_valid, passwords, account.password_hash, password)
    return path if valid else None

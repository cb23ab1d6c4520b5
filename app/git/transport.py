"""Smart HTTP plumbing: the git command lines and the advertisement header.

Everything here is synchronous and pure; the web layer streams bytes between
HTTP and the git processes these functions describe (``app.git.locks`` clears
what killed ones leave behind).
"""

from __future__ import annotations

import re
from pathlib import Path

UPLOAD_PACK = "git-upload-pack"
RECEIVE_PACK = "git-receive-pack"
UPLOAD_ARCHIVE = "git-upload-archive"
SERVICES = frozenset({UPLOAD_PACK, RECEIVE_PACK})
# Over SSH, which is not stateless, ``git archive --remote`` works too.
SSH_SERVICES = frozenset({UPLOAD_PACK, RECEIVE_PACK, UPLOAD_ARCHIVE})

# What a Git-Protocol header may contain: "version=2", "key=value:key2", nothing else.
_GIT_PROTOCOL = re.compile(r"[A-Za-z0-9=:._-]{0,256}")


class UnknownService(ValueError):
    """A service other than git-upload-pack or git-receive-pack was asked for."""


def check_service(service: str) -> str:
    if service not in SERVICES:
        raise UnknownService(service)
    return service


# Every pushed or imported object is checked (malformed objects, ``..`` or ``.git`` tree
# entries, hostile .gitmodules are refused), except for these harmless slips that tools
# long gone wrote into real histories: such a history is accepted, as GitLab does.
LEGACY_FORMATS = ("zeroPaddedFilemode", "badTimezone", "missingSpaceBeforeDate")


def object_checks(side: str) -> list[tuple[str, str]]:
    """git config checking every object that arrives (``side``: receive or fetch)."""
    return [(f"{side}.fsckObjects", "true")] + [
        (f"{side}.fsck.{message}", "ignore") for message in LEGACY_FORMATS
    ]


def command(
    service: str,
    repo_path: Path,
    *,
    advertise: bool,
    hooks_dir: Path | None = None,
    max_input_bytes: int = 0,
    stateless: bool = True,
) -> list[str]:
    """The argv that serves ``service`` for ``repo_path`` over stateless RPC (smart HTTP),
    or (``stateless`` False) over one bidirectional stream (SSH; ``SSH_SERVICES``).

    ``service`` must be one of ``SERVICES``: nothing the client sent reaches the
    command line except through that check. ``max_input_bytes`` (receive-pack;
    0 for none) is the largest pack a push may send: past it index-pack stops
    reading and the pusher sees "pack exceeds maximum allowed size".
    """
    if stateless:
        check_service(service)
    elif service not in SSH_SERVICES:
        raise UnknownService(service)
    argv = ["git"]
    if hooks_dir is not None:
        # Ingot keeps repositories packed itself (the maintain job after pushes), so
        # receive-pack does not start "git gc --auto" of its own after every push.
        argv += ["-c", f"core.hooksPath={hooks_dir}", "-c", "receive.autogc=false"]
        if max_input_bytes > 0:
            argv += ["-c", f"receive.maxInputSize={max_input_bytes}"]
        for key, value in object_checks("receive"):
            argv += ["-c", f"{key}={value}"]
    argv.append(service.removeprefix("git-"))
    if stateless:
        argv.append("--stateless-rpc")
    if advertise:
        argv.append("--advertise-refs")
    argv += ["--", str(repo_path)]
    return argv


def pkt_line(data: bytes) -> bytes:
    """One pkt-line: four hex digits of length (including themselves), then the data."""
    if len(data) > 65516:
        raise ValueError("pkt-line payload too long")
    return f"{len(data) + 4:04x}".encode() + data


FLUSH = b"0000"


def git_protocol(header: str | None) -> str | None:
    """The ``Git-Protocol`` header if it is well-formed, for the ``GIT_PROTOCOL`` variable."""
    if header and _GIT_PROTOCOL.fullmatch(header):
        return header
    return None


def advertisement_header(service: str, protocol: str | None) -> bytes:
    """What precedes ``--advertise-refs`` output on ``info/refs``.

    Protocol v0/v1 clients expect ``# service=...`` and a flush; a v2
    upload-pack starts straight with its capability advertisement.
    """
    check_service(service)
    if service == UPLOAD_PACK and protocol and "version=2" in protocol.split(":"):
        return b""
    return pkt_line(f"# service={service}\n".encode()) + FLUSH


def content_type(service: str, *, advertise: bool) -> str:
    kind = "advertisement" if advertise else "result"
    return f"application/x-{check_service(service)}-{kind}"

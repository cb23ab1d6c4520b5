"""The server-side hooks receive-pack runs, installed once into a directory of our own.

receive-pack is started with ``-c core.hooksPath=<dir>``, so repositories on
disk carry no hooks of their own. The hooks never touch the database: they
read what the server put in their environment and write only to the file it
names, which the server reads once receive-pack has exited.

Both hooks are POSIX shell, so a push pays no interpreter start-up: the
shell refuses hostile ref names and post-receive is ``cat``. Only when the
pusher may not move some branches does pre-receive hand over to
``pre-receive-protected`` (Python, so the patterns match with ``fnmatch``
exactly as everywhere else).
"""

from __future__ import annotations

import os
from pathlib import Path

# The file post-receive appends its "<old> <new> <ref>" lines to.
PUSH_LOG_ENV = "INGOT_PUSH_LOG"
# JSON list of branch patterns the pusher may not update; absent when it may bypass.
PROTECTED_ENV = "INGOT_PROTECTED_BRANCHES"
# The largest object a push may bring, in bytes; absent for no limit.
MAX_OBJECT_ENV = "INGOT_MAX_OBJECT_BYTES"

_PRE_RECEIVE = """#!/bin/sh
if [ -n "$%(max_object)s" ]; then
    "${0%%/*}/pre-receive-objects" || exit 1
fi
if [ -n "$%(protected)s" ]; then
    exec "${0%%/*}/pre-receive-protected"
fi
refused=0
while read -r old new ref; do
    case "$ref" in
    refs/*)
        case "/$ref" in
        */-*)
            printf "Ingot: ref name '%%s' is not allowed.\\n" "$ref" >&2
            refused=1
            ;;
        esac
        ;;
    esac
done
exit $refused
"""

_PRE_RECEIVE_PROTECTED = """#!%(python)s -S
import fnmatch
import json
import os
import sys

ZERO = {"0" * 40, "0" * 64}


def main():
    patterns = json.loads(os.environ.get("%(protected)s") or "[]")
    refused = False
    for line in sys.stdin:
        parts = line.split()
        if len(parts) != 3:
            continue
        old, new, ref = parts
        if ref.startswith("refs/") and any(c.startswith("-") for c in ref.split("/")):
            sys.stderr.write("Ingot: ref name '%%s' is not allowed.\\n" %% ref)
            refused = True
            continue
        if not ref.startswith("refs/heads/"):
            continue
        branch = ref[len("refs/heads/"):]
        if any(fnmatch.fnmatchcase(branch, p) for p in patterns):
            sys.stderr.write(
                "Ingot: branch '%%s' is protected; only the repository owner "
                "or an admin can push to it.\\n" %% branch
            )
            refused = True
    return 1 if refused else 0


sys.exit(main())
"""

# The push's objects wait in the quarantine directory receive-pack names in the
# environment; without the alternates, cat-file lists those alone (a thin pack
# was completed by index-pack, so they read on their own).
_PRE_RECEIVE_OBJECTS = """#!/bin/sh
GIT_ALTERNATE_OBJECT_DIRECTORIES= git cat-file --batch-all-objects \\
    --batch-check='%%(objectsize) %%(objecttype) %%(objectname)' |
awk -v max="$%(max_object)s" '$1 > max {
    printf "Ingot: %%s %%s is %%.0f bytes; objects may be at most %%.0f bytes.\\n", $2, $3, $1, max
    refused = 1
} END { exit refused }' >&2
"""

_POST_RECEIVE = """#!/bin/sh
if [ -n "$%(log)s" ]; then
    exec cat >> "$%(log)s"
fi
exec cat > /dev/null
"""


def scripts(python: str) -> dict[str, str]:
    """The hook files by name; ``python`` runs the one written in Python."""
    names = {
        "protected": PROTECTED_ENV,
        "log": PUSH_LOG_ENV,
        "python": python,
        "max_object": MAX_OBJECT_ENV,
    }
    return {
        "pre-receive": _PRE_RECEIVE % names,
        "pre-receive-objects": _PRE_RECEIVE_OBJECTS % names,
        "pre-receive-protected": _PRE_RECEIVE_PROTECTED % names,
        "post-receive": _POST_RECEIVE % names,
    }


def install(hooks_dir: Path, python: str) -> Path:
    """Write the hook scripts into ``hooks_dir``, replacing older ones."""
    hooks_dir.mkdir(parents=True, exist_ok=True)
    for name, body in scripts(python).items():
        target = hooks_dir / name
        temporary = hooks_dir / f".{name}.tmp"
        temporary.write_text(body)
        os.chmod(temporary, 0o755)  # noqa: S103 (git must execute them; no secrets inside)
        temporary.replace(target)
    return hooks_dir


def parse_updates(log: bytes) -> list[tuple[str, str, str]]:
    """``(ref, old, new)`` for each ``old new ref`` line post-receive recorded."""
    updates = []
    for line in log.decode("utf-8", "replace").splitlines():
        parts = line.split()
        if len(parts) == 3:
            old, new, ref = parts
            updates.append((ref, old, new))
    return updates

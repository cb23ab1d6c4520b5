"""The server-side hooks receive-pack runs, installed once into a directory of our own.

receive-pack is started with ``-c core.hooksPath=<dir>``, so repositories on
disk carry no hooks of their own. The hooks never touch the database: they
read what the server put in their environment and write only to the file it
names, which the server reads once receive-pack has exited.

Both hooks are POSIX shell, so a push that only moves existing refs pays no
interpreter start-up: post-receive is ``cat``. When the push creates a ref,
or the pusher may not move some branches, pre-receive hands over to
``pre-receive-check`` (Python): new names go through ``app.git.refname``,
the one ref-name policy, copied beside the hooks so that the hook needs
nothing but the standard library; protected branch patterns match with
``fnmatch`` exactly as everywhere else. With an object size limit set,
pre-receive first runs ``pre-receive-objects``, which lists the sizes of the
quarantined objects the push brought.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.git import refname

# The file post-receive appends its "<old> <new> <ref>" lines to.
PUSH_LOG_ENV = "INGOT_PUSH_LOG"
# JSON list of branch patterns the pusher may not update; absent when it may bypass.
PROTECTED_ENV = "INGOT_PROTECTED_BRANCHES"
# Where to open a pull request for a new branch ("<base>/OWNER/REPO/pulls/new"), and the
# default branch (no link for it); absent: no link printed.
NEW_PULL_URL_ENV = "INGOT_NEW_PULL_URL"
DEFAULT_BRANCH_ENV = "INGOT_DEFAULT_BRANCH"
# The largest object a push may bring, in bytes; absent for no limit.
MAX_OBJECT_ENV = "INGOT_MAX_OBJECT_BYTES"

# Updates and deletions of existing refs pass without a check (unless some branches are
# protected): existing refs are never judged. A new ref's name goes to pre-receive-check.
_PRE_RECEIVE = """#!/bin/sh
if [ -n "$%(max_object)s" ]; then
    "${0%%/*}/pre-receive-objects" </dev/null || exit 1
fi
lines=
check=${%(protected)s:+1}
while read -r old new ref; do
    lines="$lines$old $new $ref
"
    case "$old" in
    *[!0]*) ;;
    *) check=1 ;;
    esac
done
[ -z "$check" ] && exit 0
printf '%%s' "$lines" | "${0%%/*}/pre-receive-check"
"""

# The ref-name policy (app/git/refname.py, copied beside it) for new refs, then protection.
# Every push that creates a ref starts it: json and fnmatch are imported only when branches
# are protected, and git runs through posix_spawn (importing subprocess costs more than git).
_PRE_RECEIVE_CHECK = """#!%(python)s -S
import os
import sys

import %(policy)s as refname


def existing(names):
    \"\"\"Which of these full ref names exist in the repository now.\"\"\"
    if not names:
        return set()
    argv = ["git", "for-each-ref", "--format=%%(refname)", "--", *sorted(names)]
    read, write = os.pipe()
    actions = [(os.POSIX_SPAWN_DUP2, write, 1), (os.POSIX_SPAWN_CLOSE, read)]
    pid = os.posix_spawnp("git", argv, os.environ, file_actions=actions)
    os.close(write)
    chunks = []
    while True:
        chunk = os.read(read, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read)
    if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0:
        sys.exit("Ingot: the repository's refs could not be read.")
    listed = b"".join(chunks).decode("utf-8", "surrogateescape")
    return set(listed.splitlines()) & set(names)


def protected(updates):
    patterns = os.environ.get("%(protected)s")
    if not patterns:
        return []
    import fnmatch
    import json

    messages = []
    patterns = json.loads(patterns)
    for _, _, ref in updates:
        if ref.startswith(refname.BRANCHES):
            branch = ref[len(refname.BRANCHES):]
            if any(fnmatch.fnmatchcase(branch, p) for p in patterns):
                messages.append(
                    "Ingot: branch '%%s' is protected; only the repository owner "
                    "or an admin can push to it." %% refname.shown(branch)
                )
    return messages


def main():
    updates = []
    for line in sys.stdin.buffer.read().decode("utf-8", "surrogateescape").splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3:
            updates.append(tuple(parts))
    created = [ref for old, new, ref in updates if old in refname.ZERO_OIDS]
    # Only well-formed names are looked up; the others are refused without one.
    counterparts = {
        other
        for other in map(refname.counterpart, created)
        if other and refname.full_name_problem(other) is None
    }
    messages = refname.refused_updates(updates, existing(counterparts)) + protected(updates)
    for message in messages:
        sys.stderr.write(message + "\\n")
    return 1 if messages else 0


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

# A push that creates a branch other than the default one prints where to open a pull
# request for it (git shows it as "remote: ..."), as GitHub and Gitea do; a name with
# characters a URL would need escaped gets the page without the branch filled in.
_POST_RECEIVE = """#!/bin/sh
if [ -z "$%(pull_url)s" ]; then
    if [ -n "$%(log)s" ]; then
        exec cat >> "$%(log)s"
    fi
    exec cat > /dev/null
fi
input=$(cat)
[ -z "$input" ] && exit 0
if [ -n "$%(log)s" ]; then
    printf '%%s\\n' "$input" >> "$%(log)s"
fi
printf '%%s\\n' "$input" | while read -r old new ref; do
    case "$old" in *[!0]*) continue ;; esac
    case "$ref" in refs/heads/*) ;; *) continue ;; esac
    branch=${ref#refs/heads/}
    [ "$branch" = "$%(default_branch)s" ] && continue
    url="$%(pull_url)s?head=$branch"
    case "$branch" in *[!A-Za-z0-9._/-]*) url="$%(pull_url)s" ;; esac
    printf '\\nCreate a pull request for %%s by visiting:\\n     %%s\\n\\n' "'$branch'" "$url"
done >&2
exit 0
"""


# The policy module, under a name of its own beside the hooks (they run without app/).
_POLICY_MODULE = "ingot_refname"


def scripts(python: str) -> dict[str, str]:
    """The hook files by name; ``python`` runs the one written in Python."""
    names = {
        "protected": PROTECTED_ENV,
        "log": PUSH_LOG_ENV,
        "python": python,
        "policy": _POLICY_MODULE,
        "max_object": MAX_OBJECT_ENV,
        "pull_url": NEW_PULL_URL_ENV,
        "default_branch": DEFAULT_BRANCH_ENV,
    }
    return {
        "pre-receive": _PRE_RECEIVE % names,
        "pre-receive-check": _PRE_RECEIVE_CHECK % names,
        "pre-receive-objects": _PRE_RECEIVE_OBJECTS % names,
        "post-receive": _POST_RECEIVE % names,
        f"{_POLICY_MODULE}.py": Path(refname.__file__).read_text(),
    }


def install(hooks_dir: Path, python: str) -> Path:
    """Write the hook scripts into ``hooks_dir``, replacing older ones."""
    hooks_dir.mkdir(parents=True, exist_ok=True)
    (hooks_dir / "pre-receive-protected").unlink(missing_ok=True)  # replaced by pre-receive-check
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

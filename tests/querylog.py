"""``python -m tests.querylog LOG serve ...``: Ingot with every request's SQL statements appended to LOG.

Tortoise logs each statement it runs on ``tortoise.db_client`` at DEBUG; tests
count the lines a request adds to prove a list costs a constant number of
queries. The background job worker's statements are left out.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from server.cli import main

MARK = "SQL "


def count(log: Path, since: int) -> tuple[int, int]:
    """(statements written after byte ``since``, the log's size now)."""
    data = log.read_bytes()
    return data[since:].count(f"\n{MARK}".encode()), len(data)


class _RequestsOnly(logging.Filter):
    """Drops the statements of the background job worker (its tasks are named
    ``ingot-worker-*``): its polls would otherwise land among a request's."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            task = asyncio.current_task()
        except RuntimeError:
            return True
        return task is None or not task.get_name().startswith("ingot-worker")


def fewest(log: Path, action: Callable[[int], None], tries: int = 3) -> int:
    """The fewest statements ``action(try_number)`` added to ``log`` in ``tries`` tries
    (a token's last-used time is written at most once a minute, by whichever request)."""
    counts = []
    for attempt in range(tries):
        _, start = count(log, 0)
        action(attempt)
        counts.append(count(log, start)[0])
    return min(counts)


def run(argv: list[str]) -> int:
    handler = logging.FileHandler(argv[0])
    handler.setFormatter(logging.Formatter("\n" + MARK + "%(message)s"))
    handler.addFilter(_RequestsOnly())
    logger = logging.getLogger("tortoise.db_client")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    logger.propagate = False
    return main(argv[1:])


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))

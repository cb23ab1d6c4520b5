"""Fixed-window request counters shared by every server process."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from app.models.tortoise_internals import model_connection


class RateLimitWindow(Model):
    """Requests handed out to one client in one window.

    ``key`` is a keyed hash of the account or client address, never a token.
    ``count`` grows by whole leases (see app.services.rate_limit), so it
    counts budget handed to server processes, not requests served.
    """

    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=64)
    # Start of the window in epoch seconds, a multiple of the window length.
    window_start = fields.BigIntField()
    count = fields.IntField(default=0)

    class Meta:
        table = "rate_limit_window"
        unique_together = (("key", "window_start"),)
        indexes = (("window_start",),)


_UPSERT = (
    'INSERT INTO rate_limit_window ("key", "window_start", "count") VALUES ({0}, {1}, {2}) '
    'ON CONFLICT ("key", "window_start") '
    'DO UPDATE SET "count" = rate_limit_window."count" + excluded."count" RETURNING "count"'
)


async def lease(key: str, window_start: int, block: int) -> int:
    """Add ``block`` to the window's count in one atomic statement; the new count."""
    connection = model_connection(RateLimitWindow)
    postgres = connection.capabilities.dialect == "postgres"
    sql = _UPSERT.format(*(("$1", "$2", "$3") if postgres else ("?", "?", "?")))
    rows = await connection.execute_query_dict(sql, [key, window_start, block])
    return int(rows[0]["count"])


async def forget_before(window_start: int) -> None:
    """Drop the counters of windows that started before ``window_start``."""
    await RateLimitWindow.filter(window_start__lt=window_start).delete()

"""Per-repository counters of issues and pull requests by state, and list indexes.

``repository`` gains the issue states ``open_issue_count`` did not cover (NEW
alone, CLOSED) and the pull request states, counted once here; from now on
``app.services.counters`` changes them in the transaction of each change.
``(repository_id, id, state)`` on ``issue`` and ``pull_request`` lets a list
page seek to any depth by an index-only scan.
"""

from typing import Any

from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

# After 0018: an untriaged issue is OPEN with ``triaged`` false.
_COUNTS = (
    ("new_issue_count", "issue", "state = 'OPEN' AND NOT triaged"),
    ("closed_issue_count", "issue", "state = 'CLOSED'"),
    ("open_pull_request_count", "pull_request", "state = 'OPEN'"),
    ("closed_pull_request_count", "pull_request", "state = 'CLOSED'"),
    ("merged_pull_request_count", "pull_request", "state = 'MERGED'"),
)


async def _count(apps: Any, schema_editor: Any) -> None:
    for column, table, states in _COUNTS:
        await schema_editor.client.execute_query(
            f"UPDATE repository SET {column} = (SELECT COUNT(*) FROM {table}"  # noqa: S608
            f" WHERE {table}.repository_id = repository.id AND {states})"
        )


class Migration(migrations.Migration):
    dependencies = [("ingot", "0018_issue_triage")]

    initial = False

    operations = [
        *(
            ops.AddField(
                model_name="Repository",
                name=column,
                field=fields.IntField(default=0, db_default=0),
            )
            for column, _, _ in _COUNTS
        ),
        ops.AddIndex(model_name="Issue", index=Index(fields=["repository_id", "id", "state"])),
        ops.AddIndex(
            model_name="PullRequest", index=Index(fields=["repository_id", "id", "state"])
        ),
        ops.RunPython(_count, ops.RunPython.noop),
    ]

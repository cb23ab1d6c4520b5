"""GitHub's issue states: ``NEW`` becomes ``OPEN`` with ``issue.triaged`` false;
GitHub's draft pull requests (``pull_request.draft``, false for every existing one);
an index for ``issues(orderBy: {field: UPDATED_AT})``.

Every other issue is triaged (an ``OPEN`` one was triaged or reopened; a
``CLOSED`` one is shown as closed whatever it was). No issue changes between
open and closed, so ``repository.open_issue_count`` (issues in NEW or OPEN,
now OPEN) stays as it was.
"""

from typing import Any

from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


async def _untriaged_to_open(apps: Any, schema_editor: Any) -> None:
    client = schema_editor.client
    await client.execute_query("UPDATE issue SET triaged = TRUE WHERE state <> 'NEW'")
    await client.execute_query(
        "UPDATE issue SET triaged = FALSE, state = 'OPEN' WHERE state = 'NEW'"
    )


async def _open_untriaged_to_new(apps: Any, schema_editor: Any) -> None:
    await schema_editor.client.execute_query(
        "UPDATE issue SET state = 'NEW' WHERE state = 'OPEN' AND triaged = FALSE"
    )


class Migration(migrations.Migration):
    dependencies = [("ingot", "0017_forks")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Issue",
            name="triaged",
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.RunPython(_untriaged_to_open, _open_untriaged_to_new),
        ops.AddIndex(
            model_name="Issue",
            index=Index(fields=["repository_id", "updated_at", "id"]),
        ),
        ops.AddField(
            model_name="PullRequest",
            name="draft",
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]

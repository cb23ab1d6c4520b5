"""``repository.open_issue_count``: the issues in NEW or OPEN, counted once here.

From now on the issue service changes it in the transaction that creates,
closes or reopens an issue.
"""

from typing import Any

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


async def _count_open_issues(apps: Any, schema_editor: Any) -> None:
    await schema_editor.client.execute_query(
        "UPDATE repository SET open_issue_count = (SELECT COUNT(*) FROM issue"
        " WHERE issue.repository_id = repository.id AND issue.state IN ('NEW', 'OPEN'))"
    )


class Migration(migrations.Migration):
    dependencies = [("ingot", "0006_hardening")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Repository",
            name="open_issue_count",
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.RunPython(_count_open_issues),
    ]

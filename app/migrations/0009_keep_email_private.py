"""``account.keep_email_private``: a user may hide their address from other users.

New accounts show their address to signed-in callers (the default, as in the Isurus
and Gogs documents). Every existing account is kept private: until now nobody's
address was shown to other users, so none becomes visible by surprise.
"""

from typing import Any

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


async def _keep_existing_private(apps: Any, schema_editor: Any) -> None:
    await schema_editor.client.execute_query("UPDATE account SET keep_email_private = TRUE")


class Migration(migrations.Migration):
    dependencies = [("ingot", "0008_membership_visibility")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Account",
            name="keep_email_private",
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.RunPython(_keep_existing_private, ops.RunPython.noop),
    ]

"""Case-insensitive unique keys: ``account.email_lower`` and ``label.name_lower``.

The keys are filled in Python (``str.lower``, as the models do) before the unique
indexes exist. Rows that already collide are made distinct first: a later
account's copy of an address another account had first is cleared (an account
may have no address), and a later label whose name differs from an earlier one
only by case gets ``" (<id>)"`` appended to its name.
"""

from typing import Any

from tortoise import fields, migrations
from tortoise.migrations import operations as ops
from tortoise.migrations.constraints import UniqueConstraint


def _marks(client: Any, count: int) -> list[str]:
    if client.capabilities.dialect == "postgres":
        return [f"${n}" for n in range(1, count + 1)]
    return ["?"] * count


async def _fill_keys(apps: Any, schema_editor: Any) -> None:
    client = schema_editor.client
    key, row = _marks(client, 2)
    _, accounts = await client.execute_query(
        "SELECT id, email FROM account WHERE email IS NOT NULL ORDER BY id"
    )
    seen: set[str] = set()
    for account in accounts:
        email_key = account["email"].lower()
        if email_key in seen:
            await client.execute_query(
                f"UPDATE account SET email = NULL WHERE id = {key}", [account["id"]]
            )
            continue
        seen.add(email_key)
        await client.execute_query(
            f"UPDATE account SET email_lower = {key} WHERE id = {row}", [email_key, account["id"]]
        )
    _, labels = await client.execute_query("SELECT id, repository_id, name FROM label ORDER BY id")
    names: set[tuple[int, str]] = set()
    for label in labels:
        name = label["name"]
        if (label["repository_id"], name.lower()) in names:
            name = f"{name[:38]} ({label['id']})"
        names.add((label["repository_id"], name.lower()))
        name_mark, key_mark, id_mark = _marks(client, 3)
        await client.execute_query(
            f"UPDATE label SET name = {name_mark}, name_lower = {key_mark} WHERE id = {id_mark}",
            [name, name.lower(), label["id"]],
        )


class Migration(migrations.Migration):
    dependencies = [("ingot", "0005_activity")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Account",
            name="email_lower",
            field=fields.CharField(null=True, max_length=512),
        ),
        ops.AddField(
            model_name="Label",
            name="name_lower",
            field=fields.CharField(null=True, max_length=100),
        ),
        ops.RunPython(_fill_keys),
        ops.AddConstraint(
            model_name="Account",
            constraint=UniqueConstraint(fields=("email_lower",), name=None),
        ),
        ops.AddConstraint(
            model_name="Label",
            constraint=UniqueConstraint(fields=("repository", "name_lower"), name=None),
        ),
    ]

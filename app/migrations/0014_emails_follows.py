"""Several email addresses per user (``email_address``) and who follows whom (``follow``).

Each user's existing address becomes their primary, verified row.
"""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index



async def _primary_rows(apps: Any, schema_editor: Any) -> None:
    await schema_editor.client.execute_query(
        "INSERT INTO email_address (account_id, email, email_lower, is_primary, is_verified,"
        " created_at) SELECT id, email, COALESCE(email_lower, LOWER(email)), TRUE, TRUE,"
        " created_at FROM account WHERE email IS NOT NULL AND kind = 'user'"
    )


class Migration(migrations.Migration):
    dependencies = [('ingot', '0013_ci_runners')]

    initial = False

    operations = [
        ops.CreateModel(
            name='EmailAddress',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('ingot.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='email_addresses', on_delete=OnDelete.CASCADE)),
                ('email', fields.CharField(max_length=255)),
                ('email_lower', fields.CharField(unique=True, max_length=512)),
                ('is_primary', fields.BooleanField(default=False)),
                ('is_verified', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'email_address', 'app': 'ingot', 'pk_attr': 'id', 'table_description': 'One address of one user, unique across all accounts in any letter case.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Follow',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('follower', fields.ForeignKeyField('ingot.Account', source_field='follower_id', db_constraint=True, to_field='id', related_name='following_links', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('ingot.Account', source_field='user_id', db_constraint=True, to_field='id', related_name='follower_links', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'follow', 'app': 'ingot', 'unique_together': (('follower', 'user'),), 'indexes': [Index(fields=['user_id', 'id'])], 'pk_attr': 'id', 'table_description': '``follower`` follows ``user``, each pair at most once.'},
            bases=['Model'],
        ),
        ops.RunPython(_primary_rows, ops.RunPython.noop),
    ]

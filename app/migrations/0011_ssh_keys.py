"""``ssh_key``: accounts' public keys and repositories' deploy keys, for git over SSH.

One table, unique by fingerprint, so a key is registered once across the server.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('ingot', '0010_webhooks')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SshKey',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('ingot.Account', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name='ssh_keys', on_delete=OnDelete.CASCADE)),
                ('repository', fields.ForeignKeyField('ingot.Repository', source_field='repository_id', null=True, db_constraint=True, to_field='id', related_name='deploy_keys', on_delete=OnDelete.CASCADE)),
                ('title', fields.CharField(max_length=255)),
                ('key', fields.TextField(unique=False)),
                ('comment', fields.CharField(default='', max_length=255)),
                ('key_type', fields.CharField(max_length=32)),
                ('fingerprint', fields.CharField(unique=True, max_length=64)),
                ('read_only', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'ssh_key', 'app': 'ingot', 'pk_attr': 'id', 'table_description': "An account's public key or a repository's deploy key."},
            bases=['Model'],
        ),
    ]

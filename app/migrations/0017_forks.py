"""Forks: ``repository.parent_id`` and ``repository.fork_count``; a pull request's
``head_repository_id`` and ``is_cross_repository`` (its head branch lives in a fork)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('ingot', '0016_repo_flags_mirrors')]

    initial = False

    operations = [
        ops.AddField(
            model_name='PullRequest',
            name='head_repository',
            field=fields.ForeignKeyField('ingot.Repository', source_field='head_repository_id', null=True, db_constraint=True, to_field='id', related_name='outgoing_pull_requests', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='PullRequest',
            name='is_cross_repository',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Repository',
            name='fork_count',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='Repository',
            name='parent',
            field=fields.ForeignKeyField('ingot.Repository', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='forks', on_delete=OnDelete.SET_NULL),
        ),
    ]

"""Forks: ``repository.parent_id`` and ``repository.fork_count``; a pull request's
``head_repository_id`` and ``is_cross_repository`` (its head branch lives in a fork)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields


class _AddForeignKey(ops.AddField):
    """AddField whose reverse also drops the key's column on SQLite: Tortoise's table
    remake there keeps a removed foreign key's ``<name>_id`` column (emptied), so
    migrating forward again would fail on a duplicate column."""

    async def database_backward(self, app_label, old_state, new_state, state_editor=None):  # type: ignore[no-untyped-def]
        await super().database_backward(app_label, old_state, new_state, state_editor)
        if state_editor is None or state_editor.DIALECT != "sqlite":
            return
        model = old_state.apps.get_model(f"{app_label}.{self.model_name}")
        column = model._meta.fields_map[self.name].source_field
        table = model._meta.db_table
        _, rows = await state_editor.client.execute_query(f'PRAGMA table_info("{table}")')
        if any(row["name"] == column for row in rows):
            await state_editor.client.execute_script(
                f'ALTER TABLE "{table}" DROP COLUMN "{column}"'
            )


class Migration(migrations.Migration):
    dependencies = [('ingot', '0016_repo_flags_mirrors')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Repository',
            name='fork_count',
            field=fields.IntField(default=0, db_default=0),
        ),
        _AddForeignKey(
            model_name='Repository',
            name='parent',
            field=fields.ForeignKeyField('ingot.Repository', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='forks', on_delete=OnDelete.SET_NULL),
        ),
        _AddForeignKey(
            model_name='PullRequest',
            name='head_repository',
            field=fields.ForeignKeyField('ingot.Repository', source_field='head_repository_id', null=True, db_constraint=True, to_field='id', related_name='outgoing_pull_requests', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='PullRequest',
            name='is_cross_repository',
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]

"""Repository flags (issue tracker, wiki, mirror) and pull-mirror sources (``repository_mirror``)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('ingot', '0015_teams')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RepositoryMirror',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('repository', fields.OneToOneField('ingot.Repository', source_field='repository_id', db_constraint=True, to_field='id', related_name='mirror', on_delete=OnDelete.CASCADE)),
                ('url', fields.CharField(max_length=2048)),
                ('credentials', fields.TextField(default='', unique=False)),
                ('next_sync_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_synced_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_error', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'repository_mirror', 'app': 'ingot', 'pk_attr': 'id', 'table_description': 'Where a pull mirror fetches from.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Repository',
            name='allow_public_wiki',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Repository',
            name='external_tracker_format',
            field=fields.CharField(default='', db_default='', max_length=2048),
        ),
        ops.AddField(
            model_name='Repository',
            name='external_tracker_style',
            field=fields.CharField(default='numeric', db_default='numeric', max_length=16),
        ),
        ops.AddField(
            model_name='Repository',
            name='external_tracker_url',
            field=fields.CharField(default='', db_default='', max_length=2048),
        ),
        ops.AddField(
            model_name='Repository',
            name='external_wiki_url',
            field=fields.CharField(default='', db_default='', max_length=2048),
        ),
        ops.AddField(
            model_name='Repository',
            name='has_issues',
            field=fields.BooleanField(default=True, db_default=True),
        ),
        ops.AddField(
            model_name='Repository',
            name='has_wiki',
            field=fields.BooleanField(default=True, db_default=True),
        ),
        ops.AddField(
            model_name='Repository',
            name='is_mirror',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Repository',
            name='uses_external_tracker',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Repository',
            name='uses_external_wiki',
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]

"""CI runners (``ci_runner``) and the job tokens of claimed pipelines (``ci_job_token``)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('ingot', '0012_ci')]

    initial = False

    operations = [
        ops.CreateModel(
            name='JobToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('pipeline', fields.OneToOneField('ingot.Pipeline', source_field='pipeline_id', db_constraint=True, to_field='id', related_name='job_token', on_delete=OnDelete.CASCADE)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'ci_job_token', 'app': 'ingot', 'pk_attr': 'id', 'table_description': 'The ``ingotj_`` token of a claimed pipeline: git fetch of its repository, nothing else.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Runner',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=255)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('last_eight', fields.CharField(max_length=8)),
                ('capacity', fields.IntField(default=1)),
                ('last_heartbeat_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'ci_runner', 'app': 'ingot', 'pk_attr': 'id', 'table_description': 'A machine running ``ingot runner``, known by its ``ingotr_`` token.'},
            bases=['Model'],
        ),
    ]

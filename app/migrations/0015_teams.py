"""Teams of organizations (``team``, ``team_member``, ``team_repository``) and ``account.is_active``."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from app.models.team import TeamPermission
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('ingot', '0014_emails_follows')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Team',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('ingot.Account', source_field='organization_id', db_constraint=True, to_field='id', related_name='teams', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=30)),
                ('name_lower', fields.CharField(max_length=64)),
                ('description', fields.CharField(default='', max_length=255)),
                ('permission', fields.CharEnumField(default=TeamPermission.READ, description='READ: read\nWRITE: write\nADMIN: admin', enum_type=TeamPermission, max_length=8)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'team', 'app': 'ingot', 'unique_together': (('organization', 'name_lower'),), 'pk_attr': 'id', 'table_description': 'A named group of an organization (its name unique in the organization, whatever the case).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TeamMember',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('team', fields.ForeignKeyField('ingot.Team', source_field='team_id', db_constraint=True, to_field='id', related_name='members', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('ingot.Account', source_field='user_id', db_constraint=True, to_field='id', related_name='team_memberships', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'team_member', 'app': 'ingot', 'unique_together': (('team', 'user'),), 'pk_attr': 'id', 'table_description': 'A user in a team.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TeamRepository',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('team', fields.ForeignKeyField('ingot.Team', source_field='team_id', db_constraint=True, to_field='id', related_name='repositories', on_delete=OnDelete.CASCADE)),
                ('repository', fields.ForeignKeyField('ingot.Repository', source_field='repository_id', db_constraint=True, to_field='id', related_name='teams', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'team_repository', 'app': 'ingot', 'unique_together': (('team', 'repository'),), 'pk_attr': 'id', 'table_description': "A repository of the team's organization that the team's members may access."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Account',
            name='is_active',
            field=fields.BooleanField(default=True, db_default=True),
        ),
    ]

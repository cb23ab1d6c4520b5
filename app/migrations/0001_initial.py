from tortoise import migrations
from tortoise.migrations import operations as ops
from app.models.account import AccountKind, MembershipRole
from tortoise.fields.base import OnDelete
from tortoise import fields
from enum import StrEnum


class IssueState(StrEnum):
    """The issue states of this migration's time (0018 made NEW an open, untriaged issue)."""

    NEW = "NEW"
    OPEN = "OPEN"
    CLOSED = "CLOSED"

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Account',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(default=AccountKind.USER, description='USER: user\nORGANIZATION: organization', enum_type=AccountKind, max_length=16)),
                ('login', fields.CharField(max_length=40)),
                ('login_lower', fields.CharField(unique=True, max_length=40)),
                ('email', fields.CharField(null=True, max_length=255)),
                ('display_name', fields.CharField(default='', max_length=255)),
                ('description', fields.TextField(default='', unique=False)),
                ('avatar_url', fields.CharField(default='', max_length=512)),
                ('is_admin', fields.BooleanField(default=False)),
                ('password_hash', fields.CharField(null=True, max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'account', 'app': 'ingot', 'pk_attr': 'id', 'table_description': 'A user or an organization (login_lower keeps logins unique case-insensitively).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AccessToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('ingot.Account', source_field='user_id', db_constraint=True, to_field='id', related_name='tokens', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=255)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('last_eight', fields.CharField(max_length=8)),
                ('scopes', fields.TextField(default='', unique=False)),
                ('is_session', fields.BooleanField(default=False)),
                ('expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'access_token', 'app': 'ingot', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Membership',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('ingot.Account', source_field='organization_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('ingot.Account', source_field='user_id', db_constraint=True, to_field='id', related_name='organization_memberships', on_delete=OnDelete.CASCADE)),
                ('role', fields.CharEnumField(default=MembershipRole.MEMBER, description='OWNER: owner\nMEMBER: member', enum_type=MembershipRole, max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'membership', 'app': 'ingot', 'unique_together': (('organization', 'user'),), 'pk_attr': 'id', 'table_description': "A user's role in an organization."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Repository',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('owner', fields.ForeignKeyField('ingot.Account', source_field='owner_id', db_constraint=True, to_field='id', related_name='repositories', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=100)),
                ('name_lower', fields.CharField(max_length=100)),
                ('description', fields.TextField(default='', unique=False)),
                ('is_private', fields.BooleanField(default=False)),
                ('default_branch', fields.CharField(default='main', max_length=255)),
                ('issue_counter', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('pushed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'repository', 'app': 'ingot', 'unique_together': (('owner', 'name_lower'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Label',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('repository', fields.ForeignKeyField('ingot.Repository', source_field='repository_id', db_constraint=True, to_field='id', related_name='labels', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=50)),
                ('color', fields.CharField(default='#6B7280', max_length=7)),
                ('description', fields.CharField(default='', max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'label', 'app': 'ingot', 'unique_together': (('repository', 'name'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Issue',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('repository', fields.ForeignKeyField('ingot.Repository', source_field='repository_id', db_constraint=True, to_field='id', related_name='issues', on_delete=OnDelete.CASCADE)),
                ('number', fields.IntField()),
                ('title', fields.CharField(max_length=255)),
                ('body', fields.TextField(default='', unique=False)),
                ('state', fields.CharEnumField(default=IssueState.NEW, description='NEW: NEW\nOPEN: OPEN\nCLOSED: CLOSED', enum_type=IssueState, max_length=8)),
                ('author', fields.ForeignKeyField('ingot.Account', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='authored_issues', on_delete=OnDelete.SET_NULL)),
                ('labels', fields.ManyToManyField('ingot.Label', unique=True, db_constraint=True, through='issue_label', forward_key='label_id', backward_key='issue_id', related_name='issues', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'issue', 'app': 'ingot', 'unique_together': (('repository', 'number'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Comment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('issue', fields.ForeignKeyField('ingot.Issue', source_field='issue_id', db_constraint=True, to_field='id', related_name='comments', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('ingot.Account', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='comments', on_delete=OnDelete.SET_NULL)),
                ('body', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'comment', 'app': 'ingot', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]

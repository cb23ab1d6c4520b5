from tortoise import migrations
from tortoise.migrations import operations as ops
from app.models.collaborator import CollaboratorPermission
from app.models.issue import MilestoneState
from tortoise.fields.base import OnDelete
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("ingot", "0002_session2")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Collaborator",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "repository",
                    fields.ForeignKeyField(
                        "ingot.Repository",
                        source_field="repository_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="collaborators",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "ingot.Account",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="collaborations",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "permission",
                    fields.CharEnumField(
                        default=CollaboratorPermission.WRITE,
                        description="READ: read\nWRITE: write\nADMIN: admin",
                        enum_type=CollaboratorPermission,
                        max_length=8,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "collaborator",
                "app": "ingot",
                "unique_together": (("repository", "user"),),
                "pk_attr": "id",
                "table_description": "A user's access to a repository they neither own nor reach through an organization.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Milestone",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "repository",
                    fields.ForeignKeyField(
                        "ingot.Repository",
                        source_field="repository_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="milestones",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("number", fields.IntField()),
                ("title", fields.CharField(max_length=255)),
                ("description", fields.TextField(default="", unique=False)),
                ("due_on", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "state",
                    fields.CharEnumField(
                        default=MilestoneState.OPEN,
                        description="OPEN: OPEN\nCLOSED: CLOSED",
                        enum_type=MilestoneState,
                        max_length=8,
                    ),
                ),
                (
                    "creator",
                    fields.ForeignKeyField(
                        "ingot.Account",
                        source_field="creator_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="created_milestones",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ("closed_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "milestone",
                "app": "ingot",
                "unique_together": (("repository", "number"),),
                "pk_attr": "id",
                "table_description": "A target for a set of issues, numbered per repository like issues.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Release",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "repository",
                    fields.ForeignKeyField(
                        "ingot.Repository",
                        source_field="repository_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="releases",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("tag_name", fields.CharField(max_length=255)),
                ("target_commitish", fields.CharField(default="", max_length=255)),
                ("name", fields.CharField(default="", max_length=255)),
                ("body", fields.TextField(default="", unique=False)),
                ("is_draft", fields.BooleanField(default=False)),
                ("is_prerelease", fields.BooleanField(default=False)),
                (
                    "author",
                    fields.ForeignKeyField(
                        "ingot.Account",
                        source_field="author_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="releases",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
                (
                    "published_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "release",
                "app": "ingot",
                "unique_together": (("repository", "tag_name"),),
                "pk_attr": "id",
                "table_description": "A named point in the history, one per tag. Drafts are seen only by writers.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ReleaseAsset",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "release",
                    fields.ForeignKeyField(
                        "ingot.Release",
                        source_field="release_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="assets",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=255)),
                (
                    "content_type",
                    fields.CharField(default="application/octet-stream", max_length=255),
                ),
                ("size", fields.BigIntField()),
                ("sha256", fields.CharField(db_index=True, max_length=64)),
                ("download_count", fields.IntField(default=0)),
                (
                    "uploader",
                    fields.ForeignKeyField(
                        "ingot.Account",
                        source_field="uploader_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="uploaded_assets",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "release_asset",
                "app": "ingot",
                "unique_together": (("release", "name"),),
                "pk_attr": "id",
                "table_description": "A file attached to a release, stored under its SHA-256 (shared by equal files).",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Comment",
            name="last_edited_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name="Issue",
            name="assignees",
            field=fields.ManyToManyField(
                "ingot.Account",
                unique=True,
                db_constraint=True,
                through="issue_assignee",
                forward_key="account_id",
                backward_key="issue_id",
                related_name="assigned_issues",
                on_delete=OnDelete.CASCADE,
            ),
        ),
        ops.AddField(
            model_name="Issue",
            name="milestone",
            field=fields.ForeignKeyField(
                "ingot.Milestone",
                source_field="milestone_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="issues",
                on_delete=OnDelete.SET_NULL,
            ),
        ),
        ops.AddField(
            model_name="Repository",
            name="milestone_counter",
            field=fields.IntField(default=0, db_default=0),
        ),
    ]

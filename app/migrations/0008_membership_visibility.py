"""``membership.is_public``: a member may show their membership to everyone.

Every existing membership stays private (the default, as on GitHub and Gitea):
issue 14 found that ``User.organizations`` listed them all to anyone.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("ingot", "0007_open_issue_count")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Membership",
            name="is_public",
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]

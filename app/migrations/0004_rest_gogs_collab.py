from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("ingot", "0003_collaboration")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Account",
            name="location",
            field=fields.CharField(null=True, max_length=255),
        ),
        ops.AddField(
            model_name="Account",
            name="website_url",
            field=fields.CharField(null=True, max_length=255),
        ),
    ]

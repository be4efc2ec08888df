"""English names of the GB/T 4754-2017 industry sections and divisions (制造业 →
Manufacturing), shown on English pages; loaded from the shipped file. Loads the reference
files again (``bashu.core.reference.load_reference``): rows are inserted or updated to equal
them and none is deleted, so running it twice changes nothing."""

from django.db import migrations, models


def load(apps, schema_editor):
    from bashu.core.reference import load_reference

    load_reference(apps)


class Migration(migrations.Migration):
    dependencies = [("core", "0009_notification_translations")]

    operations = [
        migrations.AddField(
            model_name="industry",
            name="name_en",
            field=models.CharField(blank=True, max_length=64, verbose_name="英文名称"),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]

"""The whole 职业分类大典 (2022): 8 major, 79 medium, 450 minor groups and 1,639 detailed
occupations, where the earlier file had a subset of 288 rows. Loads the shipped files again
(``bashu.core.reference.load_reference``): rows are inserted or updated to equal them and
none is deleted, so codes already in use stay valid and running it twice changes nothing."""

from django.db import migrations


def load(apps, schema_editor):
    from bashu.core.reference import load_reference

    load_reference(apps)


class Migration(migrations.Migration):
    dependencies = [("core", "0006_pinyin")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

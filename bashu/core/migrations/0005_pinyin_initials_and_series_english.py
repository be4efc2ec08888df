"""Pinyin initials on regions, industries and occupations (the pickers find 青白江区 by
``qbj``) and English names of the title series; both loaded from the shipped files."""

from django.db import migrations, models


def load(apps, schema_editor):
    from bashu.core.reference import load_reference

    load_reference(apps)


def initials():
    return models.CharField(
        blank=True,
        help_text="青白江区 → qbjq：选择器按它查找",
        max_length=64,
        verbose_name="拼音首字母",
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0004_constraint_message_chinese_msgid")]

    operations = [
        migrations.AddField(model_name="region", name="initials", field=initials()),
        migrations.AddField(model_name="industry", name="initials", field=initials()),
        migrations.AddField(model_name="occupation", name="initials", field=initials()),
        migrations.AddField(
            model_name="titleseries",
            name="name_en",
            field=models.CharField(blank=True, max_length=64, verbose_name="英文名称"),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]

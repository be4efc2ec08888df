"""The whole pinyin of regions, industries and occupations (青白江区 → qingbaijiangqu), so a
reader who types a place as it is spelt on a map finds it; loaded from the shipped file."""

from django.db import migrations, models


def load(apps, schema_editor):
    from bashu.core.reference import load_reference

    load_reference(apps)


def pinyin():
    return models.CharField(
        blank=True, help_text="青白江区 → qingbaijiangqu", max_length=255, verbose_name="拼音"
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0005_pinyin_initials_and_series_english")]

    operations = [
        migrations.AddField(model_name="region", name="pinyin", field=pinyin()),
        migrations.AddField(model_name="industry", name="pinyin", field=pinyin()),
        migrations.AddField(model_name="occupation", name="pinyin", field=pinyin()),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]

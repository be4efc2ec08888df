"""Load the talent-card service catalogue (data/card_services.csv)."""

from pathlib import Path

from django.db import migrations

from bashu.core.loaders import data_file_load

CSV = Path(__file__).resolve().parent.parent / "data" / "card_services.csv"


def load(apps, schema_editor):
    CardService = apps.get_model("recognition", "CardService")
    for row in data_file_load(CSV):  # checked against its model (bashu.core.loaders)
        CardService.objects.update_or_create(
            code=row["code"],
            defaults={"region_id": row["region"], "category": row["category"], "name": row["name"], "classes": row["classes"]},
        )


class Migration(migrations.Migration):
    dependencies = [("recognition", "0004_card_services")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

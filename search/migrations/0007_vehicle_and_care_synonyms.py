"""Starter synonyms for the words citizens use for what real catalogs name officially: a
province's items say 巡游出租汽车 / 网络预约出租汽车 and 养老机构, people type 出租车, 网约车,
养老院 and 敬老院 (the real Guang'an items in tests/search/sichuan_queries.py). Like 0002, rows
editors have since changed are kept."""

from django.db import migrations

SYNONYMS = {
    "出租车": "出租汽车、巡游出租汽车",
    "网约车": "网络预约出租汽车",
    "养老院": "养老机构",
    "敬老院": "养老机构",
}


def add_synonyms(apps, schema_editor):
    Synonym = apps.get_model("zhinan_search", "Synonym")
    for term, targets in SYNONYMS.items():
        Synonym.objects.get_or_create(term=term, defaults={"targets": targets})


class Migration(migrations.Migration):
    dependencies = [("zhinan_search", "0006_more_starter_synonyms")]

    operations = [migrations.RunPython(add_synonyms, migrations.RunPython.noop)]

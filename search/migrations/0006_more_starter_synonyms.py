"""More starter synonyms, from citizens' questions the search left unanswered (the citizen set in
tests/search/citizen_queries.py): 身分证过期了 is asked of a guide that says 有效期满, and people
open a 饭馆 as often as a 饭店. Like 0002, rows editors have since changed or deleted are kept."""

from django.db import migrations

MORE_SYNONYMS = {
    "过期": "到期、期满、有效期满",
    "饭馆": "餐饮、食品经营许可",
}


def add_synonyms(apps, schema_editor):
    Synonym = apps.get_model("zhinan_search", "Synonym")
    for term, targets in MORE_SYNONYMS.items():
        Synonym.objects.get_or_create(term=term, defaults={"targets": targets})


class Migration(migrations.Migration):
    dependencies = [("zhinan_search", "0005_clusterrebuild")]

    operations = [migrations.RunPython(add_synonyms, migrations.RunPython.noop)]

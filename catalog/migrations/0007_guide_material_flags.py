"""The 免提交 / 可告知承诺 filter columns, derived from each guide's materials; existing guides
are filled in from their current (live) materials."""

from django.db import migrations, models

from catalog.materials import material_flags

BATCH_SIZE = 500


def fill_flags(apps, schema_editor):
    guides = apps.get_model("catalog", "ServiceGuidePage")
    changed = []
    for guide in guides.objects.only("pk", "materials").iterator(chunk_size=BATCH_SIZE):
        guide.has_exempt_materials, guide.has_commitment_materials = material_flags(
            guide.materials.raw_data)
        if guide.has_exempt_materials or guide.has_commitment_materials:
            changed.append(guide)
    guides.objects.bulk_update(changed, ["has_exempt_materials", "has_commitment_materials"],
                               batch_size=BATCH_SIZE)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0006_long_urls_and_contact_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="serviceguidepage",
            name="has_commitment_materials",
            field=models.BooleanField(default=False, editable=False, verbose_name="有可告知承诺材料"),
        ),
        migrations.AddField(
            model_name="serviceguidepage",
            name="has_exempt_materials",
            field=models.BooleanField(default=False, editable=False, verbose_name="有免提交材料"),
        ),
        migrations.RunPython(fill_flags, migrations.RunPython.noop),
    ]

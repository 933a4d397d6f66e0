"""Index the file columns of Wagtail's images and renditions.

Every picture request goes through ``catalog.media`` (drafts' pictures stay private), which finds
the image by its stored file name; Wagtail does not index those columns, so without this each
request would scan the tables (renditions grow with every size a page shows).
"""

from django.db import migrations

INDEXES = {"zhinan_image_file": "wagtailimages_image", "zhinan_rendition_file": "wagtailimages_rendition"}


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_change_history"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} ON {table} (file)",
                          f"DROP INDEX IF EXISTS {name}")
        for name, table in INDEXES.items()
    ]

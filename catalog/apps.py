from django.apps import AppConfig


class CatalogConfig(AppConfig):
    """What a service guide *is*: departments, guides, halls, bundles and their parts."""

    name = "catalog"
    verbose_name = "事项清单"
    default_auto_field = "django.db.models.BigAutoField"
